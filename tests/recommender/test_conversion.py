"""The conversion report from real recorded lists, clicks and orders: click-through, conversion and revenue per
match level, segment and group, last-click attribution inside the window, and lifts that admit small numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from recommender.feedback.holdout import CONTROL, OUTSIDE, PERSONALIZED
from recommender.feedback.lift import AHEAD, TOO_FEW, UNCLEAR, Rate, compare
from recommender.feedback.recording import Segment, record_suggestions
from recommender.feedback.report import ConversionReport, Row, conversion_report
from recommender.ranking.request import Suggestion
from recommender.shoppers.recording import record_events
from tests.recommender.shoppers_helpers import NOW, order, product, track

REPEAT = Segment("repeat · rain jackets · ready-to-buy", "repeat")
NEW = Segment("none", "none")


def item(sku: str, match: str, score: float = 0.5) -> Suggestion:
    return Suggestion(sku=sku, title=sku, brand=None, category=None, price=100.0, sale_price=None, currency="EUR",
                      image_url=None, url=None, score=score, match=match)


def show(session: Session, shopper: str | None, skus: list[tuple[str, str]], *, segment: Segment = REPEAT,
         group: str = PERSONALIZED, days_ago: float = 10) -> str:
    return record_suggestions(session, [item(sku, match) for sku, match in skus], external_id=shopper,
                              conversation_id="conv-1", segment=segment, group=group,
                              shown_at=NOW - timedelta(days=days_ago))


def click(shopper: str, list_id: str, position: int | None, sku: str, days_ago: float) -> dict:
    properties = {"sku": sku, "list_id": list_id} | ({"position": position} if position else {})
    return track("Product Clicked", shopper, when=(NOW - timedelta(days=days_ago)).isoformat(), **properties)


def ordered(order_id: str, shopper: str, lines: list[dict], days_ago: float, user: str | None = None) -> dict:
    return order(order_id, lines, shopper, user=user, when=(NOW - timedelta(days=days_ago)).isoformat())


def record(session: Session, calls: list[dict]) -> None:
    report = record_events(session, calls, now=NOW)
    assert report.rejected == []
    session.commit()


def report_of(session: Session, **kwargs: object) -> ConversionReport:
    return conversion_report(session, as_of=NOW, **kwargs)  # type: ignore[arg-type]


def row(rows: list[Row], key: str) -> Row:
    return next(r for r in rows if r.key == key)


def test_two_clicks_and_one_order_give_ctr_conversion_and_revenue(session: Session) -> None:
    shown = show(session, "anon-1", [("A", "high"), ("B", "medium"), ("C", "low")])
    session.commit()
    record(session, [click("anon-1", shown, 1, "A", 9.9), click("anon-1", shown, 3, "C", 9.8),
                     click("anon-1", shown, 1, "A", 9.7),  # a second click on the same card is one click
                     ordered("O-1", "anon-1", [product("A", 100, quantity=2), product("D", 40)], 8)])
    report = report_of(session)
    total = report.total
    assert (total.lists, total.shoppers, total.products, total.clicks, total.bought, total.orders) == (1, 1, 3, 2, 1, 1)
    assert total.ctr.value == pytest.approx(2 / 3) and total.conversion.value == 0.5
    assert total.revenue == 200.0  # the clicked product's line, not the 240 basket
    high, medium, low = report.by_match
    assert (high.key, high.clicks, high.bought, high.revenue, high.conversion.value) == ("high", 1, 1, 200.0, 1.0)
    assert (medium.key, medium.products, medium.clicks, medium.ctr.value, medium.conversion.value) == \
        ("medium", 1, 0, 0.0, None)
    assert (low.key, low.clicks, low.bought, low.revenue, low.conversion.value) == ("low", 1, 0, 0.0, 0.0)
    assert row(report.by_lifecycle, "repeat") == replace(total, key="repeat")
    segment = row(report.by_segment, REPEAT.micro_segment)
    assert (segment.clicks, segment.orders, segment.revenue) == (2, 1, 200.0)
    assert row(report.by_group, PERSONALIZED).clicks == 2 and row(report.by_group, CONTROL).products == 0
    assert report.open_clicks == 0
    data = report.to_dict()
    assert data["by_match"][0]["ctr"] == {"hits": 1, "base": 1, "value": 1.0, "enough": False, "low": 0.2065,
                                          "high": 1.0}
    assert data["total"]["revenue"] == 200.0 and data["window_days"] == 7


def test_orders_outside_the_window_or_of_products_not_clicked_are_not_attributed(session: Session) -> None:
    shown = show(session, "anon-2", [("A", "high"), ("B", "high")], days_ago=20)
    session.commit()
    record(session, [click("anon-2", shown, 1, "A", 19),
                     ordered("O-late", "anon-2", [product("A", 100)], 11),  # 8 days after the click
                     ordered("O-other", "anon-2", [product("B", 80)], 18),  # shown but never clicked
                     ordered("O-before", "anon-2", [product("A", 100)], 19.5)])  # before the click
    report = report_of(session)
    assert (report.total.clicks, report.total.bought, report.total.orders, report.total.revenue) == (1, 0, 0, 0.0)
    assert report_of(session, window_days=9).total.orders == 1  # the same order, inside a 9-day window


def test_the_latest_click_before_an_order_takes_it(session: Session) -> None:
    first = show(session, "anon-3", [("A", "medium")], days_ago=6)
    second = show(session, "anon-3", [("A", "high")], days_ago=3)
    session.commit()
    record(session, [click("anon-3", first, 1, "A", 6), click("anon-3", second, 1, "A", 3),
                     ordered("O-3", "anon-3", [product("A", 100)], 2)])
    medium, high = row(report_of(session).by_match, "medium"), row(report_of(session).by_match, "high")
    assert (high.orders, high.revenue, medium.orders, medium.bought) == (1, 100.0, 0, 0)


def test_a_card_clicked_again_opens_its_window_again(session: Session) -> None:
    shown = show(session, "anon-7", [("A", "high")], days_ago=20)
    session.commit()
    # Clicked, then clicked again from the chat's history 9 days later: the order comes 2 days after that.
    record(session, [click("anon-7", shown, 1, "A", 19), click("anon-7", shown, 1, "A", 10),
                     ordered("O-7", "anon-7", [product("A", 100)], 8)])
    total = report_of(session).total
    assert (total.clicks, total.bought, total.orders, total.revenue) == (1, 1, 1, 100.0)
    assert conversion_report(session, as_of=NOW - timedelta(days=5)).open_clicks == 1  # 5 days after the second


def test_a_browser_that_signs_in_keeps_its_clicks_and_its_orders_count(session: Session) -> None:
    shown = show(session, "anon-m", [("A", "high"), ("B", "low")], segment=NEW)
    session.commit()
    record(session, [click("anon-m", shown, 2, "B", 9),
                     track("Product Viewed", "anon-m", user="cust-m", sku="B", when=(NOW - timedelta(days=8))
                           .isoformat()),  # the shop's sign-in joins the browser to the customer
                     order("O-m", [product("B", 55)], "anon-other-device", user="cust-m",
                           when=(NOW - timedelta(days=7)).isoformat())])
    report = report_of(session)
    assert (report.total.clicks, report.total.orders, report.total.revenue) == (1, 1, 55.0)
    assert row(report.by_lifecycle, "none").revenue == 55.0


def test_a_click_counts_only_from_the_shopper_on_a_card_of_the_list(session: Session) -> None:
    shown = show(session, "anon-4", [("A", "high"), ("B", "high")])
    session.commit()
    record(session, [click("stranger", shown, 1, "A", 9),  # someone else's list id
                     click("anon-4", "sug-unknown", 1, "A", 9),  # a list never shown
                     click("anon-4", shown, 1, "Z", 9),  # a product not on the list
                     click("anon-4", shown, 1, "B", 9)])  # the wrong position: the sku tells the card
    report = report_of(session)
    assert report.total.clicks == 1 and row(report.by_match, "high").clicks == 1


def test_the_window_of_lists_and_the_open_clicks(session: Session) -> None:
    old = show(session, "anon-5", [("A", "high")], days_ago=40)
    recent = show(session, "anon-5", [("B", "low")], days_ago=2)
    session.commit()
    record(session, [click("anon-5", old, 1, "A", 40), click("anon-5", recent, 1, "B", 2)])
    report = report_of(session, since=NOW - timedelta(days=30))
    assert (report.total.lists, report.total.clicks, report.open_clicks) == (1, 1, 1)
    assert report_of(session, until=NOW - timedelta(days=30)).total.lists == 1
    with pytest.raises(ValueError, match="window_days"):
        report_of(session, window_days=0)


def test_groups_are_compared_per_shopper_and_small_numbers_are_too_few(session: Session) -> None:
    calls = []
    for n in range(3):
        shown = show(session, f"p-{n}", [("A", "high")], group=PERSONALIZED)
        calls.append(click(f"p-{n}", shown, 1, "A", 9))
    show(session, "c-0", [("A", "high")], group=CONTROL)
    show(session, "chat:rest-1", [("A", "high")], group=OUTSIDE)
    session.commit()
    record(session, calls)
    report = report_of(session)
    clicked = report.lifts[0]
    assert (clicked.personalized, clicked.control) == (Rate(3, 3), Rate(0, 1))
    assert clicked.verdict == TOO_FEW and clicked.lift is None  # not "+300%"
    assert [r.key for r in report.by_group] == [PERSONALIZED, CONTROL, OUTSIDE]
    assert report.to_dict()["lifts"][0]["verdict"] == TOO_FEW


def test_enough_shoppers_give_a_lift_with_its_interval() -> None:
    ahead = compare("clicked", Rate(60, 200), Rate(30, 200))
    assert ahead.verdict == AHEAD and ahead.lift == pytest.approx(1.0)
    assert ahead.lift_low is not None and ahead.lift_high is not None and 0 < ahead.lift_low < 1 < ahead.lift_high
    assert ahead.difference == pytest.approx(0.15) and ahead.p_value == pytest.approx(0.000328, rel=1e-2)
    level = compare("clicked", Rate(31, 200), Rate(30, 200))
    assert level.verdict == UNCLEAR and level.difference_low < 0 < level.difference_high  # type: ignore[operator]
    assert compare("clicked", Rate(9, 200), Rate(30, 200)).verdict == TOO_FEW  # 9 clickers: too few on one side
