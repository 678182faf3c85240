"""Prometheus metrics of one process: each service (web app, action server) serves its own ``/metrics`` and
Prometheus scrapes every process, so nothing here is shared between processes.

A process has one :class:`Metrics` (:func:`process_metrics`, on prometheus-client's default registry, which
also carries the process's CPU and memory); tests build their own on a private registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

# A turn runs from a few ms (a greeting) to about a second (a first suggestion on a cold index).
TURN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# A suggestion list: encoding (3-12 ms), a FAISS scan (about 2 ms for 12k products) and the re-ranking.
SUGGESTION_BUCKETS = (0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5)
HTTP_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST
UNKNOWN_ACTION = "unknown"  # an action name the server does not have: any caller could invent one per call
_PENDING_CASES = "outfitter_metrics_cases"


class Metrics:
    """The project's metrics, registered on ``registry``."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self.turn_seconds = Histogram(
            "outfitter_turn_seconds", "Time the action server takes to run one custom action call (the webhook).",
            ["action"], buckets=TURN_BUCKETS, registry=self.registry)
        self.suggestion_seconds = Histogram(
            "outfitter_suggestion_seconds", "Time to produce one list of suggestions or search results; via: "
            "bot (an action) or web (the web app's API).", ["via"], buckets=SUGGESTION_BUCKETS,
            registry=self.registry)
        self.index_version = Gauge(
            "outfitter_index_version", "1 for the index version the process serves (label version); no sample "
            "when no version is live.", ["version"], registry=self.registry)
        self.events_ingested = Counter(
            "outfitter_events_ingested", "Shopper events recorded by the events API, by event type "
            "(rejected calls and duplicates are not counted).", ["event"], registry=self.registry)
        self.cases_opened = Counter(
            "outfitter_cases_opened", "Support cases opened (committed), by kind.", ["kind"],
            registry=self.registry)
        self.http_seconds = Histogram(
            "outfitter_http_requests_seconds", "Web app requests by route template and method.",
            ["route", "method"], buckets=HTTP_BUCKETS, registry=self.registry)

    @contextmanager
    def suggestion_timer(self, via: str) -> Iterator[None]:
        """Times the block as one suggestion list (also when it raises: a failed list took that time too)."""
        with self.suggestion_seconds.labels(via).time():
            yield

    def set_index_version(self, version: str | None) -> None:
        """The live version, as one labelled sample: dashboards show the label, alerts compare it across
        processes (a process still serving an old version after a publish)."""
        self.index_version.clear()
        if version is not None:
            self.index_version.labels(version).set(1)

    def count_events(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            if count:
                self.events_ingested.labels(name).inc(count)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes; serve it with :data:`CONTENT_TYPE`."""
        return generate_latest(self.registry)


@cache
def process_metrics() -> Metrics:
    return Metrics(REGISTRY)


def case_opened(session: Session, kind: str, metrics: Metrics | None = None) -> None:
    """Count a case opened in ``session``'s transaction when that transaction commits.

    Counting at the insert would count a case whose transaction is then rolled back (the caller commits, and
    may fail after opening); counting at the root commit counts only cases that exist.
    """
    pending: list[tuple[Metrics, str]] = session.info.setdefault(_PENDING_CASES, [])
    pending.append((metrics or process_metrics(), kind))
    if not event.contains(session, "after_commit", _count_cases):
        event.listen(session, "after_commit", _count_cases)
        event.listen(session, "after_transaction_end", _drop_cases)


def _count_cases(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the transaction that holds the case may still roll back
    for metrics, kind in session.info.pop(_PENDING_CASES, []):
        metrics.cases_opened.labels(kind).inc()


def _drop_cases(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the root ended without a commit (a commit has counted them already)
        session.info.pop(_PENDING_CASES, None)
