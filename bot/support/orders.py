"""Orders: finding them, what a verified owner may be told about one, and cancelling one the policy allows.

Nothing here checks who is asking: the bot reaches an order through :func:`bot.support.verification.verify`
(or the signed-in customer's own list), the console through the support token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.support.ids import MAX_ORDER_NUMBER, normalize_order_number
from bot.support.models import CANCELLED, DELIVERED, PAID, PLACED, SHIPPED, Order, OrderLine
from bot.support.policy import Decision, cancel_decision, today_in
from bot.support.policy_file import SupportPolicy
from bot.support.words import day_text, local_day
from recommender.base import utcnow
from recommender.catalog.models import Product


@dataclass(frozen=True)
class LineView:
    line_id: int
    line_number: int
    sku: str
    title: str
    quantity: int
    unit_price: float
    category: str | None
    final_sale: bool


@dataclass(frozen=True)
class OrderView:
    """What may be told to an order's verified owner: never the email or the customer id it is filed under."""

    order_number: str
    status: str
    status_text: str  # "shipped on 4 May and on its way", for the bot to say as it is
    placed_on: date
    paid_on: date | None
    shipped_on: date | None
    delivered_on: date | None
    cancelled_on: date | None
    tracking_url: str | None
    currency: str
    total: float
    lines: tuple[LineView, ...]


def find_order(session: Session, order_number: str) -> Order | None:
    """The order with this number as a shopper may type it (``#of-100234``), or None."""
    number = normalize_order_number(order_number)
    if not number or len(number) > MAX_ORDER_NUMBER:
        return None
    return session.scalars(select(Order).where(Order.order_number == number)).one_or_none()


def customer_orders(session: Session, customer_id: str, *, limit: int = 10) -> list[Order]:
    """A known customer's orders, the latest first. Only for the customer the widget's signed session names."""
    return list(session.scalars(select(Order).where(Order.customer_id == customer_id)
                                .order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)))


def order_lines(order: Order, line_ids: list[int] | tuple[int, ...]) -> list[OrderLine]:
    """The lines of ``order`` with these ids, in the order's own order.

    Raises:
        ValueError: an id that is not a line of this order (it names the ids), so a case can never point at
            someone else's item.
    """
    wanted = set(line_ids)
    lines = [line for line in order.lines if line.id in wanted]
    if missing := sorted(wanted - {line.id for line in lines}):
        raise ValueError(f"order {order.order_number} has no line(s) {', '.join(map(str, missing))}")
    return lines


def warranty_months(session: Session, sku: str) -> int | None:
    """The catalog's warranty for a product, for ``warranty_decision``; None when the catalog states none or no
    longer has the product (the policy's default then applies)."""
    return session.scalar(select(Product.warranty_months).where(Product.sku == sku))


def _status_text(order: Order, zone: tzinfo, today: date) -> str:
    def on(moment: datetime | None) -> str:
        return f" on {day_text(local_day(moment, zone), today)}" if moment else ""

    words = {
        PLACED: f"placed{on(order.placed_at)} and waiting for payment",
        PAID: f"paid{on(order.paid_at or order.placed_at)} and being prepared for shipping",
        SHIPPED: f"shipped{on(order.shipped_at)} and on its way",
        DELIVERED: f"delivered{on(order.delivered_at)}",
        CANCELLED: f"cancelled{on(order.cancelled_at)}",
    }
    return words.get(order.status, order.status)


def order_view(order: Order, *, zone: tzinfo, today: date) -> OrderView:
    """The order as its verified owner may see it, dates as the shop's calendar days in ``zone``."""
    def day(moment: datetime | None) -> date | None:
        return local_day(moment, zone) if moment else None

    lines = tuple(LineView(line_id=line.id, line_number=line.line_number, sku=line.sku, title=line.title,
                           quantity=line.quantity, unit_price=line.unit_price, category=line.category,
                           final_sale=line.final_sale) for line in order.lines)
    return OrderView(order_number=order.order_number, status=order.status,
                     status_text=_status_text(order, zone, today), placed_on=local_day(order.placed_at, zone),
                     paid_on=day(order.paid_at), shipped_on=day(order.shipped_at),
                     delivered_on=day(order.delivered_at), cancelled_on=day(order.cancelled_at),
                     tracking_url=order.tracking_url, currency=order.currency, total=order.total, lines=lines)


def cancel(session: Session, order: Order, policy: SupportPolicy, *, now: datetime | None = None) -> Decision:
    """Cancel ``order`` when :func:`cancel_decision` allows it; the decision says what happened. The caller
    commits (and opens a ``cancel`` case when a paid order needs its refund)."""
    now = now or utcnow()
    decision = cancel_decision(order, policy, today_in(policy, now))
    if decision.allowed:
        order.status = CANCELLED
        order.cancelled_at = now
        order.updated_at = now
        session.flush()
    return decision
