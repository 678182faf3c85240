"""Search over a real index of the small catalog, and filters on an approximate index."""

from pathlib import Path

import numpy as np
import pytest

from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from recommender.query import Filters
from recommender.search import COLOR_BOOST, filter_mask, product_cards, search
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
    assert _skus(small_index, encoder, "puffy jacket", 1) == ["I1"]
    boosted = {hit.sku: hit.score for hit in search(small_index, encoder, "red puffy jacket", 8).hits}
    raw = {hit.sku: hit.score for hit in small_index.search(encoder.encode_query("red puffy jacket"), 8)}
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
