"""The demo shop as its pages and order system would report it: products as Segment product properties, and
one visit (an analytics session) as the calls it sends, a few seconds to a couple of minutes apart.

Used by :mod:`bot.demo.shoppers`; nothing here is random but through the ``random.Random`` it is given.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

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

CURRENCY = "EUR"
GAP_SECONDS = (15, 110)  # between two calls of a visit: a visit of ten calls lasts a few minutes


@dataclass(frozen=True)
class Product:
    sku: str
    title: str
    category: str
    brand: str
    gender: str
    price: float
    sale_price: float | None
    activities: tuple[str, ...]
    in_stock: bool

    @property
    def paid(self) -> float:
        """What the shop asks: the sale price while there is one."""
        return self.sale_price if self.sale_price is not None else self.price

    def properties(self, quantity: int = 1, price: float | None = None) -> dict[str, Any]:
        """The product as the shop's pages send it (``list_price`` when it sells below it)."""
        paid = self.paid if price is None else price
        data: dict[str, Any] = {"product_id": self.sku, "sku": self.sku, "name": self.title,
                                "category": self.category, "brand": self.brand, "price": paid}
        if paid < self.price:
            data["list_price"] = self.price
        if quantity != 1:
            data["quantity"] = quantity
        return data


def read_products(path: Path) -> list[Product]:
    with path.open(encoding="utf-8", newline="") as file:
        return [Product(row["sku"], row["title"], row["category"], row["brand"], row["gender"], float(row["price"]),
                        float(row["sale_price"]) if row["sale_price"] else None,
                        tuple(a for a in row["activities"].split("|") if a), int(row["stock"] or 0) > 0)
                for row in csv.DictReader(file)]


@dataclass
class Shopper:
    """Who the calls are about: their browsers (anonymous ids, one device each) and, for a customer, the
    customer id, sent once they have signed in on that browser (at their first checkout there)."""

    browsers: dict[str, str]  # anonymous id -> device type
    customer_id: str | None = None
    email: str | None = None  # what the identify call at their first sign-in says; example.com by default
    signed_in: set[str] = field(default_factory=set)
    owned: set[str] = field(default_factory=set)  # skus bought: a repeat buyer seldom buys the same thing again


@dataclass
class Call:
    at: datetime
    data: dict[str, Any]


@dataclass
class Line:
    product: Product
    quantity: int = 1
    price: float | None = None  # None: what the shop asks

    def properties(self) -> dict[str, Any]:
        return self.product.properties(self.quantity, self.price)

    @property
    def amount(self) -> float:
        return (self.product.paid if self.price is None else self.price) * self.quantity


@dataclass(frozen=True)
class Placed:
    """An order as the analytics stream saw it: enough to refund a line of it later."""

    order_id: str
    customer_id: str
    at: datetime
    lines: tuple[Line, ...]
    discount_rate: float = 0.0  # a coupon's: a refund gives back what was paid


class Visit:
    """One session of one shopper on one browser, appending its calls to ``calls``."""

    def __init__(self, calls: list[Call], shopper: Shopper, start: datetime, rng: random.Random,
                 browser: str | None = None, gap: tuple[int, int] = GAP_SECONDS) -> None:
        self.calls, self.shopper, self.at, self.rng, self.gap = calls, shopper, start, rng, gap
        self.browser = browser or next(iter(shopper.browsers))
        self.cart: list[Line] = []

    def _send(self, event: str, properties: dict[str, Any], at: datetime | None = None) -> None:
        self.at = at or self.at + timedelta(seconds=self.rng.randint(*self.gap))
        data: dict[str, Any] = {"type": "track", "event": event, "anonymousId": self.browser}
        if self.browser in self.shopper.signed_in:
            data["userId"] = self.shopper.customer_id
        data |= {"properties": properties, "context": {"device": {"type": self.shopper.browsers[self.browser]}}}
        self.calls.append(Call(self.at, data))

    def search(self, query: str) -> None:
        self._send(PRODUCTS_SEARCHED, {"query": query})

    def list(self, list_id: str, category: str | None, products: list[Product]) -> None:
        shown = [{"product_id": p.sku, "sku": p.sku, "price": p.paid, "position": n}
                 for n, p in enumerate(products, start=1)]
        self._send(PRODUCT_LIST_VIEWED, {"list_id": list_id, **({"category": category} if category else {}),
                                         "products": shown})

    def view(self, product: Product) -> None:
        self._send(PRODUCT_VIEWED, product.properties())

    def add(self, product: Product, quantity: int = 1, price: float | None = None) -> None:
        self.cart.append(Line(product, quantity, price))
        self._send(PRODUCT_ADDED, self.cart[-1].properties())

    def remove(self, product: Product) -> None:
        line = next(line for line in self.cart if line.product == product)
        self.cart.remove(line)
        self._send(PRODUCT_REMOVED, line.properties())

    def cart_viewed(self) -> None:
        self._send(CART_VIEWED, {"cart_id": f"cart-{self.browser}", "products": self._lines()})

    def checkout(self) -> None:
        """Checkout Started; a customer signs in on this browser here, the first time with an identify call."""
        if self.shopper.customer_id and self.browser not in self.shopper.signed_in:
            self.shopper.signed_in.add(self.browser)
            self.at += timedelta(seconds=self.rng.randint(*self.gap))
            self.calls.append(Call(self.at, {"type": "identify", "anonymousId": self.browser,
                                             "userId": self.shopper.customer_id,
                                             "traits": {"email": self.shopper.email
                                                        or f"{self.shopper.customer_id}@example.com"}}))
        self._send(CHECKOUT_STARTED, {"value": self._subtotal(), "currency": CURRENCY, "products": self._lines()})

    def order(self, order_id: str, coupon: tuple[str, float] | None = None, at: datetime | None = None) -> Placed:
        """Order Completed for the cart (after Coupon Applied, with a coupon), which it empties."""
        properties: dict[str, Any] = {"order_id": order_id}
        total, rate = self._subtotal(), 0.0
        if coupon is not None:
            code, rate = coupon
            discount = round(total * rate, 2)
            self._send(COUPON_APPLIED, {"order_id": order_id, "coupon_id": code, "coupon_name": code,
                                        "discount": discount})
            properties |= {"coupon": code, "discount": discount}
            total = round(total - discount, 2)
        properties |= {"total": total, "revenue": total, "currency": CURRENCY, "products": self._lines()}
        self._send(ORDER_COMPLETED, properties, at)
        assert self.shopper.customer_id is not None, "only a signed-in customer orders"
        placed = Placed(order_id, self.shopper.customer_id, self.at, tuple(self.cart), rate)
        self.shopper.owned.update(line.product.sku for line in self.cart)
        self.cart = []
        return placed

    def _lines(self) -> list[dict[str, Any]]:
        return [line.properties() for line in self.cart]

    def _subtotal(self) -> float:
        return round(sum(line.amount for line in self.cart), 2)


def refund(calls: list[Call], placed: Placed, line: Line, at: datetime) -> None:
    """Order Refunded for one returned line, sent by the shop's order system (the customer id only)."""
    calls.append(Call(at, {"type": "track", "event": ORDER_REFUNDED, "userId": placed.customer_id,
                           "properties": {"order_id": placed.order_id,
                                          "revenue": round(line.amount * (1 - placed.discount_rate), 2),
                                          "currency": CURRENCY, "products": [line.properties()]}}))
