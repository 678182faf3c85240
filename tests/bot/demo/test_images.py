"""Product pictures: a distinct drawing per demo category, in the product's colour, always valid SVG."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest

from bot.demo import DEMO_CATALOG
from bot.demo.images import COLOURS, NEUTRAL, PLACEHOLDER, colour_hex, drawing_kind, product_svg

SVG = "{http://www.w3.org/2000/svg}"


def _catalog() -> list[dict[str, str]]:
    with DEMO_CATALOG.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 200 200"
    return root


def _fills(root: ET.Element) -> set[str]:
    return {element.get("fill", "") for element in root.iter()}


def test_every_demo_category_gets_a_drawing_of_its_own() -> None:
    categories = sorted({row["category"] for row in _catalog()} - {"accessories"})
    assert len(categories) == 13
    kinds = {category: drawing_kind(category) for category in categories}
    assert PLACEHOLDER not in kinds.values() and len(set(kinds.values())) == len(categories)
    # Same colour, same title: only the drawing tells the pictures apart.
    pictures = {product_svg(category, "red", "A product") for category in categories}
    assert len(pictures) == len(categories)


def test_accessories_are_drawn_by_what_they_are() -> None:
    kinds = {title: drawing_kind("accessories", title) for title in (
        "Merino Beanie – Red", "Insulated Mittens – Black", "Merino Hiking Socks – Grey",
        "Insulated Water Bottle – Teal", "5 L Dry Bag – Orange")}
    assert list(kinds.values()) == ["hat", "mitten", "sock", "bottle", "stuff sack"]
    category_kinds = {drawing_kind(row["category"]) for row in _catalog() if row["category"] != "accessories"}
    assert not set(kinds.values()) & category_kinds


def test_other_catalogs_are_matched_by_their_words_and_the_rest_get_a_placeholder() -> None:
    assert drawing_kind("Rain Coats") == "rain jacket"
    assert drawing_kind("Sleeping Bags & Mats") == "sleeping bag"
    assert drawing_kind("Footwear", "Men Running Shoes") == "trail shoe"
    assert drawing_kind("Kitchen", "Cast Iron Skillet") == PLACEHOLDER
    assert drawing_kind(None) == PLACEHOLDER
    # Whole words, singular or plural: a brand or a word that merely starts like a kind is not that kind.
    assert drawing_kind(None, "Men Black Solid Jackets") == "rain jacket"
    assert drawing_kind(None, "Women Blue Bootcut Stretchable Jeans") == "trousers"
    assert drawing_kind(None, "Annabelle by Pantaloons Women White Sheath Dress") == PLACEHOLDER
    assert drawing_kind(None, "Shoetopia Women Gold-Toned Mules") == PLACEHOLDER
    placeholder, jacket = product_svg("Kitchen", "red"), product_svg("rain jackets", "red")
    assert placeholder != jacket and COLOURS["red"] in placeholder  # the swatch still shows the colour


def test_the_products_colour_fills_the_drawing() -> None:
    red, navy = _parse(product_svg("fleeces", "red")), _parse(product_svg("fleeces", "navy"))
    assert COLOURS["red"] in _fills(red) and COLOURS["navy"] not in _fills(red)
    assert COLOURS["navy"] in _fills(navy)
    assert colour_hex("Navy Blue") == COLOURS["navy"] and colour_hex("black/red") == COLOURS["black"]
    assert colour_hex("Multi") is None and NEUTRAL in _fills(_parse(product_svg("tents", "Multi")))
    assert NEUTRAL in _fills(_parse(product_svg("tents", None)))


def test_every_demo_product_is_a_valid_svg_in_a_named_colour() -> None:
    for row in _catalog():
        assert colour_hex(row["color"]), f"{row['sku']}: colour {row['color']!r} has no hex"
        root = _parse(product_svg(row["category"], row["color"], row["title"]))
        assert root.find(f"{SVG}title").text == row["title"]
        assert colour_hex(row["color"]) in _fills(root)


@pytest.mark.parametrize("title", ['<script>alert("x")</script> & Co\'s', "Tab\tand\x01control\x0bcharacters"])
def test_catalog_text_is_escaped(title: str) -> None:
    root = _parse(product_svg("tents", "green", title))
    assert not root.findall(f".//{SVG}script") and not root.findall(".//script")
    expected = title.replace("\x01", "").replace("\x0b", "")
    assert root.find(f"{SVG}title").text == expected
    assert root.get("aria-label") == expected.replace("\t", " ")  # XML reads a tab in an attribute as a space
