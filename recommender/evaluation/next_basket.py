"""The next-basket benchmark: hide each customer's last order and ask what they will buy next.

Leave-last-out on real order history: for every customer with two or more orders, the last order is hidden,
everything before it is their history, and a method suggests k products. Products the customer already
bought are never suggested (the ranking's rule), so a hit is a product *new* to them in the hidden order,
and customers whose last order held nothing new are left out. Popularity and co-purchase are computed from
all orders except the hidden ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from recommender.evaluation.metrics import ndcg_at, recall_at
from recommender.ranking.signals import ProductSignals, Touch
from recommender.shoppers.history import Happening
from recommender.shoppers.spec import ORDER_COMPLETED


@dataclass(frozen=True)
class BasketCase:
    shopper_id: int
    history: list[Happening]  # everything before the hidden order
    cutoff: datetime  # a moment before the hidden order
    hidden: frozenset[str]  # products in the hidden order the customer had not bought before
    owned: tuple[str, ...]  # products bought before, most recent first


Method = Callable[[BasketCase, int], list[str]]


def holdout(histories: Mapping[int, list[Happening]]) -> tuple[list[BasketCase], set[tuple[int, datetime]]]:
    """The cases, and the (shopper, time) of each hidden order, to leave out of the shop-wide signals."""
    cases, hidden_orders = [], set()
    for shopper_id, events in histories.items():
        orders = [e for e in events if e.name == ORDER_COMPLETED and e.lines]
        if len(orders) < 2:
            continue
        last = orders[-1]
        before = [e for e in events if e.at < last.at]
        owned = list(dict.fromkeys(line.sku for e in reversed(before) if e.name == ORDER_COMPLETED
                                   for line in e.lines))
        hidden_orders.add((shopper_id, last.at))
        new = frozenset(line.sku for line in last.lines) - set(owned)
        if new and before:
            cases.append(BasketCase(shopper_id, before, last.at - timedelta(seconds=1), new, tuple(owned)))
    return cases, hidden_orders


def training_touches(touches: list[Touch], hidden_orders: set[tuple[int, datetime]]) -> list[Touch]:
    return [t for t in touches if not (t.name == ORDER_COMPLETED and (t.shopper_id, t.at) in hidden_orders)]


def popular_baseline(signals: ProductSignals) -> Method:
    ranked = [sku for sku, _ in sorted(signals.popularity.items(), key=lambda kv: -kv[1])]

    def suggest(case: BasketCase, k: int) -> list[str]:
        owned = set(case.owned)
        return [sku for sku in ranked[: k + len(owned)] if sku not in owned][:k]

    return suggest


def item_knn_baseline(signals: ProductSignals) -> Method:
    """Products scored by their summed co-purchase cosine with everything the customer bought; popularity
    fills the list when the neighbours run out."""
    popular = popular_baseline(signals)

    def suggest(case: BasketCase, k: int) -> list[str]:
        scores = {sku: complement.total for sku, complement in signals.complements(case.owned).items()}
        ranked = [sku for sku, _ in sorted(scores.items(), key=lambda kv: -kv[1])][:k]
        return ranked + [sku for sku in popular(case, 2 * k) if sku not in scores][: k - len(ranked)]

    return suggest


@dataclass(frozen=True)
class BasketScores:
    customers: int
    recall: dict[str, float]
    ndcg: dict[str, float]


def evaluate_baskets(cases: list[BasketCase], methods: Mapping[str, Method], k: int = 20,
                     progress: Callable[[int, int], None] | None = None) -> BasketScores:
    recalls: dict[str, list[float]] = {name: [] for name in methods}
    ndcgs: dict[str, list[float]] = {name: [] for name in methods}
    for done, case in enumerate(cases, 1):
        judged = dict.fromkeys(case.hidden, 1.0)
        for name, method in methods.items():
            ranked = method(case, k)
            recalls[name].append(recall_at(ranked, judged, k))
            ndcgs[name].append(ndcg_at(ranked, judged, k))
        if progress:
            progress(done, len(cases))
    return BasketScores(len(cases), {n: float(np.mean(v)) if v else 0.0 for n, v in recalls.items()},
                        {n: float(np.mean(v)) if v else 0.0 for n, v in ndcgs.items()})
