"""A shopper's history as plain values: their events in time order, each with its product lines.

Lines take the category and brand the event gave, else the catalog's, so affinities work for shops whose
events carry only skus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from recommender.catalog.models import Product
from recommender.shoppers.models import Event, EventItem, StatedPreference


# Named tuples, not frozen dataclasses: a profile builds thousands of these per call and a frozen
# dataclass costs several times more to construct.
class Line(NamedTuple):
    sku: str
    category: str | None = None
    brand: str | None = None
    price: float | None = None
    quantity: float = 1.0
    on_sale: bool = False


class Happening(NamedTuple):
    """One event of the history."""

    name: str
    at: datetime
    lines: tuple[Line, ...] = ()
    order_id: str | None = None
    revenue: float | None = None
    coupon: str | None = None
    query: str | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    value: object
    at: datetime


def _events_query() -> Select:  # type: ignore[type-arg]
    return select(Event.id, Event.shopper_id, Event.name, Event.occurred_at, Event.order_id, Event.revenue,
                  Event.coupon, Event.query)


def _lines(session: Session, event_ids: Iterable[int] | Select) -> dict[int, list[Line]]:  # type: ignore[type-arg]
    category = func.coalesce(EventItem.category, Product.category)
    brand = func.coalesce(EventItem.brand, Product.brand)
    query = (select(EventItem.event_id, EventItem.sku, category, brand, EventItem.price, EventItem.quantity,
                    EventItem.on_sale)
             .outerjoin(Product, Product.sku == EventItem.sku)
             .where(EventItem.event_id.in_(event_ids)).order_by(EventItem.id))
    lines: dict[int, list[Line]] = defaultdict(list)
    for event_id, sku, cat, brd, price, quantity, on_sale in session.execute(query):
        lines[event_id].append(Line(sku, cat, brd, price, quantity, bool(on_sale)))
    return lines


def _happening(row: tuple, lines: dict[int, list[Line]]) -> Happening:  # type: ignore[type-arg]
    event_id, _, name, at, order_id, revenue, coupon, query = row
    return Happening(name, at, tuple(lines.get(event_id, ())), order_id, revenue, coupon, query)


def load_history(session: Session, shopper_id: int, *, until: datetime | None = None,
                 limit: int = 5000) -> list[Happening]:
    """The shopper's latest ``limit`` events up to ``until``, oldest first.

    One joined query on the connection, without ORM objects: this runs on every recommendation turn.
    """
    mine = Event.shopper_id == shopper_id
    if until is not None:
        mine = mine & (Event.occurred_at <= until)
    # The time of the limit-th latest event bounds the range, looked up first on the index alone: as a LIMIT
    # subquery, or a scalar subquery inside the main query, it made the load two to three times slower.
    oldest = session.scalar(select(Event.occurred_at).where(mine).order_by(Event.occurred_at.desc())
                            .offset(limit - 1).limit(1))
    if oldest is not None:
        mine = mine & (Event.occurred_at >= oldest)
    query = (select(Event.id, Event.name, Event.occurred_at, Event.order_id, Event.revenue, Event.coupon,
                    Event.query, EventItem.sku, func.coalesce(EventItem.category, Product.category),
                    func.coalesce(EventItem.brand, Product.brand), EventItem.price, EventItem.quantity,
                    EventItem.on_sale)
             .where(mine)
             .outerjoin(EventItem, EventItem.event_id == Event.id)
             .outerjoin(Product, Product.sku == EventItem.sku)
             .order_by(Event.occurred_at, Event.id, EventItem.id))
    history: list[Happening] = []
    current: int | None = None
    lines: list[Line] = []
    head: tuple = ()  # type: ignore[type-arg]
    for row in session.connection().execute(query).all():  # one fetchall: row-by-row fetching costs double
        if row[0] != current:
            if current is not None:
                history.append(Happening(head[1], head[2], tuple(lines), *head[3:7]))
            current, head, lines = row[0], tuple(row[:7]), []
        if row[7] is not None:
            lines.append(Line(row[7], row[8], row[9], row[10], row[11], bool(row[12])))
    if current is not None:
        history.append(Happening(head[1], head[2], tuple(lines), *head[3:7]))
    return history


def load_histories(session: Session, *, until: datetime | None = None) -> dict[int, list[Happening]]:
    """Every shopper's history up to ``until``, oldest first: the population for a refresh."""
    events = _events_query()
    if until is not None:
        events = events.where(Event.occurred_at <= until)
    rows = session.execute(events.order_by(Event.shopper_id, Event.occurred_at, Event.id)).all()
    ids = select(Event.id)
    if until is not None:
        ids = ids.where(Event.occurred_at <= until)
    lines = _lines(session, ids)
    histories: dict[int, list[Happening]] = defaultdict(list)
    for row in rows:
        histories[row[1]].append(_happening(row, lines))
    return dict(histories)


def load_answers(session: Session, shopper_id: int) -> list[Answer]:
    rows = session.execute(select(StatedPreference.question, StatedPreference.value, StatedPreference.answered_at)
                           .where(StatedPreference.shopper_id == shopper_id)
                           .order_by(StatedPreference.answered_at, StatedPreference.id))
    return [Answer(question, value, at) for question, value, at in rows]
