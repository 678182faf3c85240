"""Search over a real index of the small catalog, one result per product with its colours, and filters on an
approximate index."""

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_of
from recommender.index.versions import IndexStore
from recommender.query import Filters
from recommender.ranking.retrieval import ranked_hits
from recommender.search import COLOR_BOOST, POOL, filter_mask, product_cards, search
from tests.recommender.test_index_versions import make_build


def _skus(index: LoadedIndex, encoder: Encoder, text: str, k: int = 10, **filters: object) -> list[str]:
    return [hit.sku for hit in search(index, encoder, text, k, Filters(**filters)).hits]


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_the_best_match_comes_first(small_index: LoadedIndex, encoder: Encoder) -> None:
    assert _skus(small_index, encoder, "a tent for two", 1) == ["T1"]
    assert _skus(small_index, encoder, "warm down coat for winter", 1) == ["I1"]


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("filters", "allowed"), [
    ({"gender": "women"}, {"R1", "I2", "S1", "B1", "T1", "F1"}),
    ({"category": "rain jackets"}, {"R1", "R2"}),
    ({"max_price": 100}, {"R2", "B1", "F1"}),
    ({"min_price": 150, "max_price": 350}, {"I1", "T1"}),  # R1 and I2 are on sale below 150
    ({"color": "red"}, {"I2", "S1"}),
    ({"in_stock": True}, {"R1", "R2", "I2", "S1", "B1", "T1", "F1"}),
])
def test_each_filter_is_respected(small_index: LoadedIndex, encoder: Encoder, filters: dict,
                                  allowed: set[str]) -> None:
    assert set(_skus(small_index, encoder, "jacket", 10, **filters)) == allowed


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_the_text_implies_filters_and_explicit_ones_win(small_index: LoadedIndex, encoder: Encoder) -> None:
    result = search(small_index, encoder, "rain jacket for my wife under 160", 10)
    assert [hit.sku for hit in result.hits] == ["R1"]
    explicit = search(small_index, encoder, "rain jacket for my wife under 160", 10, Filters(gender="men"))
    assert [hit.sku for hit in explicit.hits] == ["R2"]


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_colour_in_the_text_lifts_products_of_that_colour(small_index: LoadedIndex, encoder: Encoder) -> None:
    boosted = {hit.sku: hit.score for hit in search(small_index, encoder, "red puffy jacket", 8).hits}
    raw = {hit.sku: hit.score for hit in ranked_hits(small_index, encoder.encode_query("red puffy jacket"),
                                                      "red puffy jacket", None, 8)}
    assert boosted["I2"] == pytest.approx(raw["I2"] + COLOR_BOOST)  # red
    assert boosted["I1"] == pytest.approx(raw["I1"])  # navy
    assert max(boosted, key=boosted.__getitem__) == "I2"


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_product_cards_carry_what_a_result_list_shows(small_index: LoadedIndex, encoder: Encoder) -> None:
    result = search(small_index, encoder, "waterproof shell", 1, Filters(gender="women"))
    card = product_cards(small_index, result.hits)[0]
    assert {k: card[k] for k in ("sku", "title", "price", "sale_price", "brand")} == {
        "sku": "R1", "title": "Ridgeline Waterproof Shell Jacket", "price": 189.0, "sale_price": 149.0,
        "brand": "Northwind"}


VARIANT_HEADER = "sku,title,description,brand,category,gender,price,sale_price,color,stock,image_url,url"
SHELL = "Taped seams and a waterproof membrane keep the rain out on long hikes."


def _variant_index(session: Session, encoder: Encoder, folder: Path, rows: list[str]) -> LoadedIndex:
    path = folder / "variants.csv"
    path.write_text("\n".join([VARIANT_HEADER, *rows]) + "\n", encoding="utf-8")
    import_catalog(session, path, encoder)
    store = IndexStore(folder / "index")
    publish_index(session, store, encoder.model_name)
    return LiveIndex(store).get()


def _row(sku: str, title: str, brand: str, price: str, sale: str, color: str, stock: str = "5") -> str:
    return (f"{sku},{title} – {color.title()},{SHELL},{brand},rain jackets,unisex,{price},{sale},{color},{stock},"
            f"/static/products/{sku}.svg,/products/{sku}")


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_products_colours_are_one_card_and_k_products_still_come_back(session: Session, encoder: Encoder,
                                                                         tmp_path: Path) -> None:
    index = _variant_index(session, encoder, tmp_path, [
        _row("G-RED", "Granite Waterproof Shell Jacket", "Northwind", "200.00", "", "red"),
        _row("G-BLU", "Granite Waterproof Shell Jacket", "Northwind", "200.00", "150.00", "blue"),
        _row("G-BLK", "Granite Waterproof Shell Jacket", "Northwind", "200.00", "", "black", stock="0"),
        _row("D-GRN", "Drizzle Waterproof Shell Jacket", "Tidewater", "120.00", "", "green"),
        _row("K-YEL", "Kittiwake Waterproof Rain Shell", "Alpenlite", "160.00", "", "yellow"),
        _row("P-ORA", "Petrel Packable Rain Jacket", "Cairn & Co", "90.00", "", "orange"),
    ])
    raw = index.search(encoder.encode_query("Granite waterproof shell jacket"), 3)
    assert {hit.sku for hit in raw} == {"G-RED", "G-BLU", "G-BLK"}  # what a result page used to show

    result = search(index, encoder, "Granite waterproof shell jacket", 3)
    products = [product_of(index)(hit.sku) for hit in result.hits]
    assert len(result.hits) == 3 and len(set(products)) == 3
    assert result.hits[0].sku == raw[0].sku  # the product's card stands where its best variant stood
    cards = product_cards(index, result.hits)
    granite = cards[0]
    assert set(granite) >= {"sku", "title", "brand", "category", "price", "sale_price", "currency", "image_url",
                            "url", "score", "colors"}
    assert [c["sku"] for c in granite["colors"]] == ["G-RED", "G-BLU", "G-BLK"]  # catalog order
    assert [c["color"] for c in granite["colors"]] == ["red", "blue", "black"]
    assert granite["colors"][1] == {"color": "blue", "sku": "G-BLU", "price": 200.0, "sale_price": 150.0,
                                    "image_url": "/static/products/G-BLU.svg", "url": "/products/G-BLU",
                                    "in_stock": True}
    assert granite["colors"][2]["in_stock"] is False
    assert all(len(card["colors"]) == 1 for card in cards[1:])
    assert len(search(index, encoder, "rain jacket", 10).hits) == 4  # four products, six skus


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_sale_variants_card_shows_its_sale_price_and_its_list_price(session: Session, encoder: Encoder,
                                                                      tmp_path: Path) -> None:
    index = _variant_index(session, encoder, tmp_path, [
        _row("G-RED", "Granite Waterproof Shell Jacket", "Northwind", "200.00", "", "red"),
        _row("G-BLU", "Granite Waterproof Shell Jacket", "Northwind", "200.00", "150.00", "blue"),
    ])
    card = product_cards(index, search(index, encoder, "blue waterproof shell jacket", 5).hits)
    assert len(card) == 1
    assert {k: card[0][k] for k in ("sku", "price", "sale_price", "image_url", "url")} == {
        "sku": "G-BLU", "price": 200.0, "sale_price": 150.0, "image_url": "/static/products/G-BLU.svg",
        "url": "/products/G-BLU"}
    assert [(c["sku"], c["sale_price"]) for c in card[0]["colors"]] == [("G-RED", None), ("G-BLU", 150.0)]


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_product_in_more_colours_than_the_pool_holds_does_not_crowd_out_the_rest(
        session: Session, encoder: Encoder, tmp_path: Path) -> None:
    colours = ["red", "blue", "black", "green", "yellow", "orange", "purple", "grey", "navy", "teal"]
    assert len(colours) > 2 * POOL
    rows = [_row(f"G-{i}", "Granite Waterproof Shell Jacket", "Northwind", "200.00", "", colour)
            for i, colour in enumerate(colours)]
    index = _variant_index(session, encoder, tmp_path, [
        *rows, _row("P-ORA", "Petrel Packable Rain Jacket", "Cairn & Co", "90.00", "", "orange")])
    hits = search(index, encoder, "Granite waterproof shell jacket", 2).hits
    assert [hit.sku for hit in hits][1:] == ["P-ORA"] and hits[0].sku.startswith("G-")
    assert len(product_cards(index, hits)[0]["colors"]) == len(colours)


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_a_narrow_filter_still_returns_k_results_on_every_index_type(tmp_path: Path, kind: str) -> None:
    build = make_build(8000, seed=3)
    build.attrs.loc[build.attrs.index % 500 == 7, "category"] = "rare"  # 16 products
    store = IndexStore(tmp_path)
    store.publish(build, index_type=kind)
    index = LiveIndex(store).get()
    mask = filter_mask(index, Filters(category="rare"))
    assert mask is not None and mask.sum() == 16
    query = index.vectors[0]  # not itself "rare": its nearest neighbours are elsewhere
    for k in (5, 10, 16, 40):
        hits = index.search(query, k, mask)
        assert len(hits) == min(k, 16)
        assert {hit.sku for hit in hits} <= set(build.attrs.loc[mask, "sku"])
    exact = np.asarray(index.vectors)[mask] @ query
    assert [h.score for h in index.search(query, 3, mask)] == pytest.approx(sorted(exact, reverse=True)[:3], 1e-5)
