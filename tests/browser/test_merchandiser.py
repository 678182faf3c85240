"""A merchandiser in the console, in Chromium: a catalog file with two bad rows is imported, both rows are named
on the page, and the new products are in the shop's search at once, without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.keys import Role
from tests.browser.conftest import Running

pytestmark = pytest.mark.browser

HEADER = "sku,title,description,brand,category,gender,price,color,features,activities,stock"
ROWS = [
    "HL-001,Glimmer 400 Headlamp,A 400 lumen headlamp with a red night mode.,Lumenfell,headlamps,unisex,49.00,"
    "black,rechargeable|waterproof,hiking|camping,30",
    "HL-002,Glimmer 900 Trail Headlamp,900 lumens for night runs.,Lumenfell,headlamps,unisex,89.00,orange,"
    "rechargeable,trail running,12",
    "HL-003,Ember Camp Lantern,A dimmable lantern that hangs in the tent.,Lumenfell,lanterns,unisex,-5,green,"
    "rechargeable,camping,8",  # row 3: a negative price
    "HL-004,,A headlamp without a name.,Lumenfell,headlamps,unisex,19.00,blue,,hiking,3",  # row 4: no title
    "HL-005,Spark Emergency Headlamp,A spare light that weighs 30 g.,Lumenfell,headlamps,unisex,15.00,red,"
    "lightweight,hiking,40",
]


def test_an_upload_names_its_bad_rows_and_the_rest_is_searchable_at_once(running: Running, context,
                                                                        tmp_path: Path) -> None:
    catalog = tmp_path / "headlamps.csv"
    catalog.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    page = context.new_page()
    page.goto(f"{running.url}/console")
    page.locator("#token").fill(running.services.keys.tokens[Role.MERCHANDISER])
    page.locator("#sign-in-button").click()
    page.locator("#upload-file").set_input_files(str(catalog))
    page.locator("#upload-button").click()

    report = page.locator("#import-report")
    report.wait_for(state="visible", timeout=120_000)
    assert page.locator("[data-test=added]").inner_text() == "3"
    assert page.locator("[data-test=rejected]").inner_text() == "2"
    rows = page.locator("#rejected-rows tbody tr")
    assert rows.count() == 2
    third, fourth = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "3" in third and "HL-003" in third and "price" in third
    assert "4" in fourth and "HL-004" in fourth and "title" in fourth

    shop = context.new_page()
    shop.goto(f"{running.url}/search?q=headlamp")
    found = shop.locator("article.card").evaluate_all("cards => cards.map(c => c.dataset.sku)")
    assert {"HL-001", "HL-002", "HL-005"} <= set(found[:5]), found
    assert "HL-003" not in found and "HL-004" not in found
