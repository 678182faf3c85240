"""``suggest`` on the demo catalog: constraints, exclusions, carts, personal orders, cold start, diversity."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from recommender.encoder import Encoder
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import variant_keys
from recommender.query import Filters
from recommender.ranking import SuggestRequest, suggest
from recommender.ranking.diversity import brand_limit
from recommender.ranking.request import HIGH, LOW, MEDIUM
from recommender.ranking.signals import Touch, signals_from
from recommender.shoppers.spec import ORDER_COMPLETED, PRODUCT_VIEWED
from tests.recommender.ranking_helpers import bought, carted, profile_of, skus_of, viewed
from tests.recommender.shoppers_helpers import NOW

CONSTRAINED = [
    SuggestRequest(text="waterproof jacket", filters=Filters(gender="women", max_price=150)),
    SuggestRequest(text="warm layer for my husband under 80"),
    SuggestRequest(text="tent between 200 and 400"),
    SuggestRequest(answers={"category": "hiking boots", "fit": "men", "budget": "under 180"}),
    SuggestRequest(text="something for the rain", filters=Filters(category="trousers", size="XL")),
    SuggestRequest(text="jacket", filters=Filters(color="black", min_price=100)),
    SuggestRequest(text="", answers={"activity": "skiing", "budget": {"min": 50, "max": 120}}),
]


def attrs(index: LoadedIndex, sku: str) -> dict:
    return index.attrs.iloc[index.row_of_sku(sku)].to_dict()


def run(index: LoadedIndex, encoder: Encoder, request: SuggestRequest, **context: object) -> list[str]:
    return suggest(request, index=index, encoder=encoder, as_of=NOW, **context).skus  # type: ignore[arg-type]


@pytest.mark.parametrize("request_", CONSTRAINED, ids=lambda r: r.text or str(dict(r.answers)))
def test_no_suggestion_breaks_a_hard_constraint(demo_index: LoadedIndex, encoder: Encoder,
                                               request_: SuggestRequest) -> None:
    result = suggest(request_, index=demo_index, encoder=encoder, as_of=NOW)
    assert result.items, "every one of these requests has answers in the demo catalog"
    f = result.filters
    for item in result.items:
        product = attrs(demo_index, item.sku)
        paid = item.sale_price if item.sale_price is not None else item.price
        assert product["stock"] is None or product["stock"] != product["stock"] or product["stock"] > 0
        if f.gender:
            assert product["gender"] in (f.gender, "unisex")
        if f.max_price is not None:
            assert paid <= f.max_price
        if f.min_price is not None:
            assert paid >= f.min_price
        if f.category:
            assert product["category"] == f.category
        if f.size:
            assert f.size.lower() in [s.lower() for s in product["sizes"]] or not product["sizes"]
        if f.color:
            assert f.color in product["color"].split()


def test_the_text_and_answers_imply_the_constraints_they_state(demo_index: LoadedIndex, encoder: Encoder) -> None:
    result = suggest(CONSTRAINED[1], index=demo_index, encoder=encoder, as_of=NOW)
    assert (result.filters.gender, result.filters.max_price, result.filters.in_stock) == ("men", 80.0, True)
    answered = suggest(CONSTRAINED[3], index=demo_index, encoder=encoder, as_of=NOW)
    assert (answered.filters.category, answered.filters.gender, answered.filters.max_price) == \
        ("hiking boots", "men", 180.0)


def test_excluded_and_purchased_products_never_appear(demo_index: LoadedIndex, encoder: Encoder) -> None:
    request = SuggestRequest(text="packable rain jacket", k=8)
    first = run(demo_index, encoder, request)
    shown = frozenset(first[:3])
    again = run(demo_index, encoder, SuggestRequest(text="packable rain jacket", k=8, exclude=shown))
    assert not shown & set(again)

    owner = profile_of([bought(demo_index, [first[0], first[1]], days_ago=20, order_id="o1")])
    for_owner = run(demo_index, encoder, request, profile=owner)
    assert first[0] not in for_owner and first[1] not in for_owner
    assert len(for_owner) == 8


def test_an_abandoned_cart_product_comes_first_for_a_cart_abandoner(demo_index: LoadedIndex,
                                                                    encoder: Encoder) -> None:
    request = SuggestRequest(text="rain jacket", k=6)
    plain = run(demo_index, encoder, request)
    left = plain[-1]  # a product that fits the request but was not near the top
    abandoner = profile_of([viewed(demo_index, left, 2.1), carted(demo_index, left, 2)])
    assert "cart-abandoner" in abandoner.micro_segment
    result = suggest(request, index=demo_index, encoder=encoder, profile=abandoner, as_of=NOW)
    assert result.items[0].sku == left
    assert result.items[0].reasons[0].code == "in_cart"
    # A cart product that does not fit the request stays out of it.
    tent = skus_of(demo_index, category="tents")[0]
    camper = profile_of([carted(demo_index, tent, 2)])
    assert tent not in run(demo_index, encoder, request, profile=camper)


def test_two_shoppers_with_different_histories_get_different_orders(demo_index: LoadedIndex,
                                                                    encoder: Encoder) -> None:
    cyclist_items = [s for s in skus_of(demo_index, activities="cycling")
                     if attrs(demo_index, s)["category"] != "rain jackets"][:4]
    climber_items = [s for s in skus_of(demo_index, activities="climbing")
                     if attrs(demo_index, s)["category"] != "rain jackets"][:4]
    cyclist = profile_of([viewed(demo_index, s, 1 + i) for i, s in enumerate(cyclist_items)])
    climber = profile_of([viewed(demo_index, s, 1 + i) for i, s in enumerate(climber_items)])
    request = SuggestRequest(answers={"category": "rain jackets"}, k=8)
    for_cyclist = run(demo_index, encoder, request, profile=cyclist)
    for_climber = run(demo_index, encoder, request, profile=climber)
    assert for_cyclist != for_climber

    def activity_share(skus: list[str], activity: str) -> float:
        return np.mean([activity in attrs(demo_index, s)["activities"] for s in skus[:4]])

    assert activity_share(for_cyclist, "cycling") > activity_share(for_climber, "cycling")


def test_a_shopper_without_history_or_words_still_gets_a_sensible_page(demo_index: LoadedIndex,
                                                                       encoder: Encoder) -> None:
    cold = suggest(SuggestRequest(k=10), index=demo_index, encoder=encoder, as_of=NOW)
    assert len(cold.items) == 10
    assert len({item.category for item in cold.items}) >= 4  # a varied page, not ten of one thing
    assert all(item.match in (MEDIUM, LOW) for item in cold.items)  # nothing was asked: nothing matches highly

    # With orders in the shop, the favourites lead.
    favourite = skus_of(demo_index, category="fleeces")[0]
    touches = [Touch(n, n, ORDER_COMPLETED, NOW, favourite) for n in range(1, 30)]
    touches += [Touch(100 + n, 100 + n, PRODUCT_VIEWED, NOW, s) for n, s in enumerate(demo_index.skus[:20])]
    popular = run(demo_index, encoder, SuggestRequest(k=10), signals=signals_from(touches, NOW))
    assert popular[0] == favourite

    # A shopper who only says "hiking" gets hiking products.
    hiking = suggest(SuggestRequest(answers={"activity": "hiking"}, k=10), index=demo_index, encoder=encoder,
                     as_of=NOW)
    assert sum("hiking" in attrs(demo_index, i.sku)["activities"] for i in hiking.items) >= 8


@pytest.mark.parametrize("text", ["rain jacket", "waterproof", "warm jacket for skiing", "backpack", "hiking"])
def test_a_page_holds_one_variant_of_a_product_and_a_bounded_share_of_a_brand(
        demo_index: LoadedIndex, encoder: Encoder, text: str) -> None:
    result = run(demo_index, encoder, SuggestRequest(text=text, k=10))
    assert len(result) == 10
    brands = Counter(attrs(demo_index, s)["brand"] for s in result)
    assert max(brands.values()) <= brand_limit(10)
    keys = variant_keys(demo_index)[[demo_index.row_of_sku(s) for s in result]]
    assert len(set(keys)) == len(result)


def test_more_like_leans_towards_a_product_and_not_like_leaves_its_kind_out(demo_index: LoadedIndex,
                                                                          encoder: Encoder) -> None:
    tent = skus_of(demo_index, category="tents")[0]
    like = run(demo_index, encoder, SuggestRequest(text="something for the weekend", more_like=tent, k=5))
    assert sum(attrs(demo_index, s)["category"] in ("tents", "sleeping bags") for s in like) >= 3

    jackets = run(demo_index, encoder, SuggestRequest(text="rain jacket", k=5))
    refused = jackets[0]
    vector = np.asarray(demo_index.vectors[demo_index.row_of_sku(refused)])
    without = run(demo_index, encoder, SuggestRequest(text="rain jacket", k=5, not_like=refused))
    assert refused not in without
    closeness = [float(vector @ demo_index.vectors[demo_index.row_of_sku(s)]) for s in without]
    assert max(closeness) < 0.97  # no colour variant of it either


def test_match_levels_follow_the_fit(demo_index: LoadedIndex, encoder: Encoder) -> None:
    specific = suggest(SuggestRequest(text="waterproof packable rain jacket for hiking"), index=demo_index,
                       encoder=encoder, as_of=NOW)
    assert specific.items[0].match == HIGH
    levels = [item.match for item in specific.items]
    assert levels == sorted(levels, key=[HIGH, MEDIUM, LOW].index) or HIGH in levels


def test_a_brand_left_out_stays_out(demo_index: LoadedIndex, encoder: Encoder) -> None:
    first = run(demo_index, encoder, SuggestRequest(text="rain jacket", k=10))
    brand = attrs(demo_index, first[0])["brand"]
    without = run(demo_index, encoder, SuggestRequest(text="rain jacket", k=10,
                                                      exclude_brands=frozenset({brand.upper()})))
    assert len(without) == 10 and brand not in {attrs(demo_index, s)["brand"] for s in without}
