"""Orders to test the support desk on: small hand-written ones, loaded into the migrated database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.support.loading import load_orders
from bot.support.models import Order
from bot.support.orders import find_order
from bot.support.policy_file import SupportPolicy, load_policy

NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)


def when(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat()


def order_record(number: str, *, status: str = "delivered", email: str | None = "Ada@Example.com",
                 customer_id: str | None = "cust-1", delivered_days_ago: float | None = 10,
                 lines: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "order_number": number, "customer_id": customer_id, "email": email, "status": status,
        "placed_at": when(20), "currency": "EUR",
        "lines": lines or [
            {"sku": "OF-RJK-0001", "title": "Drumlin Shell Jacket", "quantity": 1, "unit_price": 210.0,
             "category": "rain jackets"},
            {"sku": "OF-BSL-0001", "title": "Merino Base Layer", "quantity": 2, "unit_price": 45.5,
             "category": "base layers"},
        ],
    }
    if status in ("paid", "shipped", "delivered", "cancelled"):
        record["paid_at"] = when(20)
    if status in ("shipped", "delivered"):
        record["shipped_at"] = when(19)
        record["tracking_url"] = f"https://tracking.example.com/{number}"
    if status == "delivered" and delivered_days_ago is not None:
        record["delivered_at"] = when(delivered_days_ago)
    if status == "cancelled":
        record["cancelled_at"] = when(19)
    return record


@pytest.fixture
def policy() -> SupportPolicy:
    return load_policy()


@pytest.fixture
def orders(session: Session) -> dict[str, Order]:
    """Ada's delivered order OF-1, a paid OF-2 and a shipped OF-3; Ben's delivered OF-9; a guest's OF-G."""
    records = [order_record("OF-1"), order_record("OF-2", status="paid"), order_record("OF-3", status="shipped"),
               order_record("OF-9", email="ben@example.com", customer_id="cust-2"),
               order_record("OF-G", email="guest@example.org", customer_id=None)]
    report = load_orders(session, records, now=NOW)
    assert report.added == 5 and not report.rejected, report
    session.commit()
    found = {number: find_order(session, number) for number in ("OF-1", "OF-2", "OF-3", "OF-9", "OF-G")}
    return {number: order for number, order in found.items() if order is not None}
