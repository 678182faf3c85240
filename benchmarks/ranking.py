"""Personalized ranking: suggest latency, ranking quality against two baselines, next-basket on real orders.

1. ``suggest`` p50/p95 warm latency on the demo catalog (400 products) and on the Myntra catalog (12,491),
   for an anonymous shopper's words, for finder answers alone, and for a shopper with a 60-event history.
2. NDCG@10, Recall@10 and MRR of the ranking, BM25 alone and dense alone, on the demo query set and on a
   Myntra query set (``benchmarks/queries/myntra.jsonl``, judged by rule against the catalog), per sku and
   per product (colour variants of one product count once); on Myntra also catalog search as
   ``outfitter search`` runs it, and every method per kind of query (known-item, attribute, use-case).
3. UCI Online Retail next-basket: each customer's last invoice hidden, 20 suggestions from the history
   before it; Recall@20 and NDCG@20 of the ranking, a popularity baseline and an item co-purchase kNN.

Run from the repository root::

    .venv/bin/python benchmarks/ranking.py [--work DIR] [--skip-myntra] [--skip-uci] [--uci-lines N]
                                           [--query-precision int8|float32]

``--work DIR`` keeps the imported catalogs there and reuses them on the next run (a Myntra import embeds
12,491 products, about two and a half minutes).
"""

from __future__ import annotations

import os

# As the launcher runs the servers: OpenMP threads that spin after each FAISS call steal the encoder's cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import json
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bot.db import make_engine, session_factory, upgrade
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.catalog.reader import parse_mapping
from recommender.encoder import Encoder, make_encoder
from recommender.evaluation.harness import (
    BM25,
    DENSE,
    HYBRID,
    SEARCH,
    EvalReport,
    evaluate,
    rankers,
    read_qrels,
    read_queries,
)
from recommender.evaluation.judging import judge
from recommender.evaluation.next_basket import (
    BasketCase,
    evaluate_baskets,
    holdout,
    item_knn_baseline,
    popular_baseline,
    training_touches,
)
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_of
from recommender.index.versions import IndexStore
from recommender.ranking import SuggestRequest, suggest
from recommender.ranking.signals import load_touches, signals_from
from recommender.shoppers.history import Happening, Line, load_histories
from recommender.shoppers.online_retail import import_online_retail
from recommender.shoppers.profile import Profile, build_profile
from recommender.shoppers.spec import PRODUCT_ADDED, PRODUCT_VIEWED

from measure import err, latency, ms, note_load, out, printer, shared_data_arguments, show

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
MYNTRA = SHARED / "catalogs" / "myntra" / "myntra_products_catalog.csv"
RETAIL = SHARED / "behaviour" / "uci-online-retail" / "online_retail.csv.gz"
MYNTRA_MAP = parse_mapping(["sku=Product_ID", "title=Product_Name", "brand=Product_Brand", "gender=Gender",
                            "price=Price", "description=Description", "color=Primary_Color"])
DEMO_QUERIES, DEMO_QRELS = ROOT / "data/catalog/demo_queries.jsonl", ROOT / "data/catalog/demo_qrels.jsonl"
MYNTRA_QUERIES = ROOT / "benchmarks/queries/myntra.jsonl"
ROUNDS = 5  # each query set is run this many times for the latency figures
NOW = datetime.now(UTC)


def catalog_index(folder: Path, source: Path, encoder: Encoder, mapping: dict[str, str] | None,
                  currency: str | None = None) -> LoadedIndex:
    """The catalog imported into ``folder`` (reused when it is already there) and its live index; ``currency``
    prices the rows that state none, as ``outfitter catalog import --currency`` does."""
    store = IndexStore(folder / "index")
    if store.current() is None:
        folder.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{folder / 'app.db'}")
        upgrade(engine)
        with session_factory(engine)() as session:
            import_catalog(session, source, encoder, mapping=mapping, progress=printer(source.name),
                           currency=currency)
            publish_index(session, store, encoder.model_name)
        engine.dispose()
    return LiveIndex(store).get()


def browsing_profile(index: LoadedIndex, seed: int = 5, events: int = 60) -> Profile:
    """A shopper with a month of views and cart adds over a few related products."""
    rng = random.Random(seed)
    anchor = rng.randrange(len(index))
    near = [hit.sku for hit in index.search(np.asarray(index.vectors[anchor]), 40)]
    history = []
    for n in range(events):
        sku = rng.choice(near)
        row = index.attrs.iloc[index.row_of_sku(sku)]
        name = PRODUCT_ADDED if n % 10 == 9 else PRODUCT_VIEWED
        history.append(Happening(name, NOW - timedelta(days=30 - n / 2),
                                 (Line(sku, row["category"], row["brand"], float(row["price"])),)))
    return build_profile(1, history, [], NOW)


def suggest_latency(index: LoadedIndex, encoder: Encoder, texts: list[str], label: str) -> list[tuple[str, str]]:
    profile = browsing_profile(index)
    answer_sets = [{"activity": "hiking", "conditions": ["rain"], "budget": 200}, {"features": ["warm"]},
                   {"category": "tents", "fit": "women"}, {"colour": "black", "budget": "under 2000"}]
    cases = {
        "words, anonymous": [SuggestRequest(text=t) for t in texts],
        "finder answers, anonymous": [SuggestRequest(answers=a) for a in answer_sets],
        "words, 60-event shopper": [(SuggestRequest(text=t), profile) for t in texts],
    }
    rows = []
    for case, requests in cases.items():
        calls = [r if isinstance(r, tuple) else (r, None) for r in requests] * ROUNDS
        def run(pair: tuple[SuggestRequest, Profile | None]) -> object:
            encoder.clear_query_cache()  # the rounds repeat each text; each call is to encode its words
            return suggest(pair[0], index=index, encoder=encoder, profile=pair[1], as_of=NOW)
        for pair in calls[:3]:
            run(pair)  # warm: the first call per version compiles the vocabulary
        _, stats = latency(run, calls)
        rows.append((f"{label}: {case}", ms(stats)))
    return rows


METHOD_NAMES = {SEARCH: "search (outfitter search)", HYBRID: "suggest", BM25: "BM25", DENSE: "dense"}


def quality(report: EvalReport, label: str) -> list[tuple[str, ...]]:
    return [(f"{label}: {METHOD_NAMES[method]}", *(f"{report.mean(method, m):.3f}" for m in
                                                   ("ndcg", "ndcg_product", "recall_product", "mrr")))
            for method in report.methods]


def quality_by_kind(report: EvalReport) -> list[tuple[str, ...]]:
    """NDCG@10 and MRR@10 per product of each method, for each kind of query and for all of them."""
    rows = []
    for kind in [*report.kinds, None]:
        count = len(report.of_kind(kind))
        for method in report.methods:
            rows.append((f"{kind or 'all'} ({count}): {METHOD_NAMES[method]}",
                         *(f"{report.mean(method, m, kind):.3f}" for m in ("ndcg_product", "mrr_product", "ndcg"))))
    return rows


def judged(index: LoadedIndex, queries_path: Path, work: Path) -> Path:
    """Judgements of a query set by its rules, against the products as imported (canonical fields)."""
    queries = [json.loads(line) for line in queries_path.read_text().splitlines() if line.strip()]
    path = work / f"{queries_path.stem}_qrels.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in judge(index.attrs, queries)))
    return path


def next_basket(work: Path, encoder: Encoder, lines: int | None) -> tuple[list[tuple[str, ...]], int]:
    folder = work / "retail"
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{folder / 'app.db'}")
    upgrade(engine)
    store = IndexStore(folder / "index")
    with session_factory(engine)() as session:
        if store.current() is None:
            import_online_retail(session, RETAIL, encoder, limit_lines=lines, progress=printer(RETAIL.name))
            session.commit()
            publish_index(session, store, encoder.model_name)
        histories = load_histories(session)
        cases, hidden = holdout(histories)
        signals = signals_from(training_touches(load_touches(session), hidden), max(c.cutoff for c in cases))
    engine.dispose()
    index = LiveIndex(store).get()

    def ours(case: BasketCase, k: int) -> list[str]:
        profile = build_profile(case.shopper_id, case.history, [], case.cutoff)
        return suggest(SuggestRequest(k=k), index=index, encoder=encoder, profile=profile, signals=signals,
                       as_of=case.cutoff).skus

    methods = {"ranking (suggest)": ours, "popularity": popular_baseline(signals),
               "item co-purchase kNN": item_knn_baseline(signals)}
    scores = evaluate_baskets(cases, methods, 20, lambda done, total: done % 500 == 0 and err.print(
        f"  next basket: {done}/{total}"))
    return [(name, f"{scores.recall[name]:.4f}", f"{scores.ndcg[name]:.4f}") for name in methods], scores.customers


def main() -> int:
    args = shared_data_arguments(__doc__).parse_args()
    figures: dict[str, Any] = {"environment": {}}
    with tempfile.TemporaryDirectory(prefix="outfitter-ranking-") as tmp:
        work = args.work or Path(tmp)
        encoder = make_encoder(query_precision=args.query_precision)
        encoder.encode(["warm up"])
        demo = catalog_index(work / "demo", ROOT / "data/catalog/demo_catalog.csv", encoder, None)
        demo_texts = [q.request.text for q in read_queries(DEMO_QUERIES) if q.request.text]
        latency_rows = suggest_latency(demo, encoder, demo_texts, f"demo ({len(demo):,})")
        demo_report = evaluate(read_queries(DEMO_QUERIES), read_qrels(DEMO_QRELS), rankers(demo, encoder, 10), 10,
                               product_of(demo))
        quality_rows = quality(demo_report, "demo, 40 queries")
        kind_rows: list[tuple[str, ...]] = []
        note_load(figures, "demo")
        if not args.skip_myntra and MYNTRA.exists():
            myntra = catalog_index(work / "myntra", MYNTRA, encoder, MYNTRA_MAP)
            queries = read_queries(MYNTRA_QUERIES)
            latency_rows += suggest_latency(myntra, encoder, [q.request.text for q in queries],
                                            f"Myntra ({len(myntra):,})")
            qrels = read_qrels(judged(myntra, MYNTRA_QUERIES, work))
            report = evaluate(queries, qrels, rankers(myntra, encoder, 10, with_search=True), 10, product_of(myntra))
            quality_rows += quality(report, f"Myntra, {len(report.queries)} queries")
            kind_rows = quality_by_kind(report)
            note_load(figures, "myntra")
        elif not args.skip_myntra:
            err.print(f"Myntra left out: {MYNTRA} is absent")
        show(f"1. suggest, warm, {ROUNDS} rounds of each request set (ms)", ["", "p50 / p95"], latency_rows)
        show("2. Ranking quality @10", ["", "NDCG per sku", "NDCG per product", "Recall per product", "MRR"],
             quality_rows)
        if kind_rows:
            show("2b. Myntra per kind of query @10 (unjudged queries left out)",
                 ["kind (queries): method", "NDCG per product", "MRR per product", "NDCG per sku"], kind_rows)
        if not args.skip_uci and RETAIL.exists():
            rows, customers = next_basket(work, encoder, args.uci_lines)
            show(f"3. UCI Online Retail next basket: {customers:,} customers, last invoice hidden, new products in "
                 "it to find", ["", "Recall@20", "NDCG@20"], rows)
            note_load(figures, "next basket")
        elif not args.skip_uci:
            err.print(f"UCI next basket left out: {RETAIL} is absent")
    out.print(f"[dim]{sys.argv[0]} done[/dim]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
