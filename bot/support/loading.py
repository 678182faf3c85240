"""Load orders with their lines from a JSON Lines file or from records, once per order number.

An order number already in the database is left as it is: cases point at its lines, and a cancellation made
here must not be undone by an older export. Bad rows are reported by line and field; the good ones are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.support.models import Order, OrderLine
from bot.support.order_records import OrderRecord, OrderRowError, check_moments, parse_order
from recommender.base import utcnow
from recommender.catalog.reader import Progress
from recommender.shoppers.segment_file import read_segment_calls
from recommender.shoppers.spec import Unreadable

BATCH = 500  # orders per insert: few round trips, and an IN list every database takes


@dataclass(frozen=True)
class OrderRejection:
    line: int  # the line of the file, or the position (from 1) among the records given
    reason: str
    order_number: str | None = None
    name: str | None = None  # what the source calls the record ("invoice 536365"), when not a line

    def __str__(self) -> str:
        where = self.name or f"line {self.line}" + (f" (order {self.order_number})" if self.order_number else "")
        return f"{where}: {self.reason}"


@dataclass
class OrderLoadReport:
    added: int = 0
    known: int = 0  # already in the database, left as they are
    lines: int = 0  # order lines added
    rejected: list[OrderRejection] = field(default_factory=list)


def day_shift(now: datetime, reference: datetime | None) -> timedelta:
    """Whole days from ``reference`` to ``now``: a file written as of ``reference`` reads as of today, each
    date keeping its time of day (an order delivered "10 days ago" still is)."""
    if reference is None:
        return timedelta(0)
    return timedelta(days=(now.astimezone(reference.tzinfo).date() - reference.date()).days)


def _numbered(source: Path | Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, Any]]:
    if isinstance(source, Path):
        yield from read_segment_calls(source)  # any JSON Lines file, plain or gzipped, numbered by line
    else:
        yield from enumerate(source, start=1)


def _shown_number(data: Any) -> str | None:
    number = data.get("order_number") if isinstance(data, Mapping) else None
    text = str(number).strip() if isinstance(number, str | int) and not isinstance(number, bool) else ""
    return text[:40] if text and "\n" not in text else None


def _shifted(record: OrderRecord, shift: timedelta) -> OrderRecord:
    if not shift:
        return record
    return record.model_copy(update={name: when + shift for name, when in record.moments().items() if when})


def _order_row(record: OrderRecord, now: datetime) -> dict[str, Any]:
    return {"order_number": record.order_number, "customer_id": record.customer_id, "email": record.email,
            "status": record.status, **record.moments(), "tracking_url": record.tracking_url,
            "currency": record.currency, "total": round(record.total or 0.0, 2), "created_at": now,
            "updated_at": now}


def _write(session: Session, records: list[OrderRecord], report: OrderLoadReport, now: datetime) -> None:
    known = set(session.scalars(select(Order.order_number)
                                .where(Order.order_number.in_([r.order_number for r in records]))))
    new = [r for r in records if r.order_number not in known]
    report.known += len(records) - len(new)
    if not new:
        return
    # Core inserts, not ORM objects: an order history has hundreds of thousands of lines.
    orders, lines_table = Order.__table__, OrderLine.__table__
    ids = session.execute(orders.insert().returning(orders.c.id, sort_by_parameter_order=True),
                          [_order_row(r, now) for r in new]).scalars().all()
    lines = [{"order_id": order_id, "line_number": line.line_number, "sku": line.sku, "title": line.title,
              "quantity": line.quantity, "unit_price": round(line.unit_price, 2), "category": line.category or None,
              "final_sale": line.final_sale} for order_id, record in zip(ids, new, strict=True)
             for line in record.lines]
    session.execute(lines_table.insert(), lines)
    report.added += len(new)
    report.lines += len(lines)


def load_orders(session: Session, source: Path | Iterable[Mapping[str, Any]], *, now: datetime | None = None,
                reference: datetime | None = None, progress: Progress | None = None) -> OrderLoadReport:
    """Add the orders of ``source`` that the database does not have yet. The caller commits.

    Args:
        session: the app database.
        source: a JSON Lines file (plain or gzipped), one order with its ``lines`` a line, or the same
            orders as mappings.
        now: the time of loading; dates more than a day after it are refused.
        reference: the moment the file's dates were written relative to; given, every date moves by the
            whole days from it to ``now`` (the demo orders stay "delivered 10 days ago").
        progress: called as ``progress("write", orders done, None)``.

    Raises:
        OSError: the file cannot be opened.
        EventFileError: a gzip file that is broken or truncated.
    """
    now = now or utcnow()
    shift = day_shift(now, reference)
    report = OrderLoadReport()
    first_line: dict[str, int] = {}
    batch: list[OrderRecord] = []
    for position, data in _numbered(source):
        if isinstance(data, Unreadable):
            report.rejected.append(OrderRejection(position, data.reason.removeprefix(f"line {position}: ")))
            continue
        try:
            record = _shifted(parse_order(data), shift)
            check_moments(record, now)
        except OrderRowError as exc:
            report.rejected.append(OrderRejection(position, str(exc), _shown_number(data)))
            continue
        if (first := first_line.setdefault(record.order_number, position)) != position:
            report.rejected.append(OrderRejection(position, f"order_number: repeated (first at line {first})",
                                                  record.order_number))
            continue
        batch.append(record)
        if len(batch) >= BATCH:
            _write(session, batch, report, now)
            batch.clear()
            if progress:
                progress("write", report.added + report.known, None)
    if batch:
        _write(session, batch, report, now)
    if progress:
        progress("write", report.added + report.known, report.added + report.known)
    return report
