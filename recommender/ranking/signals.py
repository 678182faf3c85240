"""What all shoppers' behaviour says about products: how popular each is, and what is bought together.

Popularity is the cold-start prior of the ranking; co-purchase gives ``bought_together`` and the repeat
buyer's complements. Both are plain values computed from the event stream, so a benchmark can compute
them from a training split and a test from a handful of hand-made orders.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.index.loaded import LoadedIndex
from recommender.shoppers.models import Event, EventItem
from recommender.shoppers.spec import ORDER_COMPLETED, PRODUCT_ADDED, PRODUCT_VIEWED

# A purchase says more about a product's appeal than a cart add, and a cart add more than a view.
POPULARITY_WEIGHTS = {PRODUCT_VIEWED: 1.0, PRODUCT_ADDED: 3.0, ORDER_COMPLETED: 5.0}
POPULARITY_HALF_LIFE_DAYS = 30.0
NEIGHBOURS = 50  # co-purchase neighbours kept per product


class Touch(NamedTuple):
    """One product line of one event."""

    event_id: int
    shopper_id: int
    name: str
    at: datetime
    sku: str


class Complement(NamedTuple):
    total: float  # summed co-purchase cosine with everything owned: how strongly it goes with them
    goes_with: str  # the owned sku it goes with best
    best: float  # the cosine with that one


@dataclass(frozen=True)
class ProductSignals:
    popularity: dict[str, float] = field(default_factory=dict)  # sku -> decayed, weighted shopper count
    together: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # sku -> [(sku, cosine)]
    _aligned: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def bought_with(self, sku: str) -> list[tuple[str, float]]:
        return self.together.get(sku, [])

    def complements(self, owned: Iterable[str]) -> dict[str, Complement]:
        """Every product bought with something in ``owned`` (and not in it): how strongly, and with what."""
        mine = set(owned)
        found: dict[str, Complement] = {}
        for sku in mine:
            for other, cosine in self.bought_with(sku):
                if other in mine:
                    continue
                known = found.get(other)
                if known is None:
                    found[other] = Complement(cosine, sku, cosine)
                else:
                    best = (sku, cosine) if cosine > known.best else (known.goes_with, known.best)
                    found[other] = Complement(known.total + cosine, *best)
        return found

    def popularity_of(self, index: LoadedIndex) -> np.ndarray:
        """Popularity per row of ``index``, scaled to [0, 1] by log (computed once per index version)."""
        version = index.manifest.version
        if version not in self._aligned:
            raw = np.fromiter((self.popularity.get(str(sku), 0.0) for sku in index.skus), dtype=np.float32,
                              count=len(index))
            top = float(raw.max()) if len(raw) else 0.0
            self._aligned.clear()  # one version at a time: the live one
            self._aligned[version] = np.log1p(raw) / math.log1p(top) if top > 0 else raw
        return self._aligned[version]


def popularity(touches: Iterable[Touch], as_of: datetime) -> dict[str, float]:
    """Each product's count of distinct shoppers per kind of interaction, weighted and decayed by age."""
    latest: dict[tuple[str, int, str], datetime] = {}
    for touch in touches:
        if touch.name in POPULARITY_WEIGHTS and touch.at <= as_of:
            key = (touch.sku, touch.shopper_id, touch.name)
            if key not in latest or touch.at > latest[key]:
                latest[key] = touch.at
    scores: dict[str, float] = defaultdict(float)
    for (sku, _, name), at in latest.items():
        age_days = (as_of - at).total_seconds() / 86400
        scores[sku] += POPULARITY_WEIGHTS[name] * math.pow(0.5, age_days / POPULARITY_HALF_LIFE_DAYS)
    return dict(scores)


def co_purchase(baskets: Iterable[Iterable[str]], neighbours: int = NEIGHBOURS) -> dict[str, list[tuple[str, float]]]:
    """For each product, the products most often in the same order, by cosine of their order sets."""
    skus: dict[str, int] = {}
    rows, cols = [], []
    for number, basket in enumerate(baskets):
        for sku in set(basket):
            rows.append(number)
            cols.append(skus.setdefault(sku, len(skus)))
    if not skus:
        return {}
    orders = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(max(rows) + 1, len(skus)))
    counts = np.asarray(orders.sum(axis=0)).ravel()
    together = (orders.T @ orders).tocsr()
    together.setdiag(0)
    together.eliminate_zeros()
    names = np.array(list(skus), dtype=object)
    result: dict[str, list[tuple[str, float]]] = {}
    for item in range(len(skus)):
        start, end = together.indptr[item], together.indptr[item + 1]
        if start == end:
            continue
        others, shared = together.indices[start:end], together.data[start:end]
        cosine = shared / np.sqrt(counts[item] * counts[others])
        best = np.argsort(-cosine, kind="stable")[:neighbours]
        result[str(names[item])] = [(str(names[others[i]]), round(float(cosine[i]), 4)) for i in best]
    return result


def signals_from(touches: list[Touch], as_of: datetime) -> ProductSignals:
    baskets: dict[int, list[str]] = defaultdict(list)
    for touch in touches:
        if touch.name == ORDER_COMPLETED and touch.at <= as_of:
            baskets[touch.event_id].append(touch.sku)
    return ProductSignals(popularity(touches, as_of), co_purchase(baskets.values()))


def load_touches(session: Session, *, until: datetime | None = None,
                 exclude_events: Iterable[int] = ()) -> list[Touch]:
    """Every product line of views, cart adds and orders up to ``until``, without ``exclude_events``."""
    query = (select(Event.id, Event.shopper_id, Event.name, Event.occurred_at, EventItem.sku)
             .join(EventItem, EventItem.event_id == Event.id)
             .where(Event.name.in_(POPULARITY_WEIGHTS)))
    if until is not None:
        query = query.where(Event.occurred_at <= until)
    skipped = set(exclude_events)
    return [Touch(*row) for row in session.connection().execute(query).all() if row[0] not in skipped]


def last_event_id(session: Session) -> int:
    return session.scalar(select(func.max(Event.id))) or 0


def load_signals(session: Session, as_of: datetime) -> ProductSignals:
    return signals_from(load_touches(session, until=as_of), as_of)
