"""Record Segment calls: check each, keep the good ones, report the rest with their position and reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from recommender.catalog.models import Product
from recommender.shoppers.identity import Resolver
from recommender.shoppers.models import Event, EventItem, Shopper
from recommender.shoppers.spec import CheckedCall, SpecError, check, event_label

BATCH = 2000  # calls written per round trip: large enough for bulk inserts, small enough for progress


@dataclass(frozen=True)
class EventRejection:
    position: int  # 1 = the first call given (the first line of a file)
    reason: str
    event: str | None = None

    def __str__(self) -> str:
        return f"event {self.position}" + (f" ({self.event})" if self.event else "") + f": {self.reason}"


@dataclass
class RecordReport:
    recorded: int = 0
    identified: int = 0
    duplicates: int = 0
    shoppers_created: int = 0
    shoppers_merged: int = 0
    rejected: list[EventRejection] = field(default_factory=list)
    by_event: Counter[str] = field(default_factory=Counter)  # the recorded events by name (``recorded`` in all)


def record_events(session: Session, calls: Iterable[Any], *, now: datetime | None = None,
                  progress: Callable[[int], None] | None = None) -> RecordReport:
    """Check and record calls (track or identify); the bad ones are rejected with a reason, the rest kept.

    Calls are written in batches; the caller commits. ``progress`` gets the number of calls handled so far.
    """
    report = RecordReport()
    resolver = Resolver(session)
    batch: list[tuple[int, CheckedCall]] = []
    handled = 0
    for position, raw in enumerate(calls, start=1):
        handled = position
        try:
            batch.append((position, check(raw, now or datetime.now(UTC))))
        except SpecError as exc:
            report.rejected.append(EventRejection(position, str(exc), event_label(raw)))
        if len(batch) >= BATCH:
            _write(session, resolver, batch, report)
            batch = []
            if progress:
                progress(position)
    _write(session, resolver, batch, report)
    if progress:
        progress(handled)
    report.shoppers_created, report.shoppers_merged = resolver.created, resolver.merged
    return report


def _write(session: Session, resolver: Resolver, batch: list[tuple[int, CheckedCall]],
           report: RecordReport) -> None:
    if not batch:
        return
    resolver.preload({i for _, c in batch for i in (c.anonymous_id, c.user_id) if i})
    fresh = _unseen_messages(session, [c for _, c in batch])
    list_prices = _list_prices(session, {item.sku for _, c in batch for item in c.items})
    events: list[dict[str, Any]] = []
    items: list[list[dict[str, Any]]] = []
    touched: dict[int, list[CheckedCall]] = {}
    for _, call in batch:
        if call.message_id is not None and call.message_id not in fresh:
            report.duplicates += 1
            continue
        fresh.discard(call.message_id)  # a second copy inside the same batch is a duplicate too
        merges = len(resolver.merges)
        shopper_id = resolver.resolve(call.anonymous_id, call.user_id, call.occurred_at)
        for source, target in resolver.merges[merges:]:
            _move(events, touched, source, target)
        touched.setdefault(shopper_id, []).append(call)
        if call.kind == "identify":
            report.identified += 1
            continue
        events.append({"shopper_id": shopper_id, "name": call.name, "occurred_at": call.occurred_at,
                       "received_at": datetime.now(UTC), "message_id": call.message_id,
                       "order_id": call.order_id, "revenue": call.revenue, "coupon": call.coupon,
                       "query": call.query, "properties": call.properties})
        items.append([_item_row(item, list_prices) for item in call.items])
    # Seen-times and context are applied once per shopper and batch: touching the shopper on every call
    # kept the session dirty, and every new shopper's flush then rewrote them all.
    _touch(session, touched)
    if not events:
        return
    session.flush()
    ids = session.scalars(insert(Event).returning(Event.id, sort_by_parameter_order=True), events).all()
    rows = [row | {"event_id": event_id} for event_id, lines in zip(ids, items, strict=True) for row in lines]
    if rows:
        session.execute(insert(EventItem), rows)
    report.recorded += len(events)
    report.by_event.update(event["name"] for event in events)


def _move(events: list[dict[str, Any]], touched: dict[int, list[CheckedCall]], source: int, target: int) -> None:
    """A sign-in merged ``source`` away: this batch's calls it was given, not written yet, go to ``target`` now
    (not after the batch: the database may give a shopper created later the freed id)."""
    for event in events:
        if event["shopper_id"] == source:
            event["shopper_id"] = target
    if source in touched:
        touched.setdefault(target, []).extend(touched.pop(source))


def _unseen_messages(session: Session, calls: list[CheckedCall]) -> set[str | None]:
    ids = [c.message_id for c in calls if c.message_id]
    seen: set[str] = set()
    for start in range(0, len(ids), 500):
        seen.update(session.scalars(select(Event.message_id).where(Event.message_id.in_(ids[start:start + 500]))))
    return {i for i in ids if i not in seen}


def _list_prices(session: Session, skus: set[str]) -> dict[str, float]:
    wanted, prices = list(skus), {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(select(Product.sku, Product.price).where(Product.sku.in_(wanted[start:start + 500])))
        prices.update({sku: price for sku, price in rows})
    return prices


def _item_row(item: Any, list_prices: dict[str, float]) -> dict[str, Any]:
    # Paid under the catalog's list price counts as on sale, as does what the event itself says.
    listed = list_prices.get(item.sku)
    on_sale = item.on_sale or (listed is not None and item.price is not None and item.price < listed - 0.005)
    return {"sku": item.sku, "name": (item.name or "")[:400] or None, "category": item.category,
            "brand": item.brand, "price": item.price, "quantity": item.quantity, "on_sale": on_sale}


def _touch(session: Session, touched: dict[int, list[CheckedCall]]) -> None:
    ids = list(touched)
    for start in range(0, len(ids), 500):
        for shopper in session.scalars(select(Shopper).where(Shopper.id.in_(ids[start:start + 500]))):
            for call in sorted(touched[shopper.id], key=lambda c: c.occurred_at):
                shopper.first_seen = min(shopper.first_seen, call.occurred_at)
                if call.occurred_at >= shopper.last_seen:
                    shopper.last_seen = call.occurred_at
                    shopper.country = call.country or shopper.country
                    shopper.device = call.device or shopper.device
                shopper.traffic_source = shopper.traffic_source or call.traffic_source  # first touch
                shopper.email = call.email or shopper.email
