"""The demo shop's checkout: an order the support desk can find, and the `Order Completed` event the shopper's
history learns from, written together as a shop's order system and its analytics pipeline would.

Both go in the caller's transaction, so an order never exists without its event or the other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.identity import ShopperSession
from bot.support.loading import load_orders
from bot.support.models import PAID, Order
from recommender.shoppers.recording import record_events
from recommender.shoppers.spec import ORDER_COMPLETED

PREFIX = "OF-"
FIRST_NUMBER = 200001  # the demo orders use OF-1001xx; the shop's own start here
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class CheckoutError(ValueError):
    """Something the shopper must correct; the message names the field."""


@dataclass(frozen=True)
class Item:
    """A product as it is bought: its live catalog facts at checkout time."""

    sku: str
    title: str
    category: str | None
    brand: str | None
    unit_price: float  # the price paid: the sale price when there is one
    list_price: float
    quantity: int
    size: str | None = None
    currency: str | None = None


def event_products(items: list[Item]) -> list[dict[str, Any]]:
    """The items as the products of a Segment call (cart, checkout, order), numbered as they are listed."""
    return [{"product_id": i.sku, "sku": i.sku, "name": i.title, "category": i.category, "brand": i.brand,
             "price": i.unit_price, "list_price": i.list_price, "quantity": i.quantity, "variant": i.size,
             "position": n} for n, i in enumerate(items, 1)]


def currency_of(items: list[Item], default: str = "EUR") -> str:
    """The currency the items are priced in: the catalog's, else ``default`` (a catalog that states none)."""
    return next((i.currency for i in items if i.currency), default)


def next_order_number(db: Session) -> str:
    numbers = db.scalars(select(Order.order_number).where(Order.order_number.like(f"{PREFIX}%")))
    taken = [int(n[len(PREFIX):]) for n in numbers if n[len(PREFIX):].isdigit()]
    return f"{PREFIX}{max([FIRST_NUMBER - 1, *taken]) + 1}"


def place_order(db: Session, shopper: ShopperSession, items: list[Item], email: str, *, now: datetime) -> str:
    """Store a paid order for ``items`` and its Order Completed event; returns the order number. The caller
    commits.

    Raises:
        CheckoutError: an empty cart or an email address that is not one.
    """
    email = email.strip()
    if not items:
        raise CheckoutError("cart: there is nothing to buy")
    if not EMAIL.fullmatch(email) or len(email) > 320:
        raise CheckoutError("email: enter the address the order confirmation should go to")
    number, currency = next_order_number(db), currency_of(items)
    lines = [{"sku": i.sku, "title": (f"{i.title} (size {i.size})" if i.size else i.title)[:400],
              "quantity": i.quantity, "unit_price": round(i.unit_price, 2), "category": i.category}
             for i in items]
    report = load_orders(db, [{"order_number": number, "customer_id": shopper.customer_id, "email": email,
                               "status": PAID, "placed_at": now, "paid_at": now, "currency": currency,
                               "lines": lines}], now=now)
    if report.rejected:  # the catalog's own facts broke an order's bounds: a fault here, not the shopper's
        raise RuntimeError(f"order {number} could not be stored: {report.rejected[0]}")
    total = round(sum(i.unit_price * i.quantity for i in items), 2)
    recorded = record_events(db, [{
        "type": "track", "event": ORDER_COMPLETED, "anonymousId": shopper.anonymous_id,
        "userId": shopper.customer_id, "timestamp": now.isoformat(), "messageId": f"order-{number}",
        "properties": {"order_id": number, "total": total, "revenue": total, "currency": currency,
                       "products": event_products(items)}}])
    if recorded.rejected:
        raise RuntimeError(f"order {number}: its event was refused: {recorded.rejected[0].reason}")
    return number
