"""One shopper's profile: behaviour, traits, micro-segment, cluster and scores, cheap enough for every turn."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session
from threadpoolctl import ThreadpoolController, threadpool_limits

from recommender.shoppers.behaviour import SESSION_GAP, Behaviour, Interaction, summarise, top
from recommender.shoppers.features import feature_row
from recommender.shoppers.history import Answer, Happening, load_answers, load_history
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.preferences import current_preferences
from recommender.shoppers.segment_model import SegmentModel
from recommender.shoppers.traits import (
    RESEARCHING,
    WINDOW_SHOPPING,
    Thresholds,
    intent,
    lifecycle,
    main_category,
    micro_segment,
    price_sensitivity,
)


@dataclass(frozen=True)
class Preference:
    value: Any
    answered_at: datetime


@dataclass
class Profile:
    shopper_id: int
    as_of: datetime
    lifecycle: str
    micro_segment: str
    price_sensitivity: str | None
    intent: str | None
    recency_days: float | None
    frequency: int
    monetary: float
    aov: float
    sale_share: float
    coupon_share: float
    price_index: float | None
    cart_abandonment: float
    category_affinity: list[tuple[str, float]]
    brand_affinity: list[tuple[str, float]]
    abandoned: list[Interaction]
    recently_viewed: list[Interaction]
    recently_carted: list[Interaction]
    recently_purchased: list[Interaction]
    purchased: list[str] = field(default_factory=list)  # every sku bought: never suggested again
    preferences: dict[str, Preference] = field(default_factory=dict)
    cluster: int | None = None
    cluster_label: str | None = None
    purchase_probability: float | None = None
    churn_risk: float | None = None
    clv_12m: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (times as ISO text)."""
        def plain(value: Any) -> Any:
            if isinstance(value, datetime):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return plain(asdict(self))


def build_profile(shopper_id: int, history: list[Happening], answers: list[Answer], as_of: datetime,
                  model: SegmentModel | None = None, *, openmp: ThreadpoolController | None = None) -> Profile:
    """The profile from a history and the finder's answers, scored by ``model`` when there is one.

    ``openmp``: the process's OpenMP libraries (``ThreadpoolController().select(user_api="openmp")``), kept by a
    caller that builds many profiles: limiting them through it costs 0.1 ms, finding them anew 1 to 13 ms.
    """
    b = summarise(history, as_of, model.medians if model else {})
    profile = describe(shopper_id, b, answers, model.thresholds if model else Thresholds())
    if model is not None:
        # One row: the models' OpenMP threads cost far more than they share, and on a loaded machine each
        # waits for a core (the busiest UCI customer's scores took 120 ms at p50 and seconds at p95 with two
        # threads at a load of 10, against 20 ms for the whole profile with one). The setting is per thread.
        with openmp.limit(limits=1) if openmp is not None else threadpool_limits(limits=1, user_api="openmp"):
            _score(profile, b, model)
    return profile


def describe(shopper_id: int, b: Behaviour, answers: list[Answer], thresholds: Thresholds) -> Profile:
    """The traits and micro-segment of summarised behaviour; no cluster or scores (see :func:`build_profile`)."""
    stage, price, now = lifecycle(b, thresholds), price_sensitivity(b, thresholds), intent(b, thresholds)
    session_start = b.current_session[0].at if b.current_session else b.as_of - SESSION_GAP
    if any(session_start <= a.at <= b.as_of for a in answers) and now in (None, WINDOW_SHOPPING):
        now = RESEARCHING  # answering the finder's questions is research
    preferences = current_preferences(answers)
    category = main_category(b)
    if category is None and (chosen := preferences.get("category")) and chosen.value:
        category = str(chosen.value)
    return Profile(
        shopper_id=shopper_id, as_of=b.as_of, lifecycle=stage,
        micro_segment=micro_segment(stage, price, category, now, bool(b.abandoned)),
        price_sensitivity=price, intent=now, recency_days=_round(b.recency_days), frequency=b.orders,
        monetary=round(b.revenue, 2), aov=round(b.aov, 2), sale_share=round(b.sale_share, 3),
        coupon_share=round(b.coupon_share, 3), price_index=_round(b.price_index, 3),
        cart_abandonment=round(b.cart_abandonment, 3), category_affinity=_rounded(top(b.categories)),
        brand_affinity=_rounded(top(b.brands)), abandoned=b.abandoned, recently_viewed=b.recently_viewed,
        recently_carted=b.recently_carted, recently_purchased=b.recently_purchased, purchased=sorted(b.purchased),
        preferences={q: Preference(a.value, a.at) for q, a in preferences.items()},
    )


def _score(profile: Profile, b: Behaviour, model: SegmentModel) -> None:
    row = np.asarray([feature_row(b)])
    if model.clustering is not None:
        profile.cluster = int(model.clustering.assign(row)[0])
        profile.cluster_label = model.clustering.by_id(profile.cluster).label
    if model.scorer is not None and b.orders:
        probability = float(model.scorer.purchase_probability(row)[0])
        profile.purchase_probability, profile.churn_risk = round(probability, 4), round(1 - probability, 4)
        profile.clv_12m = round(float(model.scorer.clv_12m(row)[0]), 2)


def shopper_profile(session: Session, external_id: str, *, as_of: datetime | None = None,
                    model: SegmentModel | None = None) -> Profile | None:
    """The profile of the shopper known by ``external_id`` (anonymous or customer id); None if unknown."""
    shopper_id = shopper_id_of(session, external_id)
    if shopper_id is None:
        return None
    when = as_of or datetime.now(UTC)
    history = load_history(session, shopper_id, until=when)
    return build_profile(shopper_id, history, load_answers(session, shopper_id), when, model)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _rounded(pairs: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [(name, round(share, 3)) for name, share in pairs]
