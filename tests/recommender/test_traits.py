"""Each trait on hand-built histories, with the boundary on either side of every threshold."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recommender.shoppers.behaviour import summarise
from recommender.shoppers.history import Answer, Happening, Line
from recommender.shoppers.profile import build_profile
from recommender.shoppers.spec import (
    CART_VIEWED,
    CHECKOUT_STARTED,
    COUPON_APPLIED,
    ORDER_COMPLETED,
    ORDER_REFUNDED,
    PRODUCT_ADDED,
    PRODUCT_LIST_VIEWED,
    PRODUCT_REMOVED,
    PRODUCT_VIEWED,
    PRODUCTS_SEARCHED,
)
from recommender.shoppers.traits import (
    BROWSING_PROSPECT,
    CHURNED,
    COUPON_RESPONDER,
    DEAL_SEEKER,
    FIRST_TIME_BUYER,
    FULL_PRICE,
    LAPSING,
    LOYAL_HIGH_VALUE,
    NEW_VISITOR,
    PREMIUM,
    READY_TO_BUY,
    REPEAT,
    RESEARCHING,
    WINDOW_SHOPPING,
    Thresholds,
    intent,
    lifecycle,
    micro_segment,
    price_sensitivity,
)
from tests.recommender.shoppers_helpers import NOW

T = Thresholds(high_value=500.0)


def ago(days: float = 0, minutes: float = 0) -> object:
    return NOW - timedelta(days=days, minutes=minutes)


def buy(days: float, *lines: Line, revenue: float | None = None, coupon: str | None = None) -> Happening:
    lines = lines or (Line("X", "jackets", "Northwind", 100.0),)
    total = revenue if revenue is not None else sum((line.price or 0) * line.quantity for line in lines)
    return Happening(ORDER_COMPLETED, ago(days), lines, order_id=f"o{days}", revenue=total, coupon=coupon)


def view(sku: str, days: float = 0, minutes: float = 0, category: str | None = "jackets") -> Happening:
    return Happening(PRODUCT_VIEWED, ago(days, minutes), (Line(sku, category),))


def event(name: str, sku: str | None = None, days: float = 0, minutes: float = 0) -> Happening:
    return Happening(name, ago(days, minutes), (Line(sku),) if sku else ())


def stage(*history: Happening, thresholds: Thresholds = T) -> str:
    return lifecycle(summarise(list(history), NOW), thresholds)


def test_rfm_figures_net_of_refunds() -> None:
    history = [buy(100, revenue=80), buy(40, revenue=120), Happening(ORDER_REFUNDED, ago(39), revenue=20),
               buy(10, revenue=100)]
    b = summarise(history, NOW)
    assert (b.orders, b.refunds, b.revenue) == (3, 1, 280)
    assert b.recency_days == pytest.approx(10) and b.aov == pytest.approx(280 / 3)
    assert b.mean_days_between_orders == pytest.approx(45) and b.orders_last_90d == 2


def test_events_after_the_moment_are_not_seen() -> None:
    assert summarise([buy(5)], NOW - timedelta(days=6)).orders == 0


def test_lifecycle_of_visitors() -> None:
    assert stage() == NEW_VISITOR
    assert stage(view("a", minutes=50), view("b", minutes=25)) == NEW_VISITOR  # one session: 25 min apart
    assert stage(view("a", minutes=62), view("b", minutes=31)) == BROWSING_PROSPECT  # 31 min apart: two visits


def test_lifecycle_of_buyers_at_each_boundary() -> None:
    assert stage(buy(10)) == FIRST_TIME_BUYER
    assert stage(buy(30), buy(10)) == REPEAT
    assert stage(buy(90)) == FIRST_TIME_BUYER  # exactly 90 days: not lapsing yet
    assert stage(buy(90.5)) == LAPSING
    assert stage(buy(180)) == LAPSING
    assert stage(buy(180.5)) == CHURNED
    rich = [buy(50, revenue=200), buy(30, revenue=200), buy(10, revenue=100)]
    assert stage(*rich) == LOYAL_HIGH_VALUE  # 3 orders, exactly the 500 bar
    assert stage(*rich[:2], buy(10, revenue=99.99)) == REPEAT  # a cent under the bar
    assert stage(*rich[1:]) == REPEAT  # two orders are not loyal yet
    assert stage(*rich, buy(181, revenue=1)) == LOYAL_HIGH_VALUE  # recency counts the last order
    assert stage(*[buy(d, revenue=1) for d in (200, 190, 185)]) == CHURNED


@pytest.mark.parametrize(("lines", "coupons", "expected"), [
    ([Line("a", "jackets", price=100)], 0, FULL_PRICE),
    ([Line("a", "jackets", price=100)], 1, COUPON_RESPONDER),  # 1 of 3 orders with a coupon: 0.33 >= 0.3
    ([Line("a", "jackets", price=100, on_sale=True), Line("b", "jackets", price=100)], 0, DEAL_SEEKER),  # 0.5
    ([Line("a", "jackets", price=85)], 0, DEAL_SEEKER),  # pays 85% of the median
    ([Line("a", "jackets", price=86)], 0, FULL_PRICE),
    ([Line("a", "jackets", price=125)], 0, PREMIUM),
    ([Line("a", "jackets", price=124)], 0, FULL_PRICE),
])
def test_price_sensitivity(lines: list[Line], coupons: int, expected: str) -> None:
    history = [buy(30 - i, *lines, coupon="SAVE" if i < coupons else None) for i in range(3)]
    b = summarise(history, NOW, medians={"jackets": 100.0})
    assert price_sensitivity(b, T) == expected


def test_a_coupon_applied_just_before_an_order_counts_for_it() -> None:
    history = [event(COUPON_APPLIED, days=5, minutes=10), buy(5), buy(3), buy(1)]
    b = summarise(history, NOW)
    assert b.coupon_orders == 1 and price_sensitivity(b, T) == COUPON_RESPONDER


def test_price_sensitivity_is_unknown_before_a_purchase() -> None:
    assert price_sensitivity(summarise([view("a")], NOW), T) is None


def test_category_and_brand_affinity_weigh_purchases_over_views_and_fade() -> None:
    history = [view("a", 1, category="tents"), view("b", 1, category="tents"),
               buy(2, Line("c", "rain jackets", "Northwind", 50))]
    b = summarise(history, NOW)
    assert list(b.categories) == ["rain jackets", "tents"]  # 5 for buying beats 2 views
    bought, viewed = 5 * 0.5 ** (2 / 90), 2 * 0.5 ** (1 / 90)  # weights, halved every 90 days
    assert b.categories["rain jackets"] == pytest.approx(bought / (bought + viewed))
    old = summarise([buy(400, Line("c", "rain jackets")), view("a", 1, category="tents")], NOW)
    assert next(iter(old.categories)) == "tents"  # a purchase 400 days ago has faded below one view today
    assert list(b.brands) == ["Northwind"]


def test_cart_abandonment() -> None:
    history = [event(PRODUCT_ADDED, "a", days=3), event(PRODUCT_ADDED, "b", days=3), event(PRODUCT_ADDED, "c", days=3),
               event(PRODUCT_REMOVED, "b", days=3), buy(2, Line("c", "jackets", price=10))]
    b = summarise(history, NOW)
    assert [i.sku for i in b.abandoned] == ["a"] and b.cart_abandonment == pytest.approx(1 / 3)
    live = summarise([event(PRODUCT_ADDED, "z", minutes=30)], NOW)
    assert live.abandoned == []  # still in the session that filled the cart
    left = summarise([event(PRODUCT_ADDED, "z", minutes=31)], NOW)
    assert [i.sku for i in left.abandoned] == ["z"]


def test_recent_products_are_newest_first_and_unique() -> None:
    history = [view("a", 3), view("b", 2), view("a", 1), event(PRODUCT_ADDED, "b", days=1), buy(0.5, Line("b"))]
    b = summarise(history, NOW)
    assert [i.sku for i in b.recently_viewed] == ["a", "b"]
    assert [i.sku for i in b.recently_carted] == ["b"] and [i.sku for i in b.recently_purchased] == ["b"]
    assert b.recently_viewed[0].at == ago(1)


@pytest.mark.parametrize(("history", "expected"), [
    ([], None),
    ([view("a", days=1)], None),  # yesterday's visit is over
    ([view("a", minutes=5)], WINDOW_SHOPPING),
    ([event(PRODUCT_LIST_VIEWED, minutes=9), view("a", minutes=8), view("b", minutes=5, category="tents")],
     WINDOW_SHOPPING),
    ([view("a", minutes=9), view("b", minutes=6), view("c", minutes=3)], RESEARCHING),  # 3 views, one category
    ([view("a", minutes=9), view("b", minutes=6, category="tents"), view("c", minutes=3, category="boots")],
     WINDOW_SHOPPING),  # 3 views all over the place
    ([view("a", minutes=9), view("a", minutes=3)], RESEARCHING),  # came back to the same product
    ([event(PRODUCTS_SEARCHED, minutes=9), view("a", minutes=8), view("b", minutes=5, category="tents")],
     RESEARCHING),
    ([view("a", minutes=9), event(PRODUCT_ADDED, "a", minutes=8)], READY_TO_BUY),
    ([event(CART_VIEWED, minutes=2)], READY_TO_BUY),
    ([event(CHECKOUT_STARTED, minutes=2)], READY_TO_BUY),
    ([event(PRODUCT_ADDED, "a", minutes=90), view("b", minutes=5)], WINDOW_SHOPPING),  # the cart was a visit ago
])
def test_session_intent(history: list[Happening], expected: str | None) -> None:
    assert intent(summarise(history, NOW), T) == expected


def test_micro_segment_key_names_the_known_traits_only() -> None:
    assert micro_segment(REPEAT, COUPON_RESPONDER, "jackets", READY_TO_BUY, False) == \
        "repeat · coupon-responder · jackets · ready-to-buy"
    assert micro_segment(NEW_VISITOR, None, None, None, False) == "new-visitor"
    assert micro_segment(FIRST_TIME_BUYER, FULL_PRICE, "tents", None, True) == \
        "first-time-buyer · tents · cart-abandoner"


def test_profile_uses_answers_for_category_and_intent() -> None:
    answers = [Answer("category", "tents", ago(days=2)), Answer("category", "rain jackets", ago(minutes=2)),
               Answer("budget", 200, ago(minutes=2))]
    profile = build_profile(1, [], answers, NOW)
    assert profile.micro_segment == "new-visitor · rain jackets · researching"
    assert profile.preferences["category"].value == "rain jackets" and profile.preferences["budget"].value == 200
    assert profile.purchase_probability is None and profile.cluster is None  # no refresh has run
    assert build_profile(1, [], answers[:1], NOW).intent is None  # answered two days ago: not this visit
