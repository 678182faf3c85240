"""The conversion report: suggestion lists shown, their cards clicked, and the orders that followed.

For the lists shown in a time window, per match level, per lifecycle and largest micro-segments, and per
experiment group: lists, shoppers, products shown, clicks, click-through rate, orders attributed, conversion
and attributed revenue; and the lift of the personalized group over the control group.

A click counts when it names a shown list (``list_id``) and a product on it (the sku: a page shows a product
once, so the sku is the card whatever ``position`` says), and comes from the shopper the list was shown to. An
order line is attributed to a click (last click wins) when the same shopper ordered the clicked sku within
``window_days`` after the click. Shoppers are compared by their ids as they are now, so a browser that has
since signed in (and been merged into its customer) is one shopper with its customer's orders. Revenue is the
clicked product's line (price × quantity), not the whole basket.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from recommender.feedback.holdout import CONTROL, OUTSIDE, PERSONALIZED
from recommender.feedback.lift import Lift, Rate, compare
from recommender.feedback.models import MATCH_LEVELS, SuggestionList
from recommender.shoppers.bounds import CLOCK_SKEW
from recommender.shoppers.identity import IDS_PER_QUERY, shopper_ids_of
from recommender.shoppers.models import Event, EventItem
from recommender.shoppers.spec import ORDER_COMPLETED, PRODUCT_CLICKED

DEFAULT_WINDOW_DAYS = 7
TOP_SEGMENTS = 10  # micro-segments listed; the rest are in the lifecycle rows


@dataclass
class Shown:
    """One product on one shown list, and what came of it."""

    list_id: str
    shopper: int | None  # the shopper the list was shown to, as the ids resolve now
    unit: str | None  # who counts as one shopper in the report (a resolved shopper, else the id shown to)
    sku: str
    match: str
    lifecycle: str
    segment: str
    group: str
    clicks: list[datetime] = field(default_factory=list)  # when its shopper clicked it, oldest first
    orders: set[int] = field(default_factory=set)
    revenue: float = 0.0

    @property
    def clicked(self) -> bool:
        return bool(self.clicks)

    @property
    def bought(self) -> bool:
        return bool(self.orders)


@dataclass(frozen=True)
class Row:
    key: str
    lists: int
    shoppers: int
    products: int  # products shown
    clicks: int  # of those, clicked
    bought: int  # of those clicked, ordered within the window
    orders: int  # distinct orders with a product clicked here
    revenue: float  # the clicked products' lines in those orders

    @property
    def ctr(self) -> Rate:
        return Rate(self.clicks, self.products)

    @property
    def conversion(self) -> Rate:
        return Rate(self.bought, self.clicks)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "lists": self.lists, "shoppers": self.shoppers, "products": self.products,
                "clicks": self.clicks, "ctr": self.ctr.to_dict(), "bought": self.bought, "orders": self.orders,
                "conversion": self.conversion.to_dict(), "revenue": round(self.revenue, 2)}


@dataclass(frozen=True)
class ConversionReport:
    since: datetime | None
    until: datetime
    as_of: datetime
    window_days: int
    total: Row
    by_match: list[Row]
    by_lifecycle: list[Row]
    by_segment: list[Row]  # the TOP_SEGMENTS micro-segments with most products shown
    segments: int  # how many micro-segments there were in all
    by_group: list[Row]
    lifts: list[Lift]
    open_clicks: int  # clicks whose attribution window is still open: orders may still come

    def to_dict(self) -> dict[str, Any]:
        def rows(found: list[Row]) -> list[dict[str, Any]]:
            return [row.to_dict() for row in found]

        return {"since": self.since.isoformat() if self.since else None, "until": self.until.isoformat(),
                "as_of": self.as_of.isoformat(), "window_days": self.window_days, "total": self.total.to_dict(),
                "by_match": rows(self.by_match), "by_lifecycle": rows(self.by_lifecycle),
                "by_segment": rows(self.by_segment), "segments": self.segments, "by_group": rows(self.by_group),
                "lifts": [lift.to_dict() for lift in self.lifts], "open_clicks": self.open_clicks}


def summarise(key: str, shown: Iterable[Shown]) -> Row:
    items = list(shown)
    orders = set().union(*(s.orders for s in items)) if items else set()
    return Row(key=key, lists=len({s.list_id for s in items}), shoppers=len({s.unit for s in items if s.unit}),
               products=len(items), clicks=sum(s.clicked for s in items), bought=sum(s.bought for s in items),
               orders=len(orders), revenue=round(sum(s.revenue for s in items), 2))


def _grouped(shown: list[Shown], key: Callable[[Shown], str]) -> list[Row]:
    groups: dict[str, list[Shown]] = defaultdict(list)
    for item in shown:
        groups[key(item)].append(item)
    return sorted((summarise(name, items) for name, items in groups.items()), key=lambda r: (-r.products, r.key))


def _shown(session: Session, since: datetime | None, until: datetime) -> list[Shown]:
    query = (select(SuggestionList).options(selectinload(SuggestionList.items))
             .where(SuggestionList.shown_at < until).order_by(SuggestionList.shown_at))
    if since is not None:
        query = query.where(SuggestionList.shown_at >= since)
    lists = session.scalars(query).all()
    shoppers = shopper_ids_of(session, {lst.external_id for lst in lists if lst.external_id})
    shown = []
    for lst in lists:
        shopper = shoppers.get(lst.external_id) if lst.external_id else None
        unit = f"shopper:{shopper}" if shopper is not None else lst.external_id
        shown.extend(Shown(lst.id, shopper, unit, item.sku, item.match, lst.lifecycle, lst.micro_segment,
                           lst.experiment_group) for item in lst.items)
    return shown


def _attach_clicks(session: Session, shown: list[Shown], since: datetime | None) -> list[tuple[datetime, Shown]]:
    """Note on each shown product when its shopper clicked it; every such click, oldest first.

    A card counts as clicked once however often it was clicked, but each click is one its order may follow.
    The sku finds the card, whatever the click's position says: a page shows a product once.
    """
    cards: dict[str, dict[str, Shown]] = defaultdict(dict)
    for item in shown:
        cards[item.list_id].setdefault(item.sku, item)
    query = (select(Event.shopper_id, Event.occurred_at, Event.properties, EventItem.sku)
             .join(EventItem, EventItem.event_id == Event.id)
             .where(Event.name == PRODUCT_CLICKED, Event.properties["list_id"].as_string().like("sug-%"))
             .order_by(Event.occurred_at, Event.id))
    if since is not None:
        query = query.where(Event.occurred_at >= since - CLOCK_SKEW)  # a browser's clock may run ahead
    clicks = []
    for shopper, at, properties, sku in session.execute(query):
        card = cards.get(str(properties.get("list_id")), {}).get(sku)
        if card is None or card.shopper != shopper:
            continue  # not a product of a list we showed in the window, or not the shopper it was shown to
        card.clicks.append(at)
        clicks.append((at, card))
    return clicks


def _attribute_orders(session: Session, clicks: list[tuple[datetime, Shown]], window: timedelta) -> None:
    """Give each ordered line of a clicked sku to the shopper's latest click on it within the window before."""
    by_product: dict[tuple[int, str], list[tuple[datetime, Shown]]] = defaultdict(list)
    for at, card in clicks:  # oldest first, so each list is in time order
        assert card.shopper is not None
        by_product[(card.shopper, card.sku)].append((at, card))
    if not by_product:
        return
    shoppers = sorted({shopper for shopper, _ in by_product})
    earliest = clicks[0][0]
    for start in range(0, len(shoppers), IDS_PER_QUERY):
        lines = session.execute(
            select(Event.id, Event.shopper_id, Event.occurred_at, EventItem.sku, EventItem.price, EventItem.quantity)
            .join(EventItem, EventItem.event_id == Event.id)
            .where(Event.name == ORDER_COMPLETED, Event.shopper_id.in_(shoppers[start:start + IDS_PER_QUERY]),
                   Event.occurred_at >= earliest))
        for order_id, shopper, at, sku, price, quantity in lines:
            before = by_product.get((shopper, sku))
            if not before:
                continue
            latest = bisect.bisect_right(before, at, key=lambda click: click[0]) - 1  # the last click before it
            if latest >= 0 and at - before[latest][0] <= window:
                card = before[latest][1]
                card.orders.add(order_id)
                card.revenue += (price or 0.0) * (quantity or 1.0)


def _lifts(shown: list[Shown]) -> list[Lift]:
    """Shares of shoppers, the unit the groups were drawn by, who clicked and who bought, compared."""
    def shares(group: str) -> tuple[Rate, Rate]:
        mine = [item for item in shown if item.group == group and item.unit]
        units = {item.unit for item in mine}
        return (Rate(len({i.unit for i in mine if i.clicked}), len(units)),
                Rate(len({i.unit for i in mine if i.bought}), len(units)))

    (clicked_p, bought_p), (clicked_c, bought_c) = shares(PERSONALIZED), shares(CONTROL)
    return [compare("clicked a suggestion", clicked_p, clicked_c),
            compare("bought a suggestion they clicked", bought_p, bought_c)]


def conversion_report(session: Session, *, since: datetime | None = None, until: datetime | None = None,
                      window_days: int = DEFAULT_WINDOW_DAYS, as_of: datetime | None = None) -> ConversionReport:
    """What the suggestion lists shown from ``since`` (default: the first) to ``until`` (default: now) led to.

    Clicks and orders are counted whenever they came, up to ``as_of`` (default: now); clicks whose window has
    not closed by then are counted in ``open_clicks``, as their orders may still come.
    """
    if window_days < 1:
        raise ValueError(f"window_days: at least 1, got {window_days}")
    as_of = as_of or datetime.now(UTC)
    until = until or as_of
    window = timedelta(days=window_days)
    shown = _shown(session, since, until)
    clicks = _attach_clicks(session, shown, since)
    _attribute_orders(session, clicks, window)
    by_match = {row.key: row for row in _grouped(shown, lambda s: s.match)}
    by_group = {row.key: row for row in _grouped(shown, lambda s: s.group)}
    segments = _grouped(shown, lambda s: s.segment)
    return ConversionReport(
        since=since, until=until, as_of=as_of, window_days=window_days, total=summarise("all", shown),
        by_match=[by_match.get(level) or summarise(level, []) for level in MATCH_LEVELS],
        by_lifecycle=_grouped(shown, lambda s: s.lifecycle), by_segment=segments[:TOP_SEGMENTS],
        segments=len(segments),
        by_group=[by_group.get(g) or summarise(g, []) for g in (PERSONALIZED, CONTROL)]
        + ([by_group[OUTSIDE]] if OUTSIDE in by_group else []),
        lifts=_lifts(shown),
        open_clicks=sum(1 for card in shown if card.clicks and card.clicks[-1] + window > as_of))
