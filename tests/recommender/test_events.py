"""Segment calls are checked, recorded once, and an anonymous shopper who identifies keeps their history."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.shoppers.identity import find_shopper, merge_shoppers
from recommender.shoppers.models import Event, EventItem, Shopper, ShopperId, StatedPreference
from recommender.shoppers.recording import record_events
from recommender.shoppers.spec import SpecError, check
from tests.recommender.shoppers_helpers import NOW, at, order, product, track


@pytest.mark.parametrize(("call", "reason"), [
    ({"event": "Product Viewed", "properties": {"sku": "A"}}, "anonymousId/userId"),
    (track("Product Shared", sku="A"), "'Product Shared' is not a Segment e-commerce event"),
    (track("Product Viewed", name="no id"), "properties.sku/product_id"),
    (track("Product Added", sku="A", price=-1), "properties.price: Input should be greater than or equal to 0"),
    (track("Product Added", sku="A", quantity=0), "properties.quantity"),
    (track("Product Viewed", sku="A", price="cheap"), "properties.price"),
    (order("", [product("A")]), "properties.order_id: required for Order Completed"),
    (order("O1", [product("A"), product("B", price=-5)]), "properties.products[1].price"),
    (order("O1", [product("A"), {"price": 3}]), "properties.products[1].sku/product_id"),
    (order("O1", []), "an order needs its products or its revenue/total"),
    (track("Products Searched", query="  "), "properties.query: required"),
    (track("Coupon Applied"), "properties.coupon_id/coupon_name"),
    (track("Order Refunded", products=[]), "properties.order_id: required for Order Refunded"),
    ({**track("Product Viewed", sku="A"), "timestamp": "yesterday"}, "timestamp"),
    ("not an object", "expected a JSON object"),
])
def test_each_broken_rule_is_named(call: object, reason: str) -> None:
    with pytest.raises(SpecError, match=None) as error:
        check(call, NOW)
    assert reason in str(error.value)


def test_a_checked_order_carries_its_lines_revenue_and_context() -> None:
    call = order("O7", [product("A", 20, 2), product("B", 10, list_price=15)], coupon="SPRING",
                 when="2026-05-01T10:00:00+02:00")
    call["context"] = {"location": {"country": "DE"}, "device": {"type": "mobile"},
                       "campaign": {"source": "newsletter"}}
    checked = check(call, NOW)
    assert checked.revenue == 50 and checked.coupon == "SPRING" and checked.order_id == "O7"
    assert [i.sku for i in checked.items] == ["A", "B"] and checked.items[1].on_sale
    assert checked.occurred_at.isoformat() == "2026-05-01T08:00:00+00:00"
    assert (checked.country, checked.device, checked.traffic_source) == ("DE", "mobile", "newsletter")


def test_a_batch_keeps_the_good_calls_and_reports_the_bad_ones(session: Session) -> None:
    calls = [track("Product Viewed", sku="A"), track("Product Viewed"), order("O1", [product("A", 30)]),
             track("Nope")]
    report = record_events(session, calls, now=NOW)
    session.commit()
    assert report.recorded == 2
    assert [(r.position, r.event) for r in report.rejected] == [(2, "Product Viewed"), (4, "Nope")]
    assert "event 2 (Product Viewed): properties.sku/product_id" in str(report.rejected[0])
    assert session.scalar(select(func.count()).select_from(EventItem)) == 2
    stored = session.scalars(select(Event).where(Event.name == "Order Completed")).one()
    assert stored.revenue == 30 and stored.occurred_at.tzinfo is not None


def test_a_retried_message_is_recorded_once(session: Session) -> None:
    call = track("Product Viewed", sku="A", message="m-1")
    assert record_events(session, [call, call], now=NOW).duplicates == 1
    session.commit()
    assert record_events(session, [call], now=NOW).duplicates == 1
    assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_an_anonymous_shopper_who_identifies_keeps_their_history(session: Session) -> None:
    record_events(session, [track("Product Viewed", "browser-9", sku="A", when=at(3)),
                            track("Product Added", "browser-9", sku="A", when=at(2))], now=NOW)
    record_events(session, [order("O1", [product("B")], "phone-2", user="cust-42", when=at(10))], now=NOW)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Shopper)) == 2
    # The browser logs in: one call carries both ids.
    report = record_events(session, [{"type": "identify", "anonymousId": "browser-9", "userId": "cust-42",
                                      "traits": {"email": "kim@example.com"}, "timestamp": at(1)}], now=NOW)
    session.commit()
    assert report.shoppers_merged == 1 and report.identified == 1
    shopper = find_shopper(session, "browser-9")
    assert shopper is not None and shopper == find_shopper(session, "cust-42") == find_shopper(session, "phone-2")
    assert shopper.email == "kim@example.com" and shopper.customer_id == "cust-42"
    assert session.scalar(select(func.count()).select_from(Shopper)) == 1
    names = session.scalars(select(Event.name).where(Event.shopper_id == shopper.id).order_by(Event.occurred_at))
    assert list(names) == ["Order Completed", "Product Viewed", "Product Added"]
    assert shopper.first_seen == NOW.replace(day=22, month=5) and shopper.last_seen == NOW.replace(day=31, month=5)


def test_a_browser_that_identifies_in_the_same_batch_brings_that_batchs_calls_along(session: Session) -> None:
    # The browsing and the sign-in arrive together (a file, a queued batch): the calls before the sign-in were
    # resolved to the anonymous shopper that the sign-in then merges away.
    report = record_events(session, [
        order("O1", [product("B")], "phone-2", user="cust-42", when=at(10)),
        track("Product Viewed", "browser-9", sku="A", when=at(3)),
        track("Product Added", "browser-9", user="cust-42", sku="A", when=at(2)),
        track("Product Viewed", "browser-9", sku="C", when=at(1)),
        track("Product Viewed", "browser-new", sku="D", when=at(1))], now=NOW)  # may be given the freed id
    session.commit()
    assert report.recorded == 5 and report.shoppers_merged == 1
    shopper, other = find_shopper(session, "browser-9"), find_shopper(session, "browser-new")
    assert shopper is not None and shopper == find_shopper(session, "cust-42") and other is not None
    assert session.scalar(select(func.count()).select_from(Shopper)) == 2
    owners = dict(session.execute(select(EventItem.sku, Event.shopper_id).join(Event)).all())
    assert owners == {"B": shopper.id, "A": shopper.id, "C": shopper.id, "D": other.id}
    assert shopper.first_seen == NOW.replace(day=22, month=5) and shopper.last_seen == NOW.replace(day=31, month=5)


def test_a_new_customer_id_on_a_known_browser_names_that_shopper(session: Session) -> None:
    record_events(session, [track("Product Viewed", "browser-1", sku="A", when=at(2)),
                            track("Product Viewed", "browser-1", user="cust-1", sku="B", when=at(1))], now=NOW)
    session.commit()
    shopper = find_shopper(session, "cust-1")
    assert shopper is not None and shopper.customer_id == "cust-1"
    assert session.scalar(select(func.count()).select_from(Shopper)) == 1
    kinds = {i: kind for i, kind in session.execute(select(ShopperId.external_id, ShopperId.kind))}
    assert kinds == {"browser-1": "anonymous", "cust-1": "customer"}


def test_merging_moves_answers_and_refuses_two_different_customers(session: Session) -> None:
    record_events(session, [track("Product Viewed", "a", sku="A"), track("Product Viewed", "b", user="c-1", sku="A"),
                            track("Product Viewed", "c", user="c-2", sku="A")], now=NOW)
    a, b, c = (find_shopper(session, i) for i in ("a", "b", "c"))
    assert a and b and c
    session.add(StatedPreference(shopper_id=a.id, question="activity", value="hiking", answered_at=NOW))
    merge_shoppers(session, source=a.id, target=b.id)
    assert session.scalars(select(StatedPreference.shopper_id)).all() == [b.id]
    with pytest.raises(ValueError, match="different customers"):
        merge_shoppers(session, source=c.id, target=b.id)
