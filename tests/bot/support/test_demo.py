"""The demo orders: the shipped file is what the generator writes, every state the desk handles is in it, and
loading dates it from today, once."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.demo import DEMO_CATALOG, DEMO_ORDERS
from bot.demo.orders import DEMO_REFERENCE, demo_orders, demo_orders_text, load_demo_orders
from bot.support.loading import load_orders
from bot.support.models import Order
from bot.support.orders import find_order
from bot.support.policy import cancel_decision, return_decision, today_in, warranty_decision
from bot.support.policy_file import SupportPolicy
from bot.support.verification import verify


def test_the_shipped_file_is_what_the_generator_writes() -> None:
    assert DEMO_ORDERS.read_text(encoding="utf-8") == demo_orders_text(), \
        "regenerate it: .venv/bin/python -m bot.demo.orders"
    assert demo_orders() == demo_orders()


def test_the_demo_uses_the_demo_catalogs_products() -> None:
    with DEMO_CATALOG.open(encoding="utf-8", newline="") as file:
        catalog = {row["sku"]: row for row in csv.DictReader(file)}
    for order in demo_orders():
        for line in order["lines"]:
            product = catalog[line["sku"]]
            assert (line["title"], line["category"]) == (product["title"], product["category"])


def test_every_state_is_there_relative_to_the_reference() -> None:
    orders = {o["order_number"]: o for o in demo_orders()}
    assert {o["status"] for o in orders.values()} == {"placed", "paid", "shipped", "delivered", "cancelled"}

    def days_ago(moment: str) -> float:
        return (DEMO_REFERENCE - datetime.fromisoformat(moment)) / timedelta(days=1)

    delivered = sorted(round(days_ago(o["delivered_at"])) for o in orders.values() if o["delivered_at"])
    assert {10, 40} <= set(delivered)
    assert sum(line["final_sale"] for o in orders.values() for line in o["lines"]) == 1
    assert orders["OF-100106"]["status"] == "shipped" and orders["OF-100106"]["tracking_url"].startswith("https://")
    assert any(o["customer_id"] is None for o in orders.values())  # a guest checkout


def test_loading_dates_it_from_today_and_only_into_an_empty_desk(session: Session, policy: SupportPolicy) -> None:
    now = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)
    report = load_demo_orders(session, now=now)
    session.commit()
    assert report is not None and report.added == 10 and not report.rejected
    assert load_demo_orders(session, now=now + timedelta(days=1)) is None
    again = load_orders(session, DEMO_ORDERS, now=now, reference=DEMO_REFERENCE)
    assert (again.added, again.known) == (0, 10)
    assert session.scalar(select(func.count()).select_from(Order)) == 10

    today = today_in(policy, now)

    def order(number: str) -> Order:
        found = find_order(session, number)
        assert found is not None
        return found

    recent, older, mixed = order("OF-100101"), order("OF-100102"), order("OF-100103")
    assert recent.delivered_at is not None and recent.delivered_at.date() == today - timedelta(days=10)
    assert return_decision(recent, recent.lines[:1], None, "new", today, policy).allowed
    jacket, boots = older.lines
    assert return_decision(older, [jacket], None, "new", today, policy).code == "window_passed"
    assert return_decision(older, [boots], None, "new", today, policy).allowed  # a 60-day category
    assert [return_decision(mixed, [line], None, "new", today, policy).code for line in mixed.lines] == \
        ["eligible", "final_sale", "final_sale"]  # a clearance line, and a base layer
    assert cancel_decision(order("OF-100104"), policy, today).allowed
    assert cancel_decision(order("OF-100105"), policy, today).allowed
    assert not cancel_decision(order("OF-100106"), policy, today).allowed
    assert order("OF-100107").status == "cancelled"
    past, inside = order("OF-100108"), order("OF-100109")
    assert warranty_decision(past.lines[0], 24, past.delivered_at, today, policy).code == "expired"
    assert warranty_decision(inside.lines[0], 36, inside.delivered_at, today, policy).allowed
    assert not return_decision(inside, inside.lines, None, "new", today, policy).allowed
    assert verify(session, "demo", "OF-100110", "jo.guest@example.org", now=now).verified
    assert verify(session, "demo", "OF-100101", customer_id="demo-alex", now=now).verified


def test_the_file_is_plain_json_lines() -> None:
    lines = DEMO_ORDERS.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 10 and all(isinstance(json.loads(line), dict) for line in lines)
