"""What each micro-segment and cluster is worth: shoppers, revenue and its share, orders, AOV, conversion.

Figures come from the events themselves (net of refunds) grouped by the segments of the last refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from recommender.shoppers.models import Event, ShopperSegment
from recommender.shoppers.spec import ORDER_COMPLETED, ORDER_REFUNDED

if TYPE_CHECKING:  # rendering a report needs no scikit-learn
    from recommender.shoppers.segment_model import SegmentModel

MAP_POINTS = 3000  # shoppers drawn on the cluster map; more only blur it


@dataclass(frozen=True)
class GroupRow:
    key: str  # the micro-segment key, or the cluster number
    label: str  # what a merchandiser reads
    shoppers: int
    buyers: int
    orders: int
    revenue: float
    revenue_share: float
    aov: float
    conversion: float  # share of the group's shoppers who ordered in the period
    revenue_per_shopper: float
    purchase_probability: float | None = None  # mean predicted chance to order in the next 90 days
    clv_12m: float | None = None  # mean predicted 12-month value


@dataclass
class SegmentReport:
    as_of: datetime | None
    refreshed_at: datetime | None
    since: datetime | None
    shoppers: int
    revenue: float
    micro_segments: list[GroupRow]
    clusters: list[GroupRow]
    cluster_traits: dict[int, list[str]] = field(default_factory=dict)
    map_points: list[tuple[float, float, int]] = field(default_factory=list)  # x, y, cluster
    silhouettes: dict[int, float] = field(default_factory=dict)
    evaluation: dict[str, object] | None = None


def _shopper_table(session: Session, since: datetime | None) -> pd.DataFrame:
    orders = func.sum(case((Event.name == ORDER_COMPLETED, 1), else_=0))
    signed = case((Event.name == ORDER_COMPLETED, Event.revenue), (Event.name == ORDER_REFUNDED, -Event.revenue),
                  else_=0.0)
    money = select(Event.shopper_id, orders.label("orders"), func.coalesce(func.sum(signed), 0.0).label("revenue"))
    if since is not None:
        money = money.where(Event.occurred_at >= since)
    money_rows = session.execute(money.group_by(Event.shopper_id)).all()
    segments = session.execute(select(
        ShopperSegment.shopper_id, ShopperSegment.micro_segment, ShopperSegment.cluster,
        ShopperSegment.purchase_probability, ShopperSegment.clv_12m, ShopperSegment.map_x, ShopperSegment.map_y,
    )).all()
    frame = pd.DataFrame(segments, columns=["shopper_id", "micro_segment", "cluster", "purchase_probability",
                                            "clv_12m", "map_x", "map_y"])
    spend = pd.DataFrame(money_rows, columns=["shopper_id", "orders", "revenue"])
    frame = frame.merge(spend, on="shopper_id", how="left").fillna({"orders": 0, "revenue": 0.0})
    frame["orders"] = frame["orders"].astype(int)
    return frame


def _groups(frame: pd.DataFrame, by: str, total: float, labels: dict[str, str]) -> list[GroupRow]:
    rows = []
    for key, group in frame.groupby(by, sort=False):
        orders, revenue = int(group["orders"].sum()), float(group["revenue"].sum())
        shoppers, buyers = len(group), int((group["orders"] > 0).sum())
        chance, value = group["purchase_probability"].dropna(), group["clv_12m"].dropna()
        name = str(int(key) if isinstance(key, float | np.floating) else key)
        rows.append(GroupRow(
            key=name, label=labels.get(name, name), shoppers=shoppers, buyers=buyers, orders=orders,
            revenue=round(revenue, 2), revenue_share=round(revenue / total, 4) if total else 0.0,
            aov=round(revenue / orders, 2) if orders else 0.0, conversion=round(buyers / shoppers, 4),
            revenue_per_shopper=round(revenue / shoppers, 2),
            purchase_probability=round(float(chance.mean()), 4) if len(chance) else None,
            clv_12m=round(float(value.mean()), 2) if len(value) else None,
        ))
    return sorted(rows, key=lambda r: (-r.revenue, -r.shoppers))


def segment_report(session: Session, model: SegmentModel | None, *, since: datetime | None = None,
                   seed: int = 0) -> SegmentReport:
    frame = _shopper_table(session, since)
    total = float(frame["revenue"].sum())
    report = SegmentReport(as_of=model.as_of if model else None, refreshed_at=model.created_at if model else None,
                           since=since, shoppers=len(frame), revenue=round(total, 2),
                           micro_segments=_groups(frame, "micro_segment", total, {}), clusters=[])
    clustering = model.clustering if model else None
    clustered = frame.dropna(subset=["cluster"])
    if clustering is not None and len(clustered):
        labels = {str(c.id): f"{c.id}: {c.label}" for c in clustering.clusters}
        report.clusters = sorted(_groups(clustered, "cluster", total, labels), key=lambda r: int(r.key))
        report.cluster_traits = {c.id: c.traits for c in clustering.clusters}
        report.silhouettes = clustering.silhouettes
        sample = clustered.sample(min(len(clustered), MAP_POINTS), random_state=seed)
        report.map_points = [(float(x), float(y), int(c)) for x, y, c in
                             sample[["map_x", "map_y", "cluster"]].itertuples(index=False)]
    if model is not None and model.scorer is not None:
        evaluation = model.scorer.evaluation
        report.evaluation = {name: getattr(evaluation, name) for name in evaluation.__dataclass_fields__}
    return report
