"""The demo shop's orders: every state the support desk handles, over the demo catalog's products.

The orders are written as of a fixed moment (``DEMO_REFERENCE``) with seeded choices, so the shipped file
``data/support/demo_orders.jsonl`` is the same on every run and a test checks it against this generator.
Loading moves every date by the whole days from ``DEMO_REFERENCE`` to today (:func:`load_demo_orders`), so an
order "delivered 10 days ago" is 10 days old whenever the demo first starts.

Regenerate after changing the demo catalog::

    .venv/bin/python -m bot.demo.orders            # rewrite data/support/demo_orders.jsonl
    .venv/bin/python -m bot.demo.orders --out FILE # write elsewhere
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.demo import DEMO_CATALOG, DEMO_ORDERS
from bot.support.loading import OrderLoadReport, load_orders
from bot.support.models import CANCELLED, DELIVERED, PAID, PLACED, SHIPPED, Order

DEMO_REFERENCE = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
SEED = "outfitter-demo-orders-v1"
TRACKING = "https://tracking.example.com/parcel/{}"  # example.com: a carrier that cannot exist

# Demo customers: a customer id the demo shop can sign in as, and the email their orders carry
# (example.com and example.org are reserved, so no real person gets mail).
CUSTOMERS = {"alex": ("demo-alex", "alex@example.com"), "sam": ("demo-sam", "sam@example.com"),
             "robin": ("demo-robin", "robin@example.com"), "guest": (None, "jo.guest@example.org")}


@dataclass(frozen=True)
class _Plan:
    """One demo order: whose, which categories, its status and how many days before the reference each step
    happened (None: not yet)."""

    number: str
    customer: str
    categories: tuple[str, ...]
    status: str
    placed: int
    paid: int | None = None
    shipped: int | None = None
    delivered: int | None = None
    cancelled: int | None = None
    final_sale_line: int | None = None  # the line sold as final sale (a clearance price), counted from 1
    warranty_months: int | None = None  # pick products with this catalog warranty


PLANS = (
    # Delivered 10 days ago: inside every return window.
    _Plan("OF-100101", "alex", ("rain jackets", "accessories"), DELIVERED, 14, 14, 13, 10),
    # Delivered 40 days ago: past the 30-day window for the jacket, inside the 60 days for the boots.
    _Plan("OF-100102", "alex", ("insulated jackets", "hiking boots"), DELIVERED, 45, 45, 44, 40),
    # A final-sale line (sold at a clearance price) beside a returnable fleece and a base layer, whose
    # category the policy makes final sale.
    _Plan("OF-100103", "sam", ("fleeces", "accessories", "base layers"), DELIVERED, 13, 13, 12, 10,
          final_sale_line=2),
    # Placed but not paid, and paid but not shipped: both may be cancelled.
    _Plan("OF-100104", "sam", ("tents",), PLACED, 1),
    _Plan("OF-100105", "robin", ("backpacks", "sleeping bags"), PAID, 2, 2),
    # On its way, with a tracking link.
    _Plan("OF-100106", "robin", ("softshell jackets",), SHIPPED, 3, 3, 2),
    _Plan("OF-100107", "alex", ("trousers",), CANCELLED, 20, 20, cancelled=19),
    # Delivered 30 months ago with a 24-month warranty: past it. Eight months ago with 36 months: inside it,
    # but long past the return window.
    _Plan("OF-100108", "sam", ("travel bags",), DELIVERED, 916, 916, 915, 913, warranty_months=24),
    _Plan("OF-100109", "robin", ("backpacks",), DELIVERED, 248, 248, 247, 244, warranty_months=36),
    # A guest checkout: no customer id, found by its number and email only.
    _Plan("OF-100110", "guest", ("shorts",), DELIVERED, 8, 8, 7, 5),
)


def _catalog(path: Path) -> dict[str, list[dict[str, str]]]:
    by_category: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            by_category.setdefault(row["category"], []).append(row)
    return by_category


def _when(reference: datetime, days: int | None, hour: int) -> str | None:
    return None if days is None else (reference - timedelta(days=days, hours=hour)).isoformat()


def _line(number: int, product: dict[str, str], rng: random.Random, final_sale: bool) -> dict[str, Any]:
    price = float(product["sale_price"] or product["price"])
    if final_sale:
        price = round(price * 0.6, 2)  # a clearance price is what made it final sale
    return {"line_number": number, "sku": product["sku"], "title": product["title"],
            "quantity": 2 if product["category"] == "accessories" and rng.random() < 0.5 else 1,
            "unit_price": price, "category": product["category"], "final_sale": final_sale}


def _order(plan: _Plan, catalog: dict[str, list[dict[str, str]]], rng: random.Random,
           reference: datetime) -> dict[str, Any]:
    lines = []
    for number, category in enumerate(plan.categories, start=1):
        products = [p for p in catalog[category] if plan.warranty_months is None
                    or p["warranty_months"] == str(plan.warranty_months)]
        if not products:
            raise ValueError(f"the demo catalog has no {category} with a {plan.warranty_months}-month warranty")
        lines.append(_line(number, rng.choice(products), rng, final_sale=number == plan.final_sale_line))
    customer_id, email = CUSTOMERS[plan.customer]
    currency = catalog[plan.categories[0]][0]["currency"] or "EUR"
    return {
        "order_number": plan.number, "customer_id": customer_id, "email": email, "status": plan.status,
        "placed_at": _when(reference, plan.placed, 2), "paid_at": _when(reference, plan.paid, 2),
        "shipped_at": _when(reference, plan.shipped, 0), "delivered_at": _when(reference, plan.delivered, -2),
        "cancelled_at": _when(reference, plan.cancelled, 0),
        "tracking_url": TRACKING.format(f"OF{plan.number[3:]}DE") if plan.shipped is not None else None,
        "currency": currency, "total": round(sum(line["unit_price"] * line["quantity"] for line in lines), 2),
        "lines": lines,
    }


def demo_orders(catalog: Path = DEMO_CATALOG, *, reference: datetime = DEMO_REFERENCE,
                seed: str = SEED) -> list[dict[str, Any]]:
    """The demo orders, as of ``reference``; the same catalog and seed give the same orders."""
    rng = random.Random(seed)
    products = _catalog(catalog)
    return [_order(plan, products, rng, reference) for plan in PLANS]


def demo_orders_text(catalog: Path = DEMO_CATALOG) -> str:
    """The demo orders as the shipped JSON Lines file holds them."""
    return "".join(json.dumps(order, ensure_ascii=False) + "\n" for order in demo_orders(catalog))


def write_demo_orders(path: Path = DEMO_ORDERS, catalog: Path = DEMO_CATALOG) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(demo_orders_text(catalog), encoding="utf-8")
    return path


def load_demo_orders(session: Session, *, now: datetime | None = None,
                     path: Path = DEMO_ORDERS) -> OrderLoadReport | None:
    """Load the demo orders, moved to ``now``, when there is no order at all; None when there are some (a
    shop's own orders are never mixed with the demo's). The caller commits."""
    if session.scalar(select(exists().select_from(Order))):
        return None
    return load_orders(session, path, now=now, reference=DEMO_REFERENCE)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the demo orders.")
    parser.add_argument("--out", type=Path, default=DEMO_ORDERS, help="where to write (default: %(default)s)")
    written = write_demo_orders(parser.parse_args(argv).out)
    print(f"wrote {len(PLANS)} orders to {written}")


if __name__ == "__main__":
    main()
