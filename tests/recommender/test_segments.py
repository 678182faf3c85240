"""Refresh and report on a small population; stated preferences; the saved model and its live reload."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.shoppers.history import load_answers
from recommender.shoppers.identity import find_shopper
from recommender.shoppers.models import ShopperSegment, StatedPreference
from recommender.shoppers.preferences import record_answers_for
from recommender.shoppers.profile import shopper_profile
from recommender.shoppers.recording import record_events
from recommender.shoppers.refresh import refresh_segments
from recommender.shoppers.report import segment_report
from recommender.shoppers.scores import rfm_score
from recommender.shoppers.segment_model import LiveSegments, SegmentModel, SegmentStore
from tests.recommender.shoppers_helpers import NOW, at, population


@pytest.fixture
def refreshed(session: Session) -> SegmentModel:
    report = record_events(session, population(), now=NOW)
    assert not report.rejected
    model = refresh_segments(session, as_of=NOW)
    session.commit()
    return model


def segment_of(session: Session, external_id: str) -> ShopperSegment:
    shopper = find_shopper(session, external_id)
    assert shopper is not None
    row = session.get(ShopperSegment, shopper.id)
    assert row is not None
    return row


def test_refresh_segments_every_shopper_and_learns_what_tells_them_apart(session: Session,
                                                                          refreshed: SegmentModel) -> None:
    assert refreshed.shoppers == 90 == session.scalar(select(func.count()).select_from(ShopperSegment))
    assert segment_of(session, "cust-0").lifecycle in ("repeat", "loyal-high-value")
    assert segment_of(session, "cust-0").micro_segment.split(" · ")[-1] == "jackets"
    assert segment_of(session, "cust-1").micro_segment.startswith("churned · coupon-responder · tents")
    assert segment_of(session, "anon-2").micro_segment == "browsing-prospect · boots · cart-abandoner"
    clustering = refreshed.clustering
    assert clustering is not None and clustering.k == max(clustering.silhouettes, key=clustering.silhouettes.get)
    assert set(clustering.silhouettes) <= set(range(2, 9))
    assert len({c.label for c in clustering.clusters}) == clustering.k  # every cluster reads differently
    regular, browser = segment_of(session, "cust-0"), segment_of(session, "anon-2")
    assert regular.cluster != browser.cluster
    scorer = refreshed.scorer
    assert scorer is not None and scorer.evaluation.model_auc > 0.8 and 0 < scorer.evaluation.rfm_auc <= 1
    assert regular.purchase_probability > segment_of(session, "cust-1").purchase_probability  # type: ignore[operator]
    assert browser.purchase_probability is None and regular.clv_12m and regular.clv_12m > 0


def test_report_adds_up(session: Session, refreshed: SegmentModel) -> None:
    report = segment_report(session, refreshed)
    assert sum(r.shoppers for r in report.micro_segments) == report.shoppers == 90
    assert sum(r.revenue_share for r in report.micro_segments) == pytest.approx(1, abs=1e-3)
    assert sum(r.shoppers for r in report.clusters) == 90
    for row in report.micro_segments:
        assert row.aov == pytest.approx(row.revenue / row.orders if row.orders else 0, abs=0.01)
        assert row.conversion == pytest.approx(row.buyers / row.shoppers, abs=1e-4)
    browsers = next(r for r in report.micro_segments if r.key.startswith("browsing-prospect"))
    assert browsers.revenue == 0 and browsers.conversion == 0
    richest = max(report.clusters, key=lambda r: r.revenue_per_shopper)
    assert richest.key == str(segment_of(session, "cust-0").cluster)
    assert len(report.map_points) == 90 and report.evaluation is not None
    later = segment_report(session, refreshed, since=NOW)
    assert later.revenue < report.revenue


def test_profile_with_the_learned_model(session: Session, refreshed: SegmentModel) -> None:
    regular = shopper_profile(session, "cust-0", as_of=NOW, model=refreshed)
    gone = shopper_profile(session, "cust-1", as_of=NOW, model=refreshed)
    assert regular and gone and regular.cluster_label and regular.cluster is not None
    assert regular.purchase_probability > gone.purchase_probability  # type: ignore[operator]
    assert gone.churn_risk == pytest.approx(1 - gone.purchase_probability)  # type: ignore[operator]
    assert shopper_profile(session, "nobody", model=refreshed) is None


def test_rfm_score_ranks_recent_frequent_big_spenders_highest(session: Session, refreshed: SegmentModel) -> None:
    from recommender.shoppers.behaviour import summarise
    from recommender.shoppers.history import load_history

    ids = [find_shopper(session, i) for i in ("cust-0", "cust-1", "cust-3", "cust-4")]
    behaviours = [summarise(load_history(session, s.id), NOW) for s in ids if s]
    scores = rfm_score(behaviours)
    assert scores[0] > scores[1] and scores[2] > scores[3] and scores.min() >= 3 and scores.max() <= 15


def test_stated_preferences_round_trip(session: Session) -> None:
    shopper_id = record_answers_for(session, "browser-5", {"activity": "hiking", "conditions": ["rain", "wind"],
                                                            "budget": {"max": 200}}, at=NOW - timedelta(minutes=3))
    record_answers_for(session, "browser-5", {"activity": "travel", "colour": None}, at=NOW - timedelta(minutes=1))
    with pytest.raises(ValueError, match="question 'size': not a finder question"):
        record_answers_for(session, "browser-5", {"activity": "x", "size": "M"})
    session.commit()
    assert session.scalar(select(func.count()).select_from(StatedPreference)) == 5
    answers = load_answers(session, shopper_id)
    assert [a.question for a in answers] == ["activity", "conditions", "budget", "activity", "colour"]
    profile = shopper_profile(session, "browser-5", as_of=NOW)
    assert profile is not None
    assert {q: p.value for q, p in profile.preferences.items()} == {
        "activity": "travel", "conditions": ["rain", "wind"], "budget": {"max": 200}, "colour": None}
    assert profile.preferences["activity"].answered_at == NOW.replace(minute=59, hour=11)
    assert profile.intent == "researching"


def test_a_new_refresh_reaches_live_readers(tmp_path: Path, session: Session, refreshed: SegmentModel) -> None:
    store = SegmentStore(tmp_path)
    live = LiveSegments(store)
    assert live.get() is None
    store.save(refreshed)
    first = live.get()
    assert first is not None and first.shoppers == 90
    record_events(session, [{"type": "track", "event": "Product Viewed", "anonymousId": "late",
                             "timestamp": at(0), "properties": {"sku": "B1"}}], now=NOW)
    newer = refresh_segments(session, as_of=NOW)
    store.save(newer)
    os.utime(store.path, (1, 1))  # a coarse file clock must not hide the change
    assert live.get() is not None and live.get().shoppers == 91  # type: ignore[union-attr]


def test_refresh_covers_shoppers_known_only_by_their_answers(session: Session) -> None:
    record_events(session, population(), now=NOW)
    record_answers_for(session, "quiet-1", {"category": "tents"}, at=NOW - timedelta(days=3))
    refresh_segments(session, as_of=NOW)
    assert segment_of(session, "quiet-1").micro_segment == "new-visitor · tents"
