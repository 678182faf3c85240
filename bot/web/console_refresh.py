"""The segment refresh as a console job: what ``outfitter segments refresh`` does (profile every shopper,
learn clusters and the purchase and value models, store segments), with the summary it prints as a value."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog_state import database_refusal
from bot.services import Services
from bot.web.jobs import JobFailed
from recommender.catalog.reader import Progress
from recommender.shoppers.refresh import refresh_segments


class ClusterSummary(BaseModel):
    id: int
    label: str
    size: int


class RefreshResult(BaseModel):
    kind: Literal["refresh"] = "refresh"
    shoppers: int
    as_of: datetime = Field(description="Shoppers are judged as of the latest event")
    clusters: list[ClusterSummary] = Field(description="Empty with fewer than 10 shoppers")
    silhouette: float | None = Field(description="Of the k chosen among 2..8")
    purchase_auc: float | None = Field(description="The purchase model's AUC on its test window; None when there "
                                                   "is not enough history to train it")
    rfm_auc: float | None
    message: str


def run_refresh(services: Services, progress: Progress) -> RefreshResult:
    """Refresh every shopper's segment and save the learned model, which the app's readers then pick up."""
    try:
        with services.sessions() as session:
            model = refresh_segments(session, progress=progress)
            session.commit()
    except SQLAlchemyError as exc:
        raise JobFailed(f"{database_refusal(exc, 'the segment refresh')} (the segments are as they were)") from exc
    services.segment_store.save(model)
    clustering, scorer = model.clustering, model.scorer
    lines = [f"{model.shoppers:,} shoppers as of {model.as_of:%Y-%m-%d %H:%M} UTC."]
    lines.append("Too few shoppers to learn clusters (at least 10 are needed)." if clustering is None else
                 f"{clustering.k} clusters, k chosen by the best silhouette among k = 2..8.")
    if scorer is None:
        lines.append("Not enough history for the purchase model (it needs 180 days and buyers who came back).")
    return RefreshResult(
        shoppers=model.shoppers, as_of=model.as_of,
        clusters=[ClusterSummary(id=c.id, label=c.label, size=c.size) for c in clustering.clusters] if clustering
        else [],
        silhouette=clustering.silhouettes.get(clustering.k) if clustering else None,
        purchase_auc=scorer.evaluation.model_auc if scorer else None,
        rfm_auc=scorer.evaluation.rfm_auc if scorer else None, message=" ".join(lines))
