"""The support desk's tables: the shop's orders and their lines, support cases with their history, and the
verification attempts behind the lockout.

They hang off the same declarative base as the catalog and the shoppers, so one Alembic history covers all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recommender.base import Base, UtcDateTime, utcnow

# Order statuses, in the order an order moves through them; cancelled can follow placed or paid.
PLACED = "placed"
PAID = "paid"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
ORDER_STATUSES = (PLACED, PAID, SHIPPED, DELIVERED, CANCELLED)

# Case kinds.
RETURN = "return"
WARRANTY = "warranty"
CANCEL = "cancel"
HANDOFF = "handoff"
CASE_KINDS = (RETURN, WARRANTY, CANCEL, HANDOFF)

# Case statuses; which kind may move between which is in bot/support/cases.py (TRANSITIONS).
OPEN = "open"
APPROVED = "approved"
REJECTED = "rejected"
REFUND_ISSUED = "refund_issued"
CLOSED = "closed"
CASE_STATUSES = (OPEN, APPROVED, REJECTED, REFUND_ISSUED, CLOSED)

REFUND = "refund"
EXCHANGE = "exchange"
RESOLUTIONS = (REFUND, EXCHANGE)

# Case event kinds: the case was opened; someone wrote to the shopper (or the shopper wrote); the status
# changed; a note for the team only, never shown to the shopper.
OPENED = "opened"
MESSAGE = "message"
STATUS = "status"
NOTE = "note"
EVENT_KINDS = (OPENED, MESSAGE, STATUS, NOTE)

MONEY = Numeric(12, 2, asdecimal=False)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Order(Base):
    """An order as the shop's order system knows it. Shown only to its verified owner (verification.py)."""

    __tablename__ = "orders"
    __table_args__ = (CheckConstraint(_one_of("status", ORDER_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # As the shop writes it ("OF-100234", or a digit run like "581483"), upper-cased and trimmed.
    order_number: Mapped[str] = mapped_column(String(40), unique=True)
    customer_id: Mapped[str | None] = mapped_column(String(120), index=True)  # None for a guest checkout
    email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16))
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    tracking_url: Mapped[str | None] = mapped_column(String(1000))
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[float] = mapped_column(MONEY)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(back_populates="order", cascade="all, delete-orphan",
                                                  order_by="OrderLine.line_number", lazy="selectin")


class OrderLine(Base):
    """One item of an order, with the category and final-sale flag it had when it was bought."""

    __tablename__ = "order_lines"
    __table_args__ = (UniqueConstraint("order_id", "line_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_number: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(400))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[float] = mapped_column(MONEY)
    # The category at order time: the return window is the one of what was bought, even if the catalog
    # has moved the product since.
    category: Mapped[str | None] = mapped_column(String(120))
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)

    order: Mapped[Order] = relationship(back_populates="lines")


class SupportCase(Base):
    """A return, a warranty claim, a cancellation or a hand-off to a person, as the team works it."""

    __tablename__ = "support_cases"
    __table_args__ = (
        CheckConstraint(_one_of("kind", CASE_KINDS), name="kind"),
        CheckConstraint(_one_of("status", CASE_STATUSES), name="status"),
        CheckConstraint(f"resolution IS NULL OR {_one_of('resolution', RESOLUTIONS)}", name="resolution"),
        Index("ix_support_cases_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_number: Mapped[str] = mapped_column(String(40), unique=True)  # "C-000123", from the id
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    line_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # the order lines the case is about
    conversation_id: Mapped[str] = mapped_column(String(120), index=True)  # the Rasa sender id
    customer_id: Mapped[str | None] = mapped_column(String(120), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    condition: Mapped[str | None] = mapped_column(String(40))  # the item's state, a key of the policy's conditions
    resolution: Mapped[str | None] = mapped_column(String(16))  # returns: refund or exchange
    photo_url: Mapped[str | None] = mapped_column(String(1000))
    # The same request again (a repeat, or Rasa retrying the action) carries the same key and finds this case.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    order: Mapped[Order | None] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                   order_by=lambda: [CaseEvent.at, CaseEvent.id])


class CaseEvent(Base):
    """One entry of a case's history: its opening, a message, a status change or a team note."""

    __tablename__ = "case_events"
    __table_args__ = (CheckConstraint(_one_of("kind", EVENT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("support_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(160))  # "bot", "shopper" or "agent:<name>"
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))

    case: Mapped[SupportCase] = relationship(back_populates="events")


class VerificationAttempt(Base):
    """One try at proving an order is the shopper's. Kept here, not in a Rasa slot: a shopper can set slots by
    sending entities, so a counter there could be reset by the person it is meant to stop."""

    __tablename__ = "verification_attempts"
    __table_args__ = (Index("ix_verification_attempts_conversation_at", "conversation_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)
