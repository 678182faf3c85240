"""Builders for Segment calls and hand-made shopper histories used across the shopper tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def at(days_ago: float = 0, minutes_ago: float = 0) -> str:
    return (NOW - timedelta(days=days_ago, minutes=minutes_ago)).isoformat()


def track(event: str, shopper: str = "anon-1", *, user: str | None = None, when: str | None = None,
          message: str | None = None, **properties: Any) -> dict[str, Any]:
    call: dict[str, Any] = {"type": "track", "event": event, "anonymousId": shopper,
                            "timestamp": when or at(), "properties": properties}
    if user:
        call["userId"] = user
    if message:
        call["messageId"] = message
    return call


def product(sku: str, price: float = 50.0, quantity: float = 1, **extra: Any) -> dict[str, Any]:
    return {"sku": sku, "price": price, "quantity": quantity, **extra}


def order(order_id: str, products: list[dict[str, Any]], shopper: str = "anon-1", *, when: str | None = None,
          user: str | None = None, **extra: Any) -> dict[str, Any]:
    return track("Order Completed", shopper, user=user, when=when, order_id=order_id, products=products, **extra)


def population(size: int = 90, seed: int = 7) -> list[dict[str, Any]]:
    """A year of calls from three kinds of shopper: regulars who keep buying, one-off buyers who drifted
    away, and browsers who never bought. Regular enough that the models have something to learn."""
    rng = random.Random(seed)
    calls: list[dict[str, Any]] = []
    for n in range(size):
        kind, user = n % 3, f"cust-{n}"
        if kind == 0:  # a regular: an order every 15–40 days all year, mostly jackets, sometimes on sale
            day = rng.uniform(0, 20)
            while day < 365:
                lines = [product(f"J{rng.randint(1, 5)}", rng.uniform(80, 160), category="jackets",
                                 on_sale=rng.random() < 0.2)]
                calls.append(order(f"{user}-{day:.0f}", lines, user, user=user, when=at(day)))
                day += rng.uniform(15, 40)
        elif kind == 1:  # bought once or twice, long ago, in a sale with a coupon
            for i in range(rng.randint(1, 2)):
                day = rng.uniform(200, 360)
                calls.append(order(f"{user}-{i}", [product(f"T{rng.randint(1, 5)}", 40, category="tents",
                                                           on_sale=True)], user, user=user, when=at(day),
                                   coupon="SPRING"))
        else:  # a browser: a few visits, a cart left behind
            for visit in range(rng.randint(2, 4)):
                day = rng.uniform(1, 60)
                calls.append(track("Product Viewed", f"anon-{n}", when=at(day, 5 + visit), sku=f"B{visit}",
                                   category="boots"))
            calls.append(track("Product Added", f"anon-{n}", when=at(day), sku="B1"))
    return calls
