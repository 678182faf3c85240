"""Whatever a caller sends, checking a call either gives a call within the bounds or a SpecError that names a
field: never another exception (which the events API would turn into a 500 and lose the whole batch)."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.shoppers import bounds
from recommender.shoppers.spec import EVENTS, CheckedCall, SpecError, check
from tests.recommender.shoppers_helpers import NOW

# Characters that broke storage or tokenizers before: NUL, controls, unpaired surrogates, separators, BOM.
TROUBLE = ["\x00", "\x01", "\t", "\n", "\x7f", "\x85", "\ud800", "\udfff", "\ud83d", "\ude00", "\u2028", "\ufeff",
           "\u200d", " "]
# Joined from a list: st.text draws surrogates from a mixed alphabet only rarely.
texts = st.lists(st.one_of(st.characters(codec=None), st.sampled_from(TROUBLE)), max_size=30).map("".join)
long_texts = st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "é", "\x00", "\ud800"]),
                       st.sampled_from([63, 64, 65, 119, 120, 121, 319, 321, 399, 400, 401, 20_000]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner,
                                                                                                  max_size=4),
                           max_leaves=25)


def mostly(good: st.SearchStrategy[Any], anything: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` three times in four: wholly random calls are nearly all rejected at their first field, and the
    bounds on what is accepted would go untested."""
    # one_of would flatten both into their branches and draw each branch alike, whatever their number.
    return st.integers(0, 3).flatmap(lambda n: good if n else anything)


# Plausible values, edges of the bounds included.
sane_texts = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=30)
sane_ids = sane_texts.filter(str.isprintable) | st.integers(0, 10**12)
sane_numbers = st.one_of(st.integers(1, 100), st.floats(0, 1_000), st.sampled_from([100_000, 1e6, 1e7]))
sane_stamps = st.one_of(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 6, 1)).map(lambda d: d.isoformat() + "Z"),
    st.integers(-86_400, 0).map(lambda s: (NOW + timedelta(seconds=s)).isoformat()))

numbers = mostly(sane_numbers, st.one_of(st.integers(), st.floats(), texts, st.sampled_from(
    [0, 1.5, 2.0, 100_001, 1e6 + 0.01, 1e7 + 1, -1, 1e308, "12", "1e3"])))
ids = mostly(sane_ids, st.one_of(st.none(), texts, long_texts, st.integers(), st.floats(), st.booleans(),
                                 st.just("")))
free_texts = mostly(sane_texts, st.one_of(texts, long_texts))
offsets = st.builds(lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-1439, 1439))
stamps = mostly(sane_stamps, st.one_of(
    st.datetimes(timezones=st.none() | offsets).map(datetime.isoformat),
    st.datetimes(min_value=datetime(1989, 12, 30), max_value=datetime(1990, 1, 2)).map(lambda d: d.isoformat() + "Z"),
    st.integers(-86_400, 2 * 86_400).map(lambda s: (NOW + timedelta(seconds=s)).isoformat()),
    st.integers(), st.floats(), texts, st.none(), json_values))
products = st.fixed_dictionaries({"sku": ids}, optional={
    "product_id": ids, "name": free_texts, "category": free_texts, "brand": free_texts, "price": numbers,
    "quantity": numbers, "list_price": numbers, "on_sale": st.booleans() | scalars, "extra": json_values})
properties = st.fixed_dictionaries({}, optional={
    "sku": ids, "product_id": ids, "name": free_texts, "price": numbers, "quantity": numbers, "order_id": ids,
    "products": mostly(st.lists(products, max_size=4), json_values), "revenue": numbers, "total": numbers,
    "value": numbers, "coupon": ids, "coupon_id": ids, "coupon_name": free_texts, "query": free_texts,
    "list_id": ids, "position": numbers, "extra": json_values})
calls = st.fixed_dictionaries({}, optional={
    "type": mostly(st.sampled_from(["track", "identify"]), json_values),
    "event": mostly(st.sampled_from(EVENTS), json_values),
    "anonymousId": ids, "userId": ids, "messageId": ids, "timestamp": stamps,
    "properties": mostly(properties, json_values),
    "context": mostly(st.fixed_dictionaries({}, optional={
        "location": st.fixed_dictionaries({}, optional={"country": ids | long_texts}),
        "device": st.dictionaries(st.just("type"), ids | long_texts),
        "campaign": st.dictionaries(st.just("source"), ids), "extra": json_values}), json_values),
    "traits": mostly(st.fixed_dictionaries({}, optional={"email": ids | long_texts, "extra": json_values}),
                     json_values),
})

FIELD = re.compile(r"(call|type|event|anonymousId/userId|anonymousId|userId|messageId|timestamp|properties|context"
                   r"|traits)(\.|\[|: )")


def storable(text: str | None, limit: int, *, printable: bool = False) -> bool:
    if text is None:
        return True
    text.encode("utf-8")  # raises on an unpaired surrogate
    return len(text) <= limit and "\x00" not in text and (text.isprintable() or not printable)


def json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8"))


def assert_within_bounds(call: CheckedCall) -> None:
    for text in (call.anonymous_id, call.user_id, call.message_id, call.order_id):
        assert storable(text, bounds.ID_CHARS, printable=True)
    assert call.anonymous_id or call.user_id
    assert storable(call.coupon, bounds.ID_CHARS) and storable(call.query, bounds.QUERY_CHARS)
    assert storable(call.email, bounds.EMAIL_CHARS, printable=True)
    assert storable(call.country, bounds.COUNTRY_CHARS) and storable(call.device, bounds.DEVICE_CHARS)
    assert storable(call.traffic_source, bounds.SOURCE_CHARS)
    assert bounds.EARLIEST <= call.occurred_at <= NOW + bounds.CLOCK_SKEW
    assert call.revenue is None or (math.isfinite(call.revenue) and 0 <= call.revenue <= bounds.MAX_ORDER_VALUE)
    assert len(call.items) <= bounds.MAX_PRODUCTS
    for item in call.items:
        assert storable(item.sku, bounds.SKU_CHARS, printable=True) and item.sku
        assert storable(item.name, bounds.NAME_CHARS) and storable(item.category, bounds.CATEGORY_CHARS)
        assert storable(item.brand, bounds.BRAND_CHARS)
        assert isinstance(item.quantity, int) and 1 <= item.quantity <= bounds.MAX_QUANTITY
        for price in (item.price, item.list_price):
            assert price is None or (math.isfinite(price) and 0 <= price <= bounds.MAX_UNIT_PRICE)
    outside = {k: v for k, v in call.properties.items() if k != "products"}
    assert json_size(outside) <= bounds.JSON_BYTES
    assert json_size(call.properties.get("products", [])) <= bounds.PRODUCTS_JSON_BYTES


def assert_checks(raw: Any) -> None:
    try:
        checked = check(raw, NOW)
    except SpecError as error:
        message = str(error)
        assert FIELD.match(message), message
        assert len(message) < 600 and message.encode("utf-8")
        return
    assert_within_bounds(checked)


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])


@SETTINGS
@given(json_values)
def test_any_json_value_is_a_call_or_a_named_rejection(raw: Any) -> None:
    assert_checks(raw)


@SETTINGS
@given(calls)
def test_any_call_shaped_value_is_within_the_bounds_or_a_named_rejection(raw: dict[str, Any]) -> None:
    assert_checks(raw)


@SETTINGS
@given(st.sampled_from(EVENTS), ids, stamps, properties)
def test_any_event_of_ours_is_within_the_bounds_or_a_named_rejection(event: str, shopper: Any, stamp: Any,
                                                                      fields: dict[str, Any]) -> None:
    # The same with the parts that let a call get past the first checks always present.
    assert_checks({"type": "track", "event": event, "anonymousId": shopper or "anon-1", "timestamp": stamp,
                   "properties": fields})
