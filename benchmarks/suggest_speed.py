"""Speed of one suggestion and of one shopper's profile, as the action server computes them.

1. ``recommender.ranking.suggest`` on the Myntra catalog (12,491 products, imported with ``--currency INR``):
   p50/p95/p99 for a shopper's words, for finder answers and for words with a 60-event shopper, and where the
   time goes: encoding the words, retrieving candidates (dense + BM25 + fusion), ranking (re-rank, variety,
   explanations) and the rest (reading the request, the filters, the shopper's taste). Each text is encoded
   afresh (the encoder's cache is emptied before each call) unless the row says it is repeated.
2. One shopper's profile through ``ProfileCache`` (what ``bot.services.Services.profiles`` is) on UCI Online
   Retail, for the busiest real customer (most events) and a typical one (the median number of events): built
   from nothing, on the next turn after a new event was recorded, and on a turn with nothing new.

Run from the repository root::

    .venv/bin/python benchmarks/suggest_speed.py [--work DIR] [--skip-myntra] [--skip-uci] [--uci-lines N]

``--work DIR`` keeps the imports there and reuses them (the same layout as ``benchmarks/ranking.py``'s).
"""

from __future__ import annotations

import os

# As the launcher runs the servers: OpenMP threads that spin after each FAISS call steal the encoder's cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import importlib
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine, session_factory, upgrade
from recommender.catalog.indexing import publish_index
from recommender.catalog.models import Product
from recommender.encoder import Encoder, make_encoder
from recommender.evaluation.harness import read_queries
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from recommender.ranking import SuggestRequest, suggest
from recommender.shoppers.models import Event, Shopper
from recommender.shoppers.online_retail import import_online_retail
from recommender.shoppers.profile_cache import ProfileCache
from recommender.shoppers.recording import record_events
from recommender.shoppers.refresh import refresh_segments
from recommender.shoppers.segment_model import SegmentModel

from measure import err, note_load, out, printer, shared_data_arguments, show
from ranking import MYNTRA, MYNTRA_MAP, MYNTRA_QUERIES, NOW, RETAIL, browsing_profile, catalog_index

# The module, not the function of the same name that recommender.ranking exports.
suggest_module = importlib.import_module("recommender.ranking.suggest")
ROUNDS = 3
PROFILE_CALLS = 200
COLD_CALLS = 60  # a build from nothing of the busiest history takes up to a second on a busy machine
STAGES = {  # the functions suggest() calls, by the stage their time counts to
    "understand_request": "other", "allowed_rows": "other", "taste_of": "other", "retrieve": "retrieve",
    "rerank": "rank", "diversify": "rank", "explain": "rank",
}
ANSWER_SETS = [{"category": "dresses", "fit": "women", "budget": "under 2000"}, {"colour": "black", "budget": 1500},
               {"category": "shoes", "fit": "men"}, {"activity": "running", "features": ["lightweight"]},
               {"category": "watches", "colour": "blue"}, {"category": "kurtas", "fit": "women", "budget": 1000}]


class StageClock:
    """Adds up the time ``suggest`` spends in each stage, by wrapping the functions its module calls."""

    def __init__(self, encoder: Encoder) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._encoder = encoder

    def _timed(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent[stage] += time.perf_counter() - started
        return run

    @contextmanager
    def installed(self) -> Iterator[None]:
        originals = {name: getattr(suggest_module, name) for name in STAGES}
        encode = self._encoder.encode_query
        try:
            for name, stage in STAGES.items():
                setattr(suggest_module, name, self._timed(stage, originals[name]))
            self._encoder.encode_query = self._timed("encode", encode)  # type: ignore[method-assign]
            yield
        finally:
            for name, fn in originals.items():
                setattr(suggest_module, name, fn)
            del self._encoder.encode_query  # the class's method again

    def lap(self) -> dict[str, float]:
        """The time per stage since the last lap, in ms."""
        spent = {stage: seconds * 1000 for stage, seconds in self.spent.items()}
        self.spent.clear()
        return spent


def forget_queries(encoder: Encoder) -> None:
    """Empty the encoder's query cache, if it keeps one: every call then encodes its text."""
    clear = getattr(encoder, "clear_query_cache", None)
    if clear is not None:
        clear()


def percentiles(values: list[float]) -> tuple[float, float, float]:
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return float(p50), float(p95), float(p99)


def timed_suggestions(index: LoadedIndex, encoder: Encoder, calls: list[tuple[SuggestRequest, Any]],
                      fresh_text: bool) -> tuple[list[float], dict[str, float]]:
    """Each call's total ms and the median ms of each stage."""
    clock = StageClock(encoder)
    totals: list[float] = []
    stages: dict[str, list[float]] = defaultdict(list)
    with clock.installed():
        for request, profile in calls[:3]:  # warm: the first call per version compiles the vocabulary
            suggest(request, index=index, encoder=encoder, profile=profile, as_of=NOW)
        clock.lap()
        for request, profile in calls:
            if fresh_text:
                forget_queries(encoder)
            started = time.perf_counter()
            suggest(request, index=index, encoder=encoder, profile=profile, as_of=NOW)
            total = (time.perf_counter() - started) * 1000
            totals.append(total)
            lap = clock.lap()
            for stage in ("encode", "retrieve", "rank", "other"):
                stages[stage].append(lap.get(stage, 0.0))
    return totals, {stage: statistics.median(values) for stage, values in stages.items()}


def suggest_rows(index: LoadedIndex, encoder: Encoder, texts: list[str]) -> list[tuple[str, ...]]:
    profile = browsing_profile(index)
    cases: list[tuple[str, list[tuple[SuggestRequest, Any]], bool]] = [
        ("words, anonymous", [(SuggestRequest(text=t), None) for t in texts], True),
        ("finder answers, anonymous", [(SuggestRequest(answers=a), None) for a in ANSWER_SETS], True),
        ("words, 60-event shopper", [(SuggestRequest(text=t), profile) for t in texts], True),
        ("words, anonymous, text seen before", [(SuggestRequest(text=t), None) for t in texts], False),
    ]
    rows = []
    for label, calls, fresh in cases:
        totals, stages = timed_suggestions(index, encoder, calls * ROUNDS, fresh)
        p50, p95, p99 = percentiles(totals)
        rows.append((f"{label} ({len(totals)} calls)", f"{p50:.2f} / {p95:.2f} / {p99:.2f}",
                     " / ".join(f"{stages[s]:.2f}" for s in ("encode", "retrieve", "rank", "other"))))
    return rows


def retail_sessions(work: Path, encoder: Encoder, lines: int | None) -> sessionmaker[Session]:
    """The UCI import in ``work/retail`` (made as ``benchmarks/ranking.py`` makes it, or reused)."""
    folder = work / "retail"
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{folder / 'app.db'}")
    upgrade(engine)
    store = IndexStore(folder / "index")
    sessions = session_factory(engine)
    if store.current() is None:
        with sessions() as session:
            import_online_retail(session, RETAIL, encoder, limit_lines=lines, progress=printer(RETAIL.name))
            session.commit()
            publish_index(session, store, encoder.model_name)
    return sessions


def customers_by_events(session: Session) -> list[tuple[str, int]]:
    """Real customers (those with a customer id) and their event counts, most events first."""
    rows = session.execute(
        select(Shopper.customer_id, func.count()).join(Event, Event.shopper_id == Shopper.id)
        .where(Shopper.customer_id.is_not(None)).group_by(Shopper.id).order_by(func.count().desc(), Shopper.id))
    return [(str(customer), int(count)) for customer, count in rows]


def view_event(customer: str, sku: str, at: Any, n: int) -> dict[str, Any]:
    return {"type": "track", "event": "Product Viewed", "userId": customer, "timestamp": at.isoformat(),
            "messageId": f"speed-{customer}-{n}-{time.time_ns()}", "properties": {"sku": sku, "price": 2.5}}


def profile_rows(sessions: sessionmaker[Session], model: SegmentModel, customer: str, label: str,
                 sku: str) -> list[tuple[str, str]]:
    """Three ways a turn meets the profile cache: empty, after a new event, with nothing new."""
    def turn(cache: ProfileCache) -> float:
        with sessions() as session:  # a session per turn, as bot.suggestions.profile_for opens one
            started = time.perf_counter()
            assert cache.get(session, customer, model) is not None
            return (time.perf_counter() - started) * 1000

    cold = [turn(ProfileCache()) for _ in range(COLD_CALLS)]
    cache = ProfileCache()
    turn(cache)
    after_event = []
    for n in range(PROFILE_CALLS):
        with sessions() as session:  # the web app records a view between two turns
            at = model.as_of + timedelta(minutes=1 + n)
            report = record_events(session, [view_event(customer, sku, at, n)], now=at)
            assert report.recorded == 1, report.rejected
            session.commit()
        after_event.append(turn(cache))
    unchanged = [turn(cache) for _ in range(PROFILE_CALLS)]
    rows = []
    for case, values in ((f"built from nothing ({COLD_CALLS} turns)", cold),
                         (f"next turn after a new event ({PROFILE_CALLS})", after_event),
                         (f"next turn, nothing new ({PROFILE_CALLS})", unchanged)):
        p50, p95, p99 = percentiles(values)
        rows.append((f"{label}: {case}", f"{p50:.1f} / {p95:.1f} / {p99:.1f}"))
    return rows


def remove_added_events(sessions: sessionmaker[Session]) -> None:
    """The views this benchmark recorded, gone again: a reused import stays as it was imported."""
    with sessions() as session:
        ids = list(session.scalars(select(Event.id).where(Event.message_id.like("speed-%"))))
        for event in session.scalars(select(Event).where(Event.id.in_(ids))):
            session.delete(event)
        session.commit()


def bench_profiles(work: Path, encoder: Encoder, lines: int | None) -> list[tuple[str, str]]:
    sessions = retail_sessions(work, encoder, lines)
    remove_added_events(sessions)
    with sessions() as session:
        err.print("[2] refreshing segments (the model the action server scores profiles with) …")
        model = refresh_segments(session)
        session.rollback()  # the figures need the model only
        ranked = customers_by_events(session)
        sku = str(session.scalar(select(Product.sku).order_by(Product.id).limit(1)))
    busiest, typical = ranked[0], ranked[len(ranked) // 2]
    rows = []
    try:
        for (customer, events), label in ((busiest, "busiest customer"), (typical, "typical customer")):
            err.print(f"[2] profile of {label} {customer} ({events:,} events) …")
            rows += profile_rows(sessions, model, customer, f"{label} ({events:,} events)", sku)
    finally:
        remove_added_events(sessions)
    return rows


def main() -> int:
    args = shared_data_arguments(__doc__).parse_args()
    figures: dict[str, Any] = {"environment": {}}
    with tempfile.TemporaryDirectory(prefix="outfitter-speed-") as tmp:
        work = args.work or Path(tmp)
        encoder = make_encoder(query_precision=args.query_precision)
        encoder.encode(["warm up"])
        if not args.skip_myntra and MYNTRA.exists():
            index = catalog_index(work / "myntra-inr", MYNTRA, encoder, MYNTRA_MAP, currency="INR")
            texts = [q.request.text for q in read_queries(MYNTRA_QUERIES) if q.request.text]
            rows = suggest_rows(index, encoder, texts)
            show(f"1. suggest on Myntra ({len(index):,} products), warm, {ROUNDS} rounds (ms)",
                 ["", "p50 / p95 / p99", "median encode / retrieve / rank / other"], rows)
            note_load(figures, "suggest")
        elif not args.skip_myntra:
            err.print(f"Myntra left out: {MYNTRA} is absent")
        if not args.skip_uci and RETAIL.exists():
            rows = bench_profiles(work, encoder, args.uci_lines)
            show("2. One shopper's profile through ProfileCache, UCI Online Retail (ms)",
                 ["", "p50 / p95 / p99"], rows)
            note_load(figures, "profile")
        elif not args.skip_uci:
            err.print(f"UCI Online Retail left out: {RETAIL} is absent")
    out.print(f"[dim]{sys.argv[0]} done[/dim]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
