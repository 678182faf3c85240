"""BM25 over each index version's product texts: names and exact terms, filters, older versions without it."""

from pathlib import Path

import numpy as np
import pytest

from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from recommender.query import Filters
from recommender.search import filter_mask
from tests.recommender.test_index_versions import make_build


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_product_is_found_by_its_name_and_its_text(small_index: LoadedIndex) -> None:
    assert [hit.sku for hit in small_index.search_text("ridgeline", 5)] == ["R1"]
    # Features, activities and the description are indexed too, not only the title.
    assert [hit.sku for hit in small_index.search_text("hydration sleeve", 5)] == ["B1"]
    assert small_index.search_text("hiking", 10)[0].sku in {"R1", "B1", "F1"}
    scores = [hit.score for hit in small_index.search_text("waterproof jacket", 10)]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_words_the_catalog_lacks_find_nothing_and_filters_hold(small_index: LoadedIndex) -> None:
    assert small_index.search_text("zeppelin", 5) == []
    assert small_index.search_text("the and of", 5) == []  # stop words only
    women = filter_mask(small_index, Filters(gender="women", max_price=160))
    hits = small_index.search_text("jacket", 10, women)
    assert hits and {hit.sku for hit in hits} <= {"R1", "I2", "F1"}
    assert small_index.search_text("jacket", 10, np.zeros(len(small_index), dtype=bool)) == []


def test_a_version_without_texts_still_serves_dense_search(tmp_path: Path) -> None:
    store = IndexStore(tmp_path)
    store.publish(make_build(50))
    loaded = LiveIndex(store).get()
    assert loaded.lexical is None and loaded.search_text("anything", 5) == []
    assert len(loaded.search(loaded.vectors[3], 5)) == 5
