"""The profile cache: after new events, a merge or the clock moving on, the profile it gives is the one a fresh
read of the database gives, while a new event costs a read of that event rather than of the whole history."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
from sqlalchemy.orm import Session
from threadpoolctl import ThreadpoolController, threadpool_limits

from recommender.shoppers import profile_cache
from recommender.shoppers.history import load_answers, load_history
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.profile import Profile, build_profile, shopper_profile
from recommender.shoppers.profile_cache import ProfileCache
from recommender.shoppers.recording import record_events
from recommender.shoppers.traits import Thresholds
from tests.recommender.shoppers_helpers import NOW, at, order, product, track


def recorded(session: Session, calls: list[dict[str, Any]], now: datetime = NOW) -> None:
    report = record_events(session, calls, now=now)
    assert report.recorded == len(calls), report.rejected
    session.commit()


def fresh(session: Session, external_id: str, now: datetime) -> dict[str, Any]:
    profile = shopper_profile(session, external_id, as_of=now)
    assert profile is not None
    return profile.to_dict()


def history(shopper: str = "anon-1", user: str | None = None) -> list[dict[str, Any]]:
    return [
        track("Product Viewed", shopper, user=user, when=at(40), sku="J1", category="jackets", price=120),
        order("o-1", [product("J1", 110, category="jackets", brand="Peak", on_sale=True)], shopper, user=user,
              when=at(39)),
        track("Product Viewed", shopper, user=user, when=at(3), sku="T1", category="tents", price=300),
        track("Product Added", shopper, user=user, when=at(3), sku="T1", category="tents", price=300),
    ]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the cache's full reads of a history."""
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return load_history(*args, **kwargs)

    monkeypatch.setattr(profile_cache, "load_history", counted)
    return calls


def test_a_new_event_changes_the_profile_as_a_fresh_read_would(session: Session, loads: list[int]) -> None:
    recorded(session, history())
    cache = ProfileCache()
    first = cache.get(session, "anon-1", now=NOW)
    assert first is not None and first.to_dict() == fresh(session, "anon-1", NOW)
    assert cache.get(session, "anon-1", now=NOW) is first  # nothing new: the same profile
    later = NOW + timedelta(minutes=2)
    recorded(session, [track("Product Viewed", "anon-1", when=later.isoformat(), sku="B7", category="boots"),
                       order("o-2", [product("T1", 300, category="tents")], "anon-1", when=later.isoformat())],
             now=later)
    again = cache.get(session, "anon-1", now=later)
    assert again is not None and again is not first
    assert again.recently_viewed[0].sku == "B7" and "T1" in again.purchased
    assert not again.abandoned and first.abandoned  # the tent left in the cart was bought
    assert again.to_dict() == fresh(session, "anon-1", later)
    assert len(loads) == 1  # the new events were read on their own, the history was not read again


def test_an_event_stamped_ahead_counts_once_its_time_comes(session: Session) -> None:
    recorded(session, history())
    ahead = NOW + timedelta(hours=2)  # a shop's clock may run ahead: calls up to a day ahead are taken
    recorded(session, [track("Product Viewed", "anon-1", when=ahead.isoformat(), sku="S9", category="socks")])
    cache = ProfileCache()
    before = cache.get(session, "anon-1", now=NOW)
    assert before is not None and "S9" not in [i.sku for i in before.recently_viewed]
    after = cache.get(session, "anon-1", now=ahead + timedelta(minutes=1))
    assert after is not None and after.recently_viewed[0].sku == "S9"
    assert after.to_dict() == fresh(session, "anon-1", ahead + timedelta(minutes=1))


def test_older_events_merged_in_are_read_again(session: Session, loads: list[int]) -> None:
    recorded(session, [track("Product Viewed", "anon-9", when=at(10), sku="G1", category="gloves")])
    recorded(session, history("anon-1", user="cust-1"))
    cache = ProfileCache()
    known = cache.get(session, "cust-1", now=NOW)
    assert known is not None and "G1" not in [i.sku for i in known.recently_viewed]
    later = NOW + timedelta(minutes=5)
    # The browser that viewed the gloves signs in as the customer: its earlier events become hers.
    recorded(session, [track("Product Viewed", "anon-9", user="cust-1", when=later.isoformat(), sku="J2")], now=later)
    merged = cache.get(session, "cust-1", now=later)
    assert merged is not None and {"G1", "J2"} <= {i.sku for i in merged.recently_viewed}
    assert merged.to_dict() == fresh(session, "cust-1", later)
    assert len(loads) == 2


def test_an_entry_older_than_max_age_is_read_again(session: Session, loads: list[int]) -> None:
    recorded(session, history())
    cache = ProfileCache(max_age=timedelta(minutes=10))
    first = cache.get(session, "anon-1", now=NOW)
    assert cache.get(session, "anon-1", now=NOW + timedelta(minutes=9)) is first
    assert len(loads) == 1
    later = NOW + timedelta(minutes=11)
    again = cache.get(session, "anon-1", now=later)
    assert again is not first and again is not None and again.to_dict() == fresh(session, "anon-1", later)
    assert len(loads) == 2


def test_a_history_longer_than_the_limit_keeps_its_latest_events(session: Session) -> None:
    recorded(session, history())
    cache = ProfileCache(limit=3)
    cache.get(session, "anon-1", now=NOW)
    later = NOW + timedelta(minutes=1)
    recorded(session, [track("Product Viewed", "anon-1", when=later.isoformat(), sku="C3", category="caps")],
             now=later)
    cached = cache.get(session, "anon-1", now=later)
    shopper = shopper_id_of(session, "anon-1")
    assert cached is not None and shopper is not None
    expected: Profile = build_profile(shopper, load_history(session, shopper, until=later, limit=3),
                                      load_answers(session, shopper), later)
    assert cached.to_dict() == expected.to_dict()
    assert "J1" not in cached.purchased  # the order 39 days ago is no longer among the latest three events


class CountingClusters:
    """A clustering that notes how many OpenMP threads scikit-learn would use for each assignment."""

    def __init__(self) -> None:
        self.threads: list[int] = []

    def assign(self, rows: Any) -> Any:
        self.threads.append(_openmp_effective_n_threads())
        return [0]

    def by_id(self, cluster: int) -> Any:
        return SimpleNamespace(label="regulars")


def test_a_profile_is_scored_on_one_openmp_thread_and_gives_them_back() -> None:
    clusters = CountingClusters()
    model: Any = SimpleNamespace(medians={}, thresholds=Thresholds(), clustering=clusters, scorer=None)
    with threadpool_limits(limits=2, user_api="openmp"):
        build_profile(1, [], [], NOW, model)
        scored = build_profile(1, [], [], NOW, model, openmp=ThreadpoolController().select(user_api="openmp"))
        assert clusters.threads == [1, 1] and scored.cluster_label == "regulars"
        assert _openmp_effective_n_threads() == 2  # batch work after it keeps its threads
