"""A call is checked against bounds that keep absurd or unstorable values out of shoppers' histories: each bad
field is named, and the largest real values (a wholesaler's biggest invoice) still pass."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.shoppers.models import Event, EventItem, Shopper
from recommender.shoppers.recording import record_events
from recommender.shoppers.spec import SpecError, check
from tests.recommender.shoppers_helpers import NOW, at, order, product, track


def viewed(**fields: Any) -> dict[str, Any]:
    """A good Product Viewed call with some of its top-level fields replaced."""
    return {**track("Product Viewed", sku="A"), **fields}


def identify(**traits: Any) -> dict[str, Any]:
    return {"type": "identify", "anonymousId": "anon-1", "traits": traits, "timestamp": at()}


def lines(count: int, **fields: Any) -> list[dict[str, Any]]:
    return [product(f"S{n}", 1.0, **fields) for n in range(count)]


@pytest.mark.parametrize(("call", "reason"), [
    # Amounts: what the profile once showed as "monetary: 1e+308".
    (order("O1", [product("A")], total=1e308), "properties.total: Input should be less than or equal to 10000000"),
    (order("O1", [product("A")], revenue=float("inf")), "properties.revenue: Input should be a finite number"),
    (order("O1", [product("A")], value=1e7 + 1), "properties.value: Input should be less than or equal to"),
    (order("O1", [product("A", 1, 10**12)]), "properties.products[0].quantity: Input should be less than or equal"),
    (order("O1", [product("A"), product("B", 1, 1.5)]),
     "properties.products[1].quantity: Input should be a valid integer, got a number with a fractional part"),
    (order("O1", [product("A", 1e6 + 0.01)]), "properties.products[0].price: Input should be less than or equal"),
    (track("Product Added", sku="A", price=float("inf")), "properties.price: Input should be a finite number"),
    (track("Product Added", sku="A", list_price=2e6), "properties.list_price: Input should be less than or equal"),
    (order("O1", [product("A", 999_999, 100_000)]),
     "properties.products: the lines add up to 99999900000.00, more than 10000000 for one order"),
    # Times: year 9999, a Unix time read as 1970, a date before web shops, an offset that overflows.
    (viewed(timestamp="9999-12-31T23:00:00Z"), "timestamp: 9999-12-31T23:00:00+00:00 is more than 1 day ahead"),
    (viewed(timestamp=(NOW + timedelta(days=1, minutes=1)).isoformat()), "timestamp: 2026-06-02T12:01:00+00:00 is"),
    (viewed(timestamp=12345), "timestamp: expected ISO-8601 text, got a number"),
    (viewed(timestamp=1.7e9), "timestamp: expected ISO-8601 text, got a number"),
    (viewed(timestamp="1717243200"), "timestamp: expected ISO-8601 text, got a number"),
    (viewed(timestamp="1989-12-31T23:59:59Z"), "timestamp: 1989-12-31T23:59:59+00:00 is before 1990-01-01"),
    (viewed(timestamp="9999-12-31T23:59:59-05:00"), "timestamp: out of the range of dates"),
    (viewed(timestamp="0001-01-01T00:00:00+05:00"), "timestamp: out of the range of dates"),
    # Ids: a million characters, control characters, what the columns cannot hold.
    (viewed(anonymousId="x" * 1_000_000), "anonymousId: at most 120 characters, got 1000000"),
    (viewed(userId="u" * 121), "userId: at most 120 characters, got 121"),
    (viewed(messageId="m" * 121), "messageId: at most 120 characters"),
    (viewed(anonymousId="anon\n1"), "anonymousId: control or other unprintable characters"),
    (viewed(anonymousId="\x00"), "anonymousId: control or other unprintable characters"),
    (viewed(anonymousId="\ud800"), "anonymousId: control or other unprintable characters"),
    (viewed(userId=True), "userId: Input should be a valid string"),
    (viewed(userId=float("nan")), "userId: Input should be a valid string"),
    (order("O" * 121, [product("A")]), "properties.order_id: at most 120 characters"),
    (track("Product Viewed", sku="A" * 65), "properties.sku: at most 64 characters, got 65"),
    (order("O1", [{"product_id": "p" * 65}]), "properties.products[0].product_id: at most 64 characters"),
    (order("O1", [product("A")], coupon="C" * 121), "properties.coupon: at most 120 characters"),
    (track("Coupon Applied", coupon_name="spring sale " * 11), "properties.coupon_name: at most 120 characters"),
    # Free text: bounded by the columns it is stored in, no control characters.
    (track("Product Viewed", sku="A", name="n" * 401), "properties.name: at most 400 characters, got 401"),
    (track("Product Viewed", sku="A", category="c" * 121), "properties.category: at most 120 characters"),
    (order("O1", [product("A", brand="b" * 121)]), "properties.products[0].brand: at most 120 characters"),
    (track("Products Searched", query="q" * 401), "properties.query: at most 400 characters"),
    (track("Product Viewed", sku="A", name="Tent\x00"), "properties.name: control characters"),
    (track("Products Searched", query="tent\ud800"), "properties.query: control characters"),
    (identify(email="e" * 321), "traits.email: at most 320 characters"),
    (identify(email=["kim@example.com"]), "traits.email: expected text"),
    # Size and shape of what is stored whole.
    (order("O1", lines(2001)), "properties.products: at most 2000 products per call, got 2001"),
    (track("Product Viewed", sku="A", note="x" * 20_000), "properties: at most 16384 bytes of JSON"),
    (order("O1", lines(20, note="x" * 20_000)), "properties.products: at most 262144 bytes of JSON"),
    (viewed(context={"page": {"title": "t" * 20_000}}), "context: at most 16384 bytes of JSON"),
    (viewed(traits={"bio": "b" * 20_000}), "traits: at most 16384 bytes of JSON"),
    (track("Product Viewed", sku="A", rating=float("nan")), "properties.rating: NaN and infinity are not JSON"),
    (track("Product Viewed", sku="A", extra={"notes": ["ok", "\ud800"]}),
     "properties.extra.notes[1]: NUL characters and unpaired surrogates cannot be stored"),
    (viewed(context={"page": {"title\x00": "t"}}), 'context.page: key "title\\u0000" has NUL characters or'),
    (track("Product Viewed", sku="A", deep=[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]),
     "properties.deep[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 16 levels deep"),
    (track("Product Viewed", sku="A", big=2**70), "properties.big: integers beyond 64 bits are not stored"),
])
def test_each_bound_names_its_field(call: dict[str, Any], reason: str) -> None:
    with pytest.raises(SpecError) as error:
        check(call, NOW)
    assert reason in str(error.value)


def test_an_unknown_event_name_is_echoed_short_and_printable() -> None:
    with pytest.raises(SpecError) as error:
        check(track("\ud800" + "x" * 100_000, sku="A"), NOW)
    message = str(error.value)
    assert message.startswith("event: '\\ud800xxx") and len(message) < 400
    message.encode("utf-8")  # the events API returns it as JSON text


def test_the_largest_real_values_pass() -> None:
    # A wholesaler's order: 80,995 of one line (the largest line of the UCI Online Retail file) and a long invoice.
    big = check(order("581483", [product("23843", 2.08, 80_995), *lines(1_500)]), NOW)
    assert big.items[0].quantity == 80_995 and big.revenue == pytest.approx(80_995 * 2.08 + 1_500)
    edges = check(order("O" * 120, [product("S" * 64, 1_000_000, 2.0, name="N" * 400, category="C" * 120,
                                            brand="B" * 120, list_price=1_000_000)],
                        "a" * 120, user="u" * 120, when=(NOW + timedelta(hours=23)).isoformat(), total=10_000_000,
                        coupon="SPRING"), NOW)
    assert edges.revenue == 10_000_000 and edges.items[0].quantity == 2 and edges.order_id == "O" * 120
    early = check({**identify(email="kim@example.com"), "timestamp": "1990-01-01T00:00:00Z"}, NOW)
    assert early.occurred_at.year == 1990 and early.email == "kim@example.com"
    # Text from any script, emoji and punctuation is fine; so are ids given as numbers.
    world = check(track("Product Viewed", "Ünïcode-браузер-端末-🙂", user=None, sku="Ö-1", name="Tente légère 🏕️ «2P»",
                        category="テント", brand="Nørrøna"), NOW)
    assert world.items[0].name == "Tente légère 🏕️ «2P»"
    assert check(viewed(userId=17850, anonymousId=None), NOW).user_id == "17850"


def test_calls_the_database_could_not_store_are_rejected_and_the_rest_kept(session: Session) -> None:
    # Each of these once reached the database: PostgreSQL refused them (a column too short, a NUL, an
    # unpaired surrogate, NaN in JSON) and the whole batch was lost; SQLite stored them silently.
    calls = [
        track("Product Viewed", "good-1", sku="A", when=at(1)),
        track("Product Viewed", sku="A", category="c" * 150),
        track("Product Viewed", "nul\x00id", sku="A"),
        track("Product Viewed", "surrogate\udc80", sku="A"),
        track("Product Viewed", sku="A", rating=float("nan")),
        identify(email="e" * 400 + "@example.com"),
        viewed(context={"location": {"country": "C" * 100}, "device": {"type": "D" * 100}}),
        order("O-1", [product("A", 30)], "good-2", when=at(1)),
    ]
    report = record_events(session, calls, now=NOW)
    session.commit()
    assert [r.position for r in report.rejected] == [2, 3, 4, 5, 6]
    assert report.recorded == 3
    assert session.scalar(select(func.count()).select_from(EventItem)) == 3
    # Context is description, not the event: a long value is cut to what its column holds.
    shopper = session.scalars(select(Shopper).join(Event).where(Event.occurred_at == NOW)).one()
    assert (shopper.country, shopper.device) == ("C" * 80, "D" * 40)


def test_a_rejected_event_name_is_reported_short_and_printable(session: Session) -> None:
    report = record_events(session, [track("Nope\ud800" + "!" * 10_000, sku="A")], now=NOW)
    label = report.rejected[0].event
    assert label is not None and label.startswith("Nope\\ud800!!!") and len(label) <= 70
    label.encode("utf-8")
