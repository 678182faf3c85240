"""A shopper's history as plain values: their events in time order, each with its product lines.

Lines take the category and brand the event gave, else the catalog's, so affinities work for shops whose
events carry only skus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, func, select, true
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


def _joined(where: ColumnElement[bool]) -> Select:  # type: ignore[type-arg]
    """Events with their lines, one row per line (or one per event without lines), in time order."""
    return (select(Event.shopper_id, Event.id, Event.name, Event.occurred_at, Event.order_id, Event.revenue,
                   Event.coupon, Event.query, EventItem.sku, func.coalesce(EventItem.category, Product.category),
                   func.coalesce(EventItem.brand, Product.brand), EventItem.price, EventItem.quantity,
                   EventItem.on_sale)
            .where(where)
            .outerjoin(EventItem, EventItem.event_id == Event.id)
            .outerjoin(Product, Product.sku == EventItem.sku)
            .order_by(Event.shopper_id, Event.occurred_at, Event.id, EventItem.id))


def _fold(session: Session, query: Select) -> dict[int, list[Happening]]:  # type: ignore[type-arg]
    """The joined rows folded back into each shopper's events. Core rows and one fetchall, no ORM objects:
    row-by-row fetching cost twice as much, and this runs on every recommendation turn."""
    histories: dict[int, list[Happening]] = defaultdict(list)
    current: int | None = None
    head: tuple = ()  # type: ignore[type-arg]
    lines: list[Line] = []

    def close() -> None:
        histories[head[0]].append(Happening(head[2], head[3], tuple(lines), *head[4:8]))

    for row in session.connection().execute(query).all():
        if row[1] != current:
            if current is not None:
                close()
            current, head, lines = row[1], tuple(row[:8]), []
        if row[8] is not None:
            lines.append(Line(row[8], row[9], row[10], row[11], row[12], bool(row[13])))
    if current is not None:
        close()
    return dict(histories)


def _until(where: ColumnElement[bool], until: datetime | None) -> ColumnElement[bool]:
    return where if until is None else where & (Event.occurred_at <= until)


HISTORY_LIMIT = 5000  # events a profile reads: the latest ones


def load_history(session: Session, shopper_id: int, *, until: datetime | None = None,
                 limit: int = HISTORY_LIMIT, through_event: int | None = None) -> list[Happening]:
    """The shopper's latest ``limit`` events up to ``until``, oldest first; only events whose id is at most
    ``through_event`` when it is given (what a reader that counted the events a moment ago saw)."""
    mine = _until(Event.shopper_id == shopper_id, until)
    if through_event is not None:
        mine = mine & (Event.id <= through_event)
    # The time of the limit-th latest event bounds the range, looked up first on the index alone: as a LIMIT
    # subquery, or a scalar subquery inside the main query, it made the load two to three times slower.
    oldest = session.scalar(select(Event.occurred_at).where(mine).order_by(Event.occurred_at.desc())
                            .offset(limit - 1).limit(1))
    if oldest is not None:
        mine = mine & (Event.occurred_at >= oldest)
    return _fold(session, _joined(mine)).get(shopper_id, [])


def load_new_events(session: Session, shopper_id: int, *, after_event: int, through_event: int,
                    seen_until: datetime, until: datetime) -> list[Happening]:
    """The events a history loaded up to ``seen_until`` with ids up to ``after_event`` lacks, now that it runs up
    to ``until`` and ``through_event``: newly recorded ones, and older ones whose time had not come yet (a
    call may be stamped up to a day ahead of its arrival). Oldest first."""
    new = (Event.shopper_id == shopper_id) & (Event.id <= through_event) & (Event.occurred_at <= until) & (
        (Event.id > after_event) | (Event.occurred_at > seen_until))
    return _fold(session, _joined(new)).get(shopper_id, [])


def load_histories(session: Session, *, until: datetime | None = None) -> dict[int, list[Happening]]:
    """Every shopper's history up to ``until``, oldest first: the population for a refresh."""
    return _fold(session, _joined(_until(true(), until)))


def load_answers(session: Session, shopper_id: int) -> list[Answer]:
    rows = session.execute(select(StatedPreference.question, StatedPreference.value, StatedPreference.answered_at)
                           .where(StatedPreference.shopper_id == shopper_id)
                           .order_by(StatedPreference.answered_at, StatedPreference.id))
    return [Answer(question, value, at) for question, value, at in rows]


def load_all_answers(session: Session) -> dict[int, list[Answer]]:
    """Every shopper's answers, oldest first, in one query: the population for a refresh."""
    answers: dict[int, list[Answer]] = defaultdict(list)
    rows = session.execute(select(StatedPreference.shopper_id, StatedPreference.question, StatedPreference.value,
                                  StatedPreference.answered_at)
                           .order_by(StatedPreference.answered_at, StatedPreference.id))
    for shopper_id, question, value, at in rows:
        answers[shopper_id].append(Answer(question, value, at))
    return dict(answers)
