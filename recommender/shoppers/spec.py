"""The Segment e-commerce spec as we accept it: a track (or identify) call in, a checked event out.

https://segment.com/docs/connections/spec/ecommerce/v2/ names the events and their properties. A call is
checked against the rules of its event; what fails names the field (``properties.products[1].price``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

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

SINGLE_PRODUCT = (PRODUCT_VIEWED, PRODUCT_ADDED, PRODUCT_REMOVED)
PRODUCT_LISTS = (PRODUCT_LIST_VIEWED, CART_VIEWED, CHECKOUT_STARTED, ORDER_COMPLETED, ORDER_REFUNDED)
EVENTS = (*SINGLE_PRODUCT, *PRODUCT_LISTS, PRODUCTS_SEARCHED, COUPON_APPLIED)


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) else value


# Shops send ids as numbers as often as text (a userId of 17850); they are ids either way.
Id = Annotated[str | None, BeforeValidator(_as_text)]


class SpecError(ValueError):
    """A call that breaks the spec; the message names the field."""


@dataclass(frozen=True)
class Unreadable:
    """Stands in for a call that could not even be decoded (a bad JSON line), so it is reported in place."""

    reason: str


class ProductProperties(BaseModel):
    model_config = ConfigDict(extra="allow")

    product_id: Id = None
    sku: Id = None
    name: str | None = None
    category: str | None = None
    brand: str | None = None
    price: float | None = Field(default=None, ge=0)
    quantity: float = Field(default=1, gt=0)
    # Not in the spec, but shops send them: the price before a discount, or a plain flag.
    list_price: float | None = Field(default=None, ge=0)
    on_sale: bool = False

    @property
    def key(self) -> str | None:
        """Our catalog's key: the sku, else the product id."""
        return (self.sku or self.product_id or "").strip() or None


class OrderProperties(BaseModel):
    model_config = ConfigDict(extra="allow")

    order_id: Id = None
    products: list[ProductProperties] = Field(default_factory=list)
    revenue: float | None = Field(default=None, ge=0)
    total: float | None = Field(default=None, ge=0)
    value: float | None = Field(default=None, ge=0)
    coupon: Id = None
    coupon_id: Id = None
    coupon_name: str | None = None
    query: str | None = None


class Call(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["track", "identify"] = "track"
    event: str | None = None
    anonymousId: Id = None  # camelCase: the spec's spelling
    userId: Id = None
    timestamp: datetime | None = None
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
    quantity: float = 1.0
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


def check(raw: Any, now: datetime | None = None) -> CheckedCall:
    """Check one call against the spec; raises :class:`SpecError` naming the field that is wrong."""
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
    occurred = call.timestamp or now or datetime.now(UTC)
    occurred = occurred.replace(tzinfo=UTC) if occurred.tzinfo is None else occurred.astimezone(UTC)
    common = _context(call) | {"kind": call.type, "anonymous_id": call.anonymousId, "user_id": call.userId,
                               "occurred_at": occurred, "message_id": call.messageId}
    if call.type == "identify":
        email = call.traits.get("email")
        return CheckedCall(email=str(email) if email else None, **common)
    if call.event not in EVENTS:
        raise SpecError(f"event: {call.event!r} is not a Segment e-commerce event we record "
                        f"(one of: {', '.join(EVENTS)})")
    return CheckedCall(name=call.event, properties=call.properties, **common, **_track_fields(call))


def _track_fields(call: Call) -> dict[str, Any]:
    name, properties = call.event, call.properties
    try:
        if name in SINGLE_PRODUCT:
            product = ProductProperties.model_validate(properties)
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
        lines = sum((item.price or 0) * item.quantity for item in items)
        revenue = next((v for v in (order.revenue, order.total, order.value) if v is not None), round(lines, 2))
    return {"order_id": order.order_id, "revenue": revenue, "coupon": coupon, "items": tuple(items),
            "query": (order.query or "").strip()[:400] or None}


def _item(product: ProductProperties) -> Item:
    key = product.key
    assert key is not None
    on_sale = product.on_sale or (product.list_price is not None and product.price is not None
                                  and product.price < product.list_price)
    return Item(sku=key[:64], name=product.name, category=product.category, brand=product.brand,
                price=product.price, quantity=product.quantity, on_sale=on_sale, list_price=product.list_price)


def _context(call: Call) -> dict[str, str | None]:
    context = call.context

    def text(*path: str) -> str | None:
        value: Any = context
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return str(value)[:120] if value not in (None, "") else None

    return {"country": text("location", "country"), "device": text("device", "type"),
            "traffic_source": text("campaign", "source") or text("referrer", "type")}
