"""Purchase probability, churn risk and 12-month value, learned from history with a temporal split.

Features are taken as of a cut-off date and the label is what happened in the following 90 days. The models
are trained at cut-off ``as_of − 180 d`` (labels from the 90 days after it) and evaluated at
``as_of − 90 d`` (labels up to ``as_of``), against an RFM score (the sum of recency, frequency and monetary
quintiles) on the very same shoppers and labels. The models then used from ``as_of`` on are refitted on the
latest labelled window. Only shoppers who had ordered by the cut-off are scored: with no order there is no
recency, and a guest checkout's id never comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import mean_absolute_error, roc_auc_score

from recommender.shoppers.behaviour import Behaviour, summarise
from recommender.shoppers.features import feature_matrix
from recommender.shoppers.history import Happening
from recommender.shoppers.spec import ORDER_COMPLETED, ORDER_REFUNDED

HORIZON = timedelta(days=90)
YEAR_OVER_HORIZON = 365 / 90
MIN_SHOPPERS = 30


@dataclass(frozen=True)
class Snapshot:
    behaviours: list[Behaviour]
    rows: np.ndarray
    bought: np.ndarray  # 1 when the shopper ordered within HORIZON after the cut-off
    spent: np.ndarray  # net revenue within HORIZON after the cut-off


@dataclass(frozen=True)
class Evaluation:
    train_cutoff: datetime
    test_cutoff: datetime
    train_shoppers: int
    test_shoppers: int
    test_buyers: int
    model_auc: float
    rfm_auc: float
    clv_mae: float  # on the next 90 days' revenue, per shopper
    baseline_mae: float  # the shopper's past revenue rate carried forward


@dataclass
class Scorer:
    purchase: HistGradientBoostingClassifier
    value: HistGradientBoostingRegressor
    evaluation: Evaluation

    def purchase_probability(self, rows: np.ndarray) -> np.ndarray:
        return self.purchase.predict_proba(rows)[:, 1]

    def clv_12m(self, rows: np.ndarray) -> np.ndarray:
        """Expected revenue over the next 12 months: the 90-day estimate carried over the year."""
        return np.maximum(self.value.predict(rows), 0.0) * YEAR_OVER_HORIZON


def snapshot(histories: dict[int, list[Happening]], cutoff: datetime, medians: dict[str, float]) -> Snapshot:
    behaviours, bought, spent = [], [], []
    end = cutoff + HORIZON
    for history in histories.values():
        behaviour = summarise(history, cutoff, medians)
        if behaviour.orders == 0:
            continue
        after = [e for e in history if cutoff < e.at <= end]
        behaviours.append(behaviour)
        bought.append(int(any(e.name == ORDER_COMPLETED for e in after)))
        revenue = sum((e.revenue or 0.0) * (1 if e.name == ORDER_COMPLETED else -1)
                      for e in after if e.name in (ORDER_COMPLETED, ORDER_REFUNDED))
        spent.append(max(revenue, 0.0))
    return Snapshot(behaviours, feature_matrix(behaviours), np.asarray(bought), np.asarray(spent, dtype=float))


def rfm_score(behaviours: list[Behaviour]) -> np.ndarray:
    """The classic RFM score, 3–15: quintile of recency (recent is high), of frequency and of monetary."""
    frame = pd.DataFrame({"r": [-(b.recency_days or 0.0) for b in behaviours],
                          "f": [b.orders for b in behaviours], "m": [b.revenue for b in behaviours]})
    quintile = frame.rank(method="first", pct=True).apply(lambda c: np.ceil(c * 5))
    return quintile.sum(axis=1).to_numpy()


def _fit(snap: Snapshot, seed: int) -> tuple[HistGradientBoostingClassifier, HistGradientBoostingRegressor]:
    # Early stopping keeps the ensembles small (about 80 trees on Online Retail, AUC as good as 200 trees),
    # and scoring one shopper walks every tree; it needs enough shoppers to hold some out.
    stop = len(snap.behaviours) >= 1000
    purchase = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, max_leaf_nodes=15,
                                              l2_regularization=1.0, early_stopping=stop, random_state=seed)
    value = HistGradientBoostingRegressor(loss="poisson", max_iter=300, learning_rate=0.1, max_leaf_nodes=15,
                                          early_stopping=stop, random_state=seed)
    return purchase.fit(snap.rows, snap.bought), value.fit(snap.rows, snap.spent)


def _usable(snap: Snapshot) -> bool:
    return len(snap.behaviours) >= MIN_SHOPPERS and 0 < snap.bought.sum() < len(snap.bought)


def train_scores(histories: dict[int, list[Happening]], as_of: datetime, medians: dict[str, float], *,
                 seed: int = 0) -> Scorer | None:
    """Train, evaluate and refit; None when history is too short or too uniform to learn from."""
    train_cut, test_cut = as_of - 2 * HORIZON, as_of - HORIZON
    train, test = snapshot(histories, train_cut, medians), snapshot(histories, test_cut, medians)
    if not (_usable(train) and _usable(test)):
        return None
    purchase, value = _fit(train, seed)
    rates = np.asarray([b.revenue / max(b.tenure_days, 1.0) * 90 for b in test.behaviours])
    evaluation = Evaluation(
        train_cutoff=train_cut, test_cutoff=test_cut, train_shoppers=len(train.behaviours),
        test_shoppers=len(test.behaviours), test_buyers=int(test.bought.sum()),
        model_auc=float(roc_auc_score(test.bought, purchase.predict_proba(test.rows)[:, 1])),
        rfm_auc=float(roc_auc_score(test.bought, rfm_score(test.behaviours))),
        clv_mae=float(mean_absolute_error(test.spent, np.maximum(value.predict(test.rows), 0.0))),
        baseline_mae=float(mean_absolute_error(test.spent, np.maximum(rates, 0.0))),
    )
    purchase, value = _fit(test, seed)
    return Scorer(purchase, value, evaluation)
