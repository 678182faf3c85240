"""Builders for Segment calls and hand-made shopper histories used across the shopper tests."""

from __future__ import annotations

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
