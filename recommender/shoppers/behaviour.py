"""What a shopper's history adds up to, as of a moment: RFM, browsing, prices paid, affinities, carts.

Pure functions of the history, so the same code serves one shopper on a recommendation turn and the whole
population in a refresh, and the tests build histories by hand.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter, itemgetter

from recommender.shoppers.history import Happening
from recommender.shoppers.spec import (
    CART_VIEWED,
    CHECKOUT_STARTED,
    COUPON_APPLIED,
    ORDER_COMPLETED,
    ORDER_REFUNDED,
    PRODUCT_ADDED,
    PRODUCT_LIST_VIEWED,
    PRODUCT_REMOVED,
    PRODUCT_VIEWED,
    PRODUCTS_SEARCHED,
)

SESSION_GAP = timedelta(minutes=30)  # the usual web-analytics session timeout
AFFINITY_HALF_LIFE_DAYS = 90.0
# How much each kind of interaction says about taste: buying says more than looking.
AFFINITY_WEIGHTS = {PRODUCT_VIEWED: 1.0, PRODUCT_ADDED: 3.0, ORDER_COMPLETED: 5.0}
RECENT_LIMIT = 20
_ON_SALE = attrgetter("on_sale")


@dataclass(frozen=True)
class Interaction:
    sku: str
    at: datetime


@dataclass
class Behaviour:
    as_of: datetime
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    orders: int = 0
    refunds: int = 0
    revenue: float = 0.0  # orders minus refunds
    first_order_at: datetime | None = None
    last_order_at: datetime | None = None
    mean_days_between_orders: float | None = None
    orders_last_90d: int = 0
    sessions: int = 0
    views: int = 0
    list_views: int = 0
    searches: int = 0
    adds: int = 0
    checkouts: int = 0
    coupon_orders: int = 0
    lines_bought: int = 0
    lines_on_sale: int = 0
    price_ratios: list[float] = field(default_factory=list)
    categories: dict[str, float] = field(default_factory=dict)
    brands: dict[str, float] = field(default_factory=dict)
    abandoned: list[Interaction] = field(default_factory=list)
    recently_viewed: list[Interaction] = field(default_factory=list)
    recently_carted: list[Interaction] = field(default_factory=list)
    recently_purchased: list[Interaction] = field(default_factory=list)
    purchased: frozenset[str] = frozenset()  # every sku ever bought, however long ago
    current_session: list[Happening] = field(default_factory=list)

    @property
    def recency_days(self) -> float | None:
        """Days since the last order (None: never ordered)."""
        return None if self.last_order_at is None else (self.as_of - self.last_order_at).total_seconds() / 86400

    @property
    def tenure_days(self) -> float:
        return 0.0 if self.first_seen is None else (self.as_of - self.first_seen).total_seconds() / 86400

    @property
    def aov(self) -> float:
        return self.revenue / self.orders if self.orders else 0.0

    @property
    def sale_share(self) -> float:
        return self.lines_on_sale / self.lines_bought if self.lines_bought else 0.0

    @property
    def coupon_share(self) -> float:
        return self.coupon_orders / self.orders if self.orders else 0.0

    @property
    def price_index(self) -> float | None:
        """Mean of price paid / the category's median price (1 = pays the typical price)."""
        return sum(self.price_ratios) / len(self.price_ratios) if self.price_ratios else None

    @property
    def cart_abandonment(self) -> float:
        """Share of carted products that were neither bought nor taken out."""
        carted = len({i.sku for i in self.recently_carted}) or self.adds
        return min(1.0, len(self.abandoned) / carted) if carted else 0.0


def summarise(history: list[Happening], as_of: datetime, medians: dict[str, float] | None = None) -> Behaviour:
    """Everything up to ``as_of`` in ``history``. ``medians``: median list price per category."""
    events = sorted((e for e in history if e.at <= as_of), key=lambda e: e.at)  # stable: ties keep their order
    result = Behaviour(as_of=as_of)
    if not events:
        return result
    result.first_seen, result.last_seen = events[0].at, events[-1].at
    _count(events, result, medians or {})
    _sessions(events, result)
    _affinities(events, result)
    _carts(events, result)
    return result


def _count(events: list[Happening], result: Behaviour, medians: dict[str, float]) -> None:
    order_times: list[datetime] = []
    ratios = result.price_ratios
    coupon_in_session: datetime | None = None
    for event in events:
        if event.name == PRODUCT_VIEWED:
            result.views += 1
        elif event.name == PRODUCT_LIST_VIEWED:
            result.list_views += 1
        elif event.name == PRODUCTS_SEARCHED:
            result.searches += 1
        elif event.name == PRODUCT_ADDED:
            result.adds += 1
        elif event.name == CHECKOUT_STARTED:
            result.checkouts += 1
        elif event.name == COUPON_APPLIED:
            coupon_in_session = event.at
        elif event.name == ORDER_REFUNDED:
            result.refunds += 1
            result.revenue -= event.revenue or 0.0
        elif event.name == ORDER_COMPLETED:
            order_times.append(event.at)
            result.revenue += event.revenue or 0.0
            recent_coupon = coupon_in_session is not None and event.at - coupon_in_session <= SESSION_GAP
            result.coupon_orders += bool(event.coupon) or recent_coupon
            # Whole orders at a time: a wholesaler's history has orders of a hundred lines.
            result.lines_bought += len(event.lines)
            result.lines_on_sale += sum(map(_ON_SALE, event.lines))
            if medians:
                ratios.extend(line.price / median for line in event.lines
                              if line.price is not None and (median := medians.get(line.category or "")))
    result.orders = len(order_times)
    if order_times:
        result.first_order_at, result.last_order_at = order_times[0], order_times[-1]
        result.orders_last_90d = sum(1 for t in order_times if (result.as_of - t).days < 90)
        if len(order_times) > 1:
            span = (order_times[-1] - order_times[0]).total_seconds() / 86400
            result.mean_days_between_orders = span / (len(order_times) - 1)


def _sessions(events: list[Happening], result: Behaviour) -> None:
    sessions, start = 1, 0
    for i in range(1, len(events)):
        if events[i].at - events[i - 1].at > SESSION_GAP:
            sessions, start = sessions + 1, i
    result.sessions = sessions
    # The current session is the last one, if it is still going.
    if result.as_of - events[-1].at <= SESSION_GAP:
        result.current_session = events[start:]


def _affinities(events: list[Happening], result: Behaviour) -> None:
    categories: dict[str, float] = defaultdict(float)
    brands: dict[str, float] = defaultdict(float)
    for event in events:
        weight = AFFINITY_WEIGHTS.get(event.name)
        if weight is None:
            continue
        age_days = (result.as_of - event.at).total_seconds() / 86400
        decayed = weight * math.pow(0.5, age_days / AFFINITY_HALF_LIFE_DAYS)
        for line in event.lines:
            if line.category:
                categories[line.category] += decayed
            if line.brand:
                brands[line.brand] += decayed
    result.categories, result.brands = _shares(categories), _shares(brands)


def _shares(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    return {name: score / total for name, score in ranked} if total else {}


def _carts(events: list[Happening], result: Behaviour) -> None:
    """Recent products per interaction, and carted products neither bought nor removed since."""
    viewed: dict[str, datetime] = {}
    carted: dict[str, datetime] = {}
    bought: dict[str, datetime] = {}
    in_cart: dict[str, datetime] = {}
    for event in events:
        name, at = event.name, event.at
        if name == ORDER_COMPLETED:  # the most lines by far: a branch per event, not per line
            for line in event.lines:
                bought[line.sku] = at
            if in_cart:
                for line in event.lines:
                    in_cart.pop(line.sku, None)
        elif name == PRODUCT_VIEWED:
            for line in event.lines:
                viewed[line.sku] = at
        elif name == PRODUCT_ADDED:
            for line in event.lines:
                carted[line.sku] = in_cart[line.sku] = at
        elif name == PRODUCT_REMOVED:
            for line in event.lines:
                in_cart.pop(line.sku, None)
        elif name == CART_VIEWED:
            for line in event.lines:
                in_cart.setdefault(line.sku, at)
    # A cart the shopper is still filling in this very session is not abandoned yet.
    result.abandoned = _recent({s: t for s, t in in_cart.items() if result.as_of - t > SESSION_GAP})
    result.recently_viewed, result.recently_carted = _recent(viewed), _recent(carted)
    result.recently_purchased, result.purchased = _recent(bought), frozenset(bought)


def _recent(times: dict[str, datetime]) -> list[Interaction]:
    # The latest RECENT_LIMIT, ties in the order they were first set, as a stable reverse sort gives them.
    ranked = heapq.nlargest(RECENT_LIMIT, times.items(), key=itemgetter(1))
    return [Interaction(sku, at) for sku, at in ranked]


def top(shares: dict[str, float], n: int = 3) -> list[tuple[str, float]]:
    """The ``n`` largest shares (affinity dicts are already ordered largest first)."""
    return list(shares.items())[:n]
