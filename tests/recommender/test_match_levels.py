"""A match level says what it means, a pick's reasons never repeat one another, and a fit asked for ranks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from recommender.encoder import Encoder
from recommender.index.loaded import LoadedIndex
from recommender.ranking import Suggestion, SuggestRequest, suggest
from recommender.ranking.cuts import cut_counts, cuts_of
from recommender.ranking.explain import in_order, match_level
from recommender.ranking.request import HIGH, LOW, MEDIUM
from recommender.ranking.rerank import Fit
from recommender.ranking.wishes import Need
from tests.recommender.shoppers_helpers import NOW

LEVELS = {HIGH: 2, MEDIUM: 1, LOW: 0}
WATERPROOF = Need("feature", "waterproof", "features", frozenset({"waterproof"}))
HIKING = Need("activity", "hiking", "activities", frozenset({"hiking"}))


def test_a_product_missing_a_need_asked_for_is_never_high() -> None:
    close = Fit(row=0, score=1.0, relevance=0.9, met=(HIKING,), needs=2)  # water-resistant, not waterproof
    assert match_level(close, asked=True) == MEDIUM
    assert match_level(replace(close, met=(HIKING, WATERPROOF)), asked=True) == HIGH


def test_suggested_picks_lacking_a_need_are_not_high(demo_index: LoadedIndex, encoder: Encoder) -> None:
    request = SuggestRequest(answers={"category": "jacket", "features": ["waterproof"], "activity": "hiking"}, k=8)
    items = suggest(request, index=demo_index, encoder=encoder, as_of=NOW).items
    assert any(item.coverage < 1 for item in items), "the demo has hiking boots that are waterproof but no jacket"
    assert all(item.match != HIGH for item in items if item.coverage < 1)


def _item(match: str) -> Suggestion:
    return Suggestion("s", "t", None, None, 1.0, None, None, None, None, 0.0, match)


def test_levels_never_rise_going_down_a_list(demo_index: LoadedIndex, encoder: Encoder) -> None:
    assert [i.match for i in in_order([_item(HIGH), _item(MEDIUM), _item(HIGH), _item(LOW), _item(MEDIUM)])] == [
        HIGH, MEDIUM, MEDIUM, LOW, LOW]
    for answers in ({"category": "jacket", "features": ["waterproof"], "activity": "hiking"},
                    {"category": "fleeces", "fit": "men"}, {"activity": "camping", "conditions": ["cold"]}):
        items = suggest(SuggestRequest(answers=answers, k=10), index=demo_index, encoder=encoder, as_of=NOW).items
        levels = [LEVELS[item.match] for item in items]
        assert levels == sorted(levels, reverse=True), (answers, [i.match for i in items])


def test_a_pick_never_says_the_same_need_twice(demo_index: LoadedIndex, encoder: Encoder) -> None:
    request = SuggestRequest(answers={"conditions": ["rain"], "features": ["waterproof", "water-resistant"]}, k=10)
    for item in suggest(request, index=demo_index, encoder=encoder, as_of=NOW).items:
        texts = [r.text for r in item.reasons]
        assert len(texts) == len(set(texts))
        if any("as you asked" in t for t in texts):
            assert not any(t.endswith("for the rain") for t in texts), texts


def test_a_fit_asked_for_lifts_the_products_cut_that_way(demo_index: LoadedIndex, encoder: Encoder) -> None:
    answers = {"category": "insulated jackets", "fit": "men"}
    in_stock = demo_index.where("category", "insulated jackets".__eq__) & demo_index.where("gender", "men".__eq__)
    in_stock &= demo_index.stock > 0
    offered = cut_counts(demo_index, in_stock)
    assert len(offered) >= 2
    cuts = cuts_of(demo_index)
    for cut in offered:
        items = suggest(SuggestRequest(answers={**answers, "cut": cut}, k=3), index=demo_index, encoder=encoder,
                        as_of=NOW).items
        first = items[0]
        assert cut in cuts[demo_index.row_of_sku(first.sku)], (cut, first.title)
        assert f"{cut} fit, as you asked" in [r.text for r in first.reasons]
    plain = suggest(SuggestRequest(answers=answers, k=3), index=demo_index, encoder=encoder, as_of=NOW).items
    assert not any(r.code == "cut" for item in plain for r in item.reasons)
    assert np.all([item.match in LEVELS for item in plain])
