"""A product's cut from the words shops write, and a shopper's from theirs."""

from __future__ import annotations

import pytest

from recommender.index.loaded import LoadedIndex
from recommender.ranking.cuts import _PRODUCT, _cuts_in, cuts_of, read_cut


@pytest.mark.parametrize(("words", "cut"), [
    ("slim fit please", "slim"), ("skinny", "slim"), ("Slim fit", "slim"), ("something loose", "relaxed"),
    ("Relaxed fit", "relaxed"), ("baggy", "relaxed"), ("normal", "regular"), ("a regular fit", "regular"),
    ("Athletic fit", "athletic"), ("plus-size", "plus size"), ("Plus size", "plus size"),
    ("hiking", None), ("under 200", None), ("for men", None), ("/inform{\"gender\":\"men\"}", None),
])
def test_a_shoppers_words_name_a_cut(words: str, cut: str | None) -> None:
    assert read_cut(words) == cut


def test_product_texts_say_a_cut_only_where_it_is_one() -> None:
    text = ("A regular men's fit leaves room to move. The men's cut is athletic without being restrictive. "
            "Roadster Men Navy Slim Fit Jeans. Deep lugs bite into loose gravel. A regular sleeping bag.")
    assert _cuts_in(_PRODUCT, text) == ["regular", "athletic", "slim"]


def test_the_demo_catalog_states_cuts_in_its_descriptions(demo_index: LoadedIndex) -> None:
    cuts = cuts_of(demo_index)
    assert len(cuts) == len(demo_index)
    stated = {cut for row in cuts for cut in row}
    assert {"slim", "relaxed", "athletic", "regular"} <= stated
    bags = demo_index.where("category", "sleeping bags".__eq__)
    assert not any("regular" in cuts[row] for row in bags.nonzero()[0]), "a regular length is no cut"
