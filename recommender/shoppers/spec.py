"""The Segment e-commerce spec as we accept it: a track (or identify) call in, a checked event out.

https://segment.com/docs/connections/spec/ecommerce/v2/ names the events and their properties. A call is
checked against the rules of its event and the bounds in :mod:`recommender.shoppers.bounds`; what fails names
the field (``properties.products[1].price``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from recommender.shoppers.bounds import (
    COUNTRY_CHARS,
    DEVICE_CHARS,
    JSON_BYTES,
    MAX_ORDER_VALUE,
    MAX_PRODUCTS,
    PRODUCTS_JSON_BYTES,
    SOURCE_CHARS,
    BoundsError,
    Brand,
    Category,
    CouponName,
    Id,
    Name,
    OrderValue,
    Position,
    Quantity,
    Query,
    Sku,
    Timestamp,
    UnitPrice,
    check_email,
    check_json,
    check_time,
)

PRODUCT_VIEWED = "Product Viewed"
PRODUCT_LIST_VIEWED = "Product List Viewed"
PRODUCTS_SEARCHED = "Products Searched"
PRODUCT_ADDED = "Product Added"
PRODUCT_REMOVED = "Product Removed"
CART_VIEWED = "Cart Viewed"
CHECKOUT_STARTED = "Checkout Started"
ORDER_COMPLETED = "Order Completed"
ORDER_REFUNDED = "Order Refunded"
COUPON_APPLIED = "Coupon Applied"
PRODUCT_CLICKED = "Product Clicked"  # a product picked out of a list: `list_id` and `position` say which

SINGLE_PRODUCT = (PRODUCT_VIEWED, PRODUCT_ADDED, PRODUCT_REMOVED, PRODUCT_CLICKED)
PRODUCT_LISTS = (PRODUCT_LIST_VIEWED, CART_VIEWED, CHECKOUT_STARTED, ORDER_COMPLETED, ORDER_REFUNDED)
EVENTS = (*SINGLE_PRODUCT, *PRODUCT_LISTS, PRODUCTS_SEARCHED, COUPON_APPLIED)

SHOWN_CHARS = 60  # of a value echoed in a message: enough to recognise it, never a megabyte back


class SpecError(ValueError):
    """A call that breaks the spec; the message names the field."""


@dataclass(frozen=True)
class Unreadable:
    """Stands in for a call that could not even be decoded (a bad JSON line), so it is reported in place."""

    reason: str


class ProductProperties(BaseModel):
    model_config = ConfigDict(extra="allow")

    product_id: Sku = None
    sku: Sku = None
    name: Name = None
    category: Category = None
    brand: Brand = None
    price: UnitPrice = None
    quantity: Quantity = 1
    # Not in the spec, but shops send them: the price before a discount, or a plain flag.
    list_price: UnitPrice = None
    on_sale: bool = False

    @property
    def key(self) -> str | None:
        """Our catalog's key: the sku, else the product id."""
        return (self.sku or self.product_id or "").strip() or None


class ClickProperties(ProductProperties):
    """Product Clicked: the product, and where it was clicked (a suggestion list's id and the card's place)."""

    list_id: Id = None
    position: Position = None


class OrderProperties(BaseModel):
    model_config = ConfigDict(extra="allow")

    order_id: Id = None
    products: list[ProductProperties] = Field(default_factory=list)
    revenue: OrderValue = None
    total: OrderValue = None
    value: OrderValue = None
    coupon: Id = None
    coupon_id: Id = None
    coupon_name: CouponName = None
    query: Query = None


class Call(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["track", "identify"] = "track"
    event: str | None = None
    anonymousId: Id = None  # camelCase: the spec's spelling
    userId: Id = None
    timestamp: Timestamp = None
    messageId: Id = None
    properties: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=dict)
    traits: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    sku: str
    name: str | None = None
    category: str | None = None
    brand: str | None = None
    price: float | None = None
    quantity: int = 1
    on_sale: bool = False
    list_price: float | None = None


@dataclass(frozen=True)
class CheckedCall:
    """A call that passed the spec: who, what, when, and the products it is about."""

    kind: Literal["track", "identify"]
    anonymous_id: str | None
    user_id: str | None
    occurred_at: datetime
    name: str | None = None
    message_id: str | None = None
    order_id: str | None = None
    revenue: float | None = None
    coupon: str | None = None
    query: str | None = None
    email: str | None = None
    country: str | None = None
    device: str | None = None
    traffic_source: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    items: tuple[Item, ...] = ()


def describe(error: ValidationError, prefix: str = "") -> str:
    """The first problem of a pydantic error as ``field.path[2].name: message``."""
    first = error.errors()[0]
    path = prefix
    for part in first["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return f"{path or 'call'}: {first['msg']}"


def shown(text: str) -> str:
    """``text`` as it may be echoed in a message: short, with anything unprintable escaped (``\\ud800``), so
    that the message is always printable text that JSON and a terminal can carry."""
    escaped = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:SHOWN_CHARS])
    return escaped + ("..." if len(text) > SHOWN_CHARS else "")


def event_label(raw: Any) -> str | None:
    """The event name of a raw call, fit to report back beside its rejection."""
    name = raw.get("event") if isinstance(raw, dict) else None
    return shown(name) if isinstance(name, str) else None


def check(raw: Any, now: datetime | None = None) -> CheckedCall:
    """Check one call against the spec and its bounds; raises :class:`SpecError` naming the field that is wrong.

    ``now`` is when the call was received: the time of a call that gives none, and what a timestamp may not be
    more than a day ahead of.
    """
    try:
        return _check(raw, now or datetime.now(UTC))
    except BoundsError as exc:
        raise SpecError(str(exc)) from None


def _check(raw: Any, now: datetime) -> CheckedCall:
    if isinstance(raw, Unreadable):
        raise SpecError(raw.reason)
    if not isinstance(raw, dict):
        raise SpecError(f"call: expected a JSON object, got {type(raw).__name__}")
    try:
        call = Call.model_validate(raw)
    except ValidationError as exc:
        raise SpecError(describe(exc)) from None
    if not (call.anonymousId or call.userId):
        raise SpecError("anonymousId/userId: a call needs at least one of them")
    occurred = check_time(call.timestamp or now, now)
    if call.type == "identify":
        _check_sizes(call)
        return CheckedCall(email=check_email(call.traits.get("email")), **_common(call, occurred))
    if call.event not in EVENTS:
        shown_name = f"'{shown(call.event)}'" if call.event is not None else "None"
        raise SpecError(f"event: {shown_name} is not a Segment e-commerce event we record "
                        f"(one of: {', '.join(EVENTS)})")
    # The named fields first, so that a bad price is reported as the price rather than as bad JSON.
    fields = _track_fields(call)
    _check_sizes(call)
    return CheckedCall(name=call.event, properties=call.properties, **_common(call, occurred), **fields)


def _common(call: Call, occurred: datetime) -> dict[str, Any]:
    return _context(call) | {"kind": call.type, "anonymous_id": call.anonymousId, "user_id": call.userId,
                             "occurred_at": occurred, "message_id": call.messageId}


def _check_count(call: Call) -> None:
    products = call.properties.get("products")
    if isinstance(products, list) and len(products) > MAX_PRODUCTS:
        raise SpecError(f"properties.products: at most {MAX_PRODUCTS} products per call, got {len(products)}")


def _check_sizes(call: Call) -> None:
    """What is kept whole (properties) or read from (context, traits) must be plain JSON of a bounded size."""
    products = call.properties.get("products")
    check_json({k: v for k, v in call.properties.items() if k != "products"}, "properties", JSON_BYTES)
    if products is not None:
        check_json(products, "properties.products", PRODUCTS_JSON_BYTES)
    check_json(call.context, "context", JSON_BYTES)
    check_json(call.traits, "traits", JSON_BYTES)


def _track_fields(call: Call) -> dict[str, Any]:
    name, properties = call.event, call.properties
    _check_count(call)  # before a long list costs the time to validate it
    try:
        if name in SINGLE_PRODUCT:
            model = ClickProperties if name == PRODUCT_CLICKED else ProductProperties
            product = model.model_validate(properties)
            if product.key is None:
                raise SpecError("properties.sku/product_id: this event is about one product; name it")
            return {"items": (_item(product),)}
        order = OrderProperties.model_validate(properties)
    except ValidationError as exc:
        raise SpecError(describe(exc, "properties")) from None
    items = []
    for position, product in enumerate(order.products):
        if product.key is None:
            raise SpecError(f"properties.products[{position}].sku/product_id: each product needs one")
        items.append(_item(product))
    if name in (ORDER_COMPLETED, ORDER_REFUNDED) and not order.order_id:
        raise SpecError(f"properties.order_id: required for {name}")
    if name == ORDER_COMPLETED and not items and order.revenue is None and order.total is None:
        raise SpecError("properties.products: an order needs its products or its revenue/total")
    if name == PRODUCTS_SEARCHED and not (order.query or "").strip():
        raise SpecError("properties.query: required for Products Searched")
    coupon = order.coupon or order.coupon_id or order.coupon_name
    if name == COUPON_APPLIED and not coupon:
        raise SpecError("properties.coupon_id/coupon_name: required for Coupon Applied")
    revenue = None
    if name in (ORDER_COMPLETED, ORDER_REFUNDED):
        stated = next((v for v in (order.revenue, order.total, order.value) if v is not None), None)
        lines = round(sum((item.price or 0) * item.quantity for item in items), 2)
        if stated is None and lines > MAX_ORDER_VALUE:
            raise SpecError(f"properties.products: the lines add up to {lines:.2f}, more than {MAX_ORDER_VALUE} "
                            "for one order")
        revenue = lines if stated is None else stated
    return {"order_id": order.order_id, "revenue": revenue, "coupon": coupon, "items": tuple(items),
            "query": (order.query or "").strip() or None}


def _item(product: ProductProperties) -> Item:
    key = product.key
    assert key is not None
    on_sale = product.on_sale or (product.list_price is not None and product.price is not None
                                  and product.price < product.list_price)
    return Item(sku=key, name=product.name, category=product.category, brand=product.brand,
                price=product.price, quantity=product.quantity, on_sale=on_sale, list_price=product.list_price)


def _context(call: Call) -> dict[str, str | None]:
    context = call.context

    # Context describes the shopper, not the event: a long value is cut to its column rather than the call lost.
    def text(limit: int, *path: str) -> str | None:
        value: Any = context
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return str(value)[:limit] if value not in (None, "") else None

    return {"country": text(COUNTRY_CHARS, "location", "country"), "device": text(DEVICE_CHARS, "device", "type"),
            "traffic_source": text(SOURCE_CHARS, "campaign", "source") or text(SOURCE_CHARS, "referrer", "type")}
