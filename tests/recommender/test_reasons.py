"""Every reason ``suggest`` gives is held to its cause, for shoppers of every kind the re-ranker treats apart."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from recommender.encoder import Encoder
from recommender.index.loaded import LoadedIndex
from recommender.ranking import Suggestion, SuggestRequest, suggest
from recommender.ranking.rerank import FAVOURITE_SHARE, HABIT_SHARE, NEW_ARRIVAL_DAYS, POPULAR_SHARE, SIMILAR_CLAIM
from recommender.ranking.signals import ProductSignals, Touch, signals_from
from recommender.ranking.taste import taste_of
from recommender.ranking.wishes import CONDITIONS
from recommender.shoppers.profile import Profile
from recommender.shoppers.spec import ORDER_COMPLETED
from recommender.shoppers.traits import DEAL_SEEKER, PREMIUM, REPEAT
from tests.recommender.ranking_helpers import bought, carted, profile_of, skus_of, viewed
from tests.recommender.shoppers_helpers import NOW


def check(index: LoadedIndex, item: Suggestion, request: SuggestRequest, profile: Profile | None,
          signals: ProductSignals | None) -> set[str]:
    """Assert every reason of ``item`` is true; return the codes seen."""
    product = index.attrs.iloc[index.row_of_sku(item.sku)]
    features, activities = set(product["features"]), set(product["activities"])
    asked = " ".join([request.text, *(str(v) for v in request.answers.values())]).lower()
    paid = item.sale_price if item.sale_price is not None else item.price
    for reason in item.reasons:
        evidence = reason.evidence
        match reason.code:
            case "features":
                assert set(evidence["features"]) <= features
                assert all(f in asked for f in evidence["features"])
            case "conditions":
                assert all(c in asked and set(CONDITIONS[c]) & features for c in evidence["conditions"])
            case "activities":
                assert all(a in activities and a in asked for a in evidence["activities"])
            case "color":
                assert evidence["color"] in product["color"].split() and evidence["color"] in asked
            case "sale":
                assert item.sale_price is not None and item.sale_price < item.price
            case "budget":
                assert paid <= evidence["budget"] and str(int(evidence["budget"])) in asked
            case "in_cart":
                assert profile is not None and item.sku in {i.sku for i in profile.abandoned}
            case "similar":
                assert profile is not None
                history = {VIEWED_KINDS[k]: {i.sku for i in getattr(profile, VIEWED_KINDS[k])}
                           for k in VIEWED_KINDS}
                assert evidence["sku"] in history[VIEWED_KINDS[evidence["kind"]]]
                a, b = (np.asarray(index.vectors[index.row_of_sku(s)]) for s in (item.sku, evidence["sku"]))
                assert float(a @ b) >= SIMILAR_CLAIM - 1e-6
            case "habit":
                taste = taste_of(profile, index)
                assert taste is not None and taste.activities[evidence["activity"]] >= HABIT_SHARE
                assert evidence["activity"] in activities
            case "complement":
                assert profile is not None and signals is not None and evidence["sku"] in profile.purchased
                assert item.sku in dict(signals.bought_with(evidence["sku"]))
            case "brand":
                assert profile is not None and product["brand"] == evidence["brand"]
                assert dict(profile.brand_affinity)[evidence["brand"]] >= FAVOURITE_SHARE
            case "popular":
                assert signals is not None
                scores = signals.popularity_of(index)
                mine = scores[index.row_of_sku(item.sku)]
                assert mine > 0 and (scores > mine).sum() < POPULAR_SHARE * len(scores)
            case "new":
                created = pd.Timestamp(product["created_at"])
                assert NOW - created.to_pydatetime() <= timedelta(days=NEW_ARRIVAL_DAYS)
            case "like":
                assert request.more_like is not None and evidence["cosine"] >= SIMILAR_CLAIM
            case _:
                pytest.fail(f"untested reason {reason.code}: {reason.text}")
    return {reason.code for reason in item.reasons}


VIEWED_KINDS = {"viewed": "recently_viewed", "carted": "recently_carted", "bought": "recently_purchased"}


def shoppers(index: LoadedIndex) -> dict[str, Profile]:
    jackets = skus_of(index, category="rain jackets")
    fleeces = skus_of(index, category="fleeces")
    tents = skus_of(index, category="tents")
    return {
        "deal seeker": profile_of([bought(index, [fleeces[0]], 40, "d1", on_sale=True),
                                   bought(index, [fleeces[2]], 10, "d2", on_sale=True)]),
        "repeat buyer": profile_of([bought(index, [tents[0]], 30, "r1"), bought(index, [jackets[0]], 5, "r2")]),
        "browser": profile_of([viewed(index, jackets[1], 1), viewed(index, jackets[2], 1.5),
                               viewed(index, jackets[3], 2)]),
        "cart abandoner": profile_of([carted(index, jackets[4], 3)]),
    }


def shop_signals(index: LoadedIndex) -> ProductSignals:
    """Orders where each tent goes with a sleeping bag, and some products are far more popular."""
    tents, bags = skus_of(index, category="tents"), skus_of(index, category="sleeping bags")
    touches = []
    for n in range(40):
        for sku in (tents[n % 3], bags[n % 3]):
            touches.append(Touch(n + 1, 1000 + n, ORDER_COMPLETED, NOW - timedelta(days=n % 20), sku))
    return signals_from(touches, NOW)


REQUESTS = [
    SuggestRequest(text="waterproof packable jacket for hiking in black under 200"),
    SuggestRequest(answers={"activity": "camping", "conditions": ["cold", "wind"], "budget": 300}),
    SuggestRequest(answers={"features": ["warm"], "colour": "grey"}, text="fleece"),
    SuggestRequest(text="rain jacket"),
    SuggestRequest(),
    SuggestRequest(text="sleeping bag"),
]


def test_every_reason_given_is_true(demo_index: LoadedIndex, encoder: Encoder) -> None:
    signals = shop_signals(demo_index)
    seen: set[str] = set()
    for profile in [None, *shoppers(demo_index).values()]:
        for request in REQUESTS:
            for item in suggest(request, index=demo_index, encoder=encoder, profile=profile, signals=signals,
                                as_of=NOW).items:
                seen |= check(demo_index, item, request, profile, signals)
    anchor = skus_of(demo_index, category="tents")[0]
    request = SuggestRequest(text="tent", more_like=anchor)
    for item in suggest(request, index=demo_index, encoder=encoder, as_of=NOW).items:
        seen |= check(demo_index, item, request, None, None)
    assert seen >= {"features", "conditions", "activities", "color", "sale", "budget", "in_cart", "similar",
                    "habit", "complement", "popular", "like"}


def test_segments_change_what_comes_first(demo_index: LoadedIndex, encoder: Encoder) -> None:
    people = shoppers(demo_index)
    assert people["deal seeker"].price_sensitivity == DEAL_SEEKER
    assert people["repeat buyer"].lifecycle == REPEAT
    request = SuggestRequest(text="warm layer", k=8)

    def sale_share(profile: Profile | None) -> float:
        items = suggest(request, index=demo_index, encoder=encoder, profile=profile, as_of=NOW).items
        return float(np.mean([item.sale_price is not None for item in items]))

    assert sale_share(people["deal seeker"]) > sale_share(None)

    signals = shop_signals(demo_index)
    owner = people["repeat buyer"]
    page = suggest(SuggestRequest(k=6), index=demo_index, encoder=encoder, profile=owner, signals=signals,
                   as_of=NOW)
    assert "complement" in {reason.code for reason in page.items[0].reasons}
    assert page.items[0].category == "sleeping bags"  # what goes with their tent, not another tent


def test_a_premium_shopper_sees_new_arrivals_and_is_told_so(demo_index: LoadedIndex, encoder: Encoder) -> None:
    index = LoadedIndex(demo_index.folder)
    old, newest = NOW - timedelta(days=400), NOW - timedelta(days=3)
    fresh = skus_of(index, category="fleeces")[5]
    index.attrs["created_at"] = [newest if sku == fresh else old for sku in index.attrs["sku"]]
    premium = profile_of([bought(index, [skus_of(index, category="tents")[-1]], 20, "p1"),
                          bought(index, [skus_of(index, category="insulated jackets")[-1]], 10, "p2")])
    premium.price_sensitivity = PREMIUM
    request = SuggestRequest(text="fleece", k=5)
    plain = suggest(request, index=index, encoder=encoder, as_of=NOW).skus
    items = suggest(request, index=index, encoder=encoder, profile=premium, as_of=NOW).items
    mine = [item.sku for item in items]
    assert fresh in mine and (fresh not in plain or mine.index(fresh) < plain.index(fresh))
    assert "new" in {r.code for r in items[mine.index(fresh)].reasons}
    for item in items:
        check(index, item, request, premium, None)


def test_no_reason_claims_a_feature_the_product_lacks(demo_index: LoadedIndex, encoder: Encoder) -> None:
    # Few products are both vegan and reflective: the page must fill with products that miss one, unclaimed.
    request = SuggestRequest(answers={"features": ["vegan", "reflective"]}, k=10)
    items = suggest(request, index=demo_index, encoder=encoder, as_of=NOW).items
    for item in items:
        features = set(demo_index.attrs.iloc[demo_index.row_of_sku(item.sku)]["features"])
        claimed = {f for r in item.reasons if r.code == "features" for f in r.evidence["features"]}
        assert claimed == features & {"vegan", "reflective"}


def test_a_pick_never_says_one_thing_twice(demo_index: LoadedIndex, encoder: Encoder) -> None:
    request = SuggestRequest(answers={"category": "rain jackets", "conditions": ["rain"], "features": ["waterproof"]})
    items = suggest(request, index=demo_index, encoder=encoder, as_of=NOW).items
    assert items
    for item in items:
        texts = [r.text for r in item.reasons]
        assert "waterproof, as you asked" in texts and "waterproof for the rain" not in texts, texts
    # A condition met by a feature nobody named still gets its reason.
    items = suggest(SuggestRequest(answers={"category": "rain jackets", "conditions": ["rain"]}), index=demo_index,
                    encoder=encoder, as_of=NOW).items
    assert any("for the rain" in r.text for item in items for r in item.reasons)


def test_a_product_the_shopper_viewed_says_so_in_its_own_words(demo_index: LoadedIndex, encoder: Encoder) -> None:
    jackets = skus_of(demo_index, category="rain jackets")
    seen = [j for j in jackets if demo_index.stock[demo_index.row_of_sku(j)] > 0][:3]
    profile = profile_of([viewed(demo_index, sku, hours) for sku, hours in zip(seen, (1, 1.5, 2), strict=True)])
    items = suggest(SuggestRequest(answers={"category": "rain jackets"}, k=10), index=demo_index, encoder=encoder,
                    profile=profile, as_of=NOW).items
    own = [r.text for item in items if item.sku in seen for r in item.reasons if r.code == "similar"]
    assert own and all(text == "you viewed this one" for text in own)
    others = [r.text for item in items if item.sku not in seen for r in item.reasons if r.code == "similar"]
    assert all(text.startswith("similar to the ") for text in others)
