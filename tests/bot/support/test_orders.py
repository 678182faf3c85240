"""Orders as their owner is told them, and cancellation as the policy allows it."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.support.models import Order
from bot.support.orders import OrderView, cancel, customer_orders, find_order, order_lines, order_view, warranty_months
from bot.support.policy import ALREADY_SHIPPED
from bot.support.policy_file import SupportPolicy
from recommender.catalog.models import Product

from .conftest import NOW


def test_an_order_view_tells_the_status_in_words_and_nothing_about_the_owner(
        orders: dict[str, Order], policy: SupportPolicy) -> None:
    view = order_view(orders["OF-3"], zone=policy.zone, today=NOW.date())
    assert view.status == "shipped" and view.status_text == "shipped on 14 May and on its way"
    assert view.tracking_url == "https://tracking.example.com/OF-3" and view.delivered_on is None
    assert [(line.line_number, line.sku, line.quantity) for line in view.lines] == [(1, "OF-RJK-0001", 1),
                                                                                    (2, "OF-BSL-0001", 2)]
    assert view.total == 301.0  # 210 + 2 × 45.50, the sum of the lines when the file gives no total
    assert not {"email", "customer_id"} & {f.name for f in fields(OrderView)}
    assert order_view(orders["OF-1"], zone=policy.zone, today=NOW.date()).status_text == "delivered on 23 May"
    assert order_view(orders["OF-2"], zone=policy.zone, today=NOW.date()).status_text == \
        "paid on 13 May and being prepared for shipping"


def test_lookups(session: Session, orders: dict[str, Order]) -> None:
    assert find_order(session, "  #of-9") is orders["OF-9"]
    assert find_order(session, "OF-404") is None and find_order(session, "") is None
    # Placed at the same moment: the one loaded last counts as the latest.
    assert [o.order_number for o in customer_orders(session, "cust-1")] == ["OF-3", "OF-2", "OF-1"]
    assert [o.order_number for o in customer_orders(session, "cust-1", limit=1)] == ["OF-3"]
    ada = orders["OF-1"]
    assert order_lines(ada, [ada.lines[1].id]) == [ada.lines[1]]


def test_cancel_before_shipping_and_not_after(session: Session, orders: dict[str, Order],
                                              policy: SupportPolicy) -> None:
    later = NOW + timedelta(hours=1)
    decision = cancel(session, orders["OF-2"], policy, now=later)
    assert decision.allowed and "The payment will be refunded." in decision.reason
    session.commit()
    session.expire_all()
    paid = find_order(session, "OF-2")
    assert paid is not None and paid.status == "cancelled" and paid.cancelled_at == later
    again = cancel(session, paid, policy, now=later)
    assert not again.allowed and again.reason == "Your order OF-2 was already cancelled on 2 June."

    shipped = cancel(session, orders["OF-3"], policy, now=later)
    assert not shipped.allowed and shipped.code == ALREADY_SHIPPED and orders["OF-3"].status == "shipped"
    view = order_view(paid, zone=policy.zone, today=date(2025, 6, 2))
    assert view.status_text == "cancelled on 2 June" and view.cancelled_on == date(2025, 6, 2)


def test_the_catalogs_warranty_for_a_line(session: Session) -> None:
    session.add(Product(sku="OF-RJK-0001", title="Drumlin Shell Jacket", price=210.0, warranty_months=36,
                        row_hash="x", text_hash="x"))
    session.add(Product(sku="OF-ACC-0001", title="Beanie", price=20.0, row_hash="y", text_hash="y"))
    session.commit()
    assert warranty_months(session, "OF-RJK-0001") == 36
    assert warranty_months(session, "OF-ACC-0001") is None and warranty_months(session, "GONE") is None
