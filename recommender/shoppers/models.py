"""Shoppers, the ids they are known by, their behaviour events and their stated preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recommender.base import Base, UtcDateTime, utcnow

ANONYMOUS = "anonymous"
CUSTOMER = "customer"



class Shopper(Base):
    """One person. Anonymous visitors get a row too; identifying merges theirs into the known one."""

    __tablename__ = "shoppers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    customer_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    country: Mapped[str | None] = mapped_column(String(80))
    device: Mapped[str | None] = mapped_column(String(40))
    traffic_source: Mapped[str | None] = mapped_column(String(120))

    ids: Mapped[list[ShopperId]] = relationship(back_populates="shopper", cascade="all, delete-orphan")


class ShopperId(Base):
    """An id a shopper is known by: any number of anonymous (browser) ids and at most one customer id."""

    __tablename__ = "shopper_ids"

    external_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    shopper: Mapped[Shopper] = relationship(back_populates="ids")


class Event(Base):
    """One Segment e-commerce track call, as received; its products are in ``event_items``."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_shopper_time", "shopper_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Segment's messageId: a retried delivery of the same call is recorded once.
    message_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    order_id: Mapped[str | None] = mapped_column(String(120), index=True)
    # Order value for Order Completed, amount refunded for Order Refunded; None for other events.
    revenue: Mapped[float | None] = mapped_column(Float)
    coupon: Mapped[str | None] = mapped_column(String(120))
    query: Mapped[str | None] = mapped_column(String(400))
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    items: Mapped[list[EventItem]] = relationship(back_populates="event", cascade="all, delete-orphan")


class EventItem(Base):
    """A product an event is about: the one viewed or added, or a line of an order."""

    __tablename__ = "event_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str | None] = mapped_column(String(400))
    category: Mapped[str | None] = mapped_column(String(120))
    brand: Mapped[str | None] = mapped_column(String(120))
    price: Mapped[float | None] = mapped_column(Float)
    quantity: Mapped[float] = mapped_column(Float, default=1.0)
    # Bought below its list price: the event said so, or its price was under the catalog price.
    on_sale: Mapped[bool] = mapped_column(Boolean, default=False)

    event: Mapped[Event] = relationship(back_populates="items")


class StatedPreference(Base):
    """One answer a shopper gave the finder (activity, conditions, features, fit, budget, category, colour)."""

    __tablename__ = "stated_preferences"
    __table_args__ = (Index("ix_stated_preferences_shopper_time", "shopper_id", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    conversation_id: Mapped[str | None] = mapped_column(String(120))


class ShopperSegment(Base):
    """What the last ``outfitter segments refresh`` concluded about a shopper, for reports and lookups."""

    __tablename__ = "shopper_segments"

    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id", ondelete="CASCADE"), primary_key=True)
    micro_segment: Mapped[str] = mapped_column(String(200), index=True)
    lifecycle: Mapped[str] = mapped_column(String(40))
    cluster: Mapped[int | None] = mapped_column(Integer, index=True)
    purchase_probability: Mapped[float | None] = mapped_column(Float)
    churn_risk: Mapped[float | None] = mapped_column(Float)
    clv_12m: Mapped[float | None] = mapped_column(Float)
    # Where the shopper sits on the report's 2-D map of the clusters (first two principal components).
    map_x: Mapped[float | None] = mapped_column(Float)
    map_y: Mapped[float | None] = mapped_column(Float)
    refreshed_at: Mapped[datetime] = mapped_column(UtcDateTime)
