"""``outfitter segments refresh``: profile the whole population, learn clusters and scores, store the result."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from recommender.catalog.models import ACTIVE, Product
from recommender.shoppers.behaviour import Behaviour, summarise
from recommender.shoppers.clusters import learn_clusters
from recommender.shoppers.features import feature_matrix
from recommender.shoppers.history import Answer, load_all_answers, load_histories
from recommender.shoppers.models import Event, ShopperSegment
from recommender.shoppers.profile import describe
from recommender.shoppers.scores import train_scores
from recommender.shoppers.segment_model import SegmentModel
from recommender.shoppers.traits import Thresholds

Progress = Callable[[str, int, int | None], None]
HIGH_VALUE_QUANTILE = 0.8  # "high-value" means the top fifth of buyers by lifetime revenue


def category_medians(session: Session) -> dict[str, float]:
    """Median list price per category of the active catalog."""
    prices: dict[str, list[float]] = defaultdict(list)
    rows = session.execute(select(Product.category, Product.price)
                           .where(Product.status == ACTIVE, Product.category.is_not(None)))
    for category, price in rows:
        prices[category].append(price)
    return {category: statistics.median(values) for category, values in prices.items()}


def latest_event_time(session: Session) -> datetime | None:
    return session.scalar(select(func.max(Event.occurred_at)))


def refresh_segments(session: Session, *, as_of: datetime | None = None, progress: Progress | None = None,
                     seed: int = 0) -> SegmentModel:
    """Recompute every shopper's segment as of ``as_of`` (default: the latest event, so an imported history
    is judged at its own end rather than today). The caller commits and saves the returned model."""
    # One OpenMP thread: the models are small, and on two cores shared with a web app, Rasa or an import, the
    # threads of k-means and gradient boosting wait on each other (a 2 s refresh took 40 s).
    with threadpool_limits(limits=1, user_api="openmp"):
        return _refresh(session, as_of, progress, seed)


def _refresh(session: Session, as_of: datetime | None, progress: Progress | None, seed: int) -> SegmentModel:
    report = progress or (lambda stage, done, total: None)
    when = as_of or latest_event_time(session) or datetime.now(UTC)
    medians = category_medians(session)
    report("load", 0, None)
    histories = load_histories(session, until=when)
    answers = load_all_answers(session)
    ids = sorted(set(histories) | set(answers))
    report("load", len(ids), len(ids))
    behaviours = []
    for done, shopper_id in enumerate(ids, start=1):
        behaviours.append(summarise(histories.get(shopper_id, []), when, medians))
        if done % 1000 == 0:
            report("profile", done, len(ids))
    report("profile", len(ids), len(ids))
    revenues = [b.revenue for b in behaviours if b.orders]
    high_value = float(np.quantile(revenues, HIGH_VALUE_QUANTILE)) if revenues else None
    rows = feature_matrix(behaviours)
    report("cluster", 0, 1)
    clustering = learn_clusters(rows, seed=seed)
    report("cluster", 1, 1)
    report("train", 0, 1)
    scorer = train_scores(histories, when, medians, seed=seed)
    report("train", 1, 1)
    model = SegmentModel(as_of=when, created_at=datetime.now(UTC), shoppers=len(ids),
                         thresholds=Thresholds(high_value=high_value), medians=medians,
                         clustering=clustering, scorer=scorer)
    _store(session, ids, behaviours, answers, model, rows, report)
    return model


def _store(session: Session, ids: list[int], behaviours: list[Behaviour], answers: dict[int, list[Answer]],
           model: SegmentModel, rows: np.ndarray, report: Progress) -> None:
    """Write every shopper's segment row; clusters and scores are predicted for all rows at once."""
    n = len(ids)
    clusters = model.clustering.assign(rows) if model.clustering is not None and n else None
    points = model.clustering.map2d(rows) if model.clustering is not None and n else None
    buying = model.scorer.purchase_probability(rows) if model.scorer is not None and n else None
    value = model.scorer.clv_12m(rows) if model.scorer is not None and n else None
    now = datetime.now(UTC)
    records = []
    for i, shopper_id in enumerate(ids):
        profile = describe(shopper_id, behaviours[i], answers.get(shopper_id, []), model.thresholds)
        scored = buying is not None and value is not None and profile.frequency > 0
        records.append({
            "shopper_id": shopper_id, "micro_segment": profile.micro_segment, "lifecycle": profile.lifecycle,
            "cluster": int(clusters[i]) if clusters is not None else None,
            "purchase_probability": float(buying[i]) if scored else None,  # type: ignore[index]
            "churn_risk": 1 - float(buying[i]) if scored else None,  # type: ignore[index]
            "clv_12m": float(value[i]) if scored else None,  # type: ignore[index]
            "map_x": float(points[i, 0]) if points is not None else None,
            "map_y": float(points[i, 1]) if points is not None else None, "refreshed_at": now,
        })
        if (i + 1) % 1000 == 0:
            report("write", i + 1, n)
    session.execute(delete(ShopperSegment))
    for start in range(0, len(records), 2000):
        session.execute(insert(ShopperSegment), records[start:start + 2000])
    report("write", n, n)
