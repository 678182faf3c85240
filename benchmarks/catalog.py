"""Catalog and index benchmark: import/embedding throughput, incremental updates, search latency, 1M vectors.

What it measures, in one run:

1. Importing the real Myntra catalog (12.5k products) into a fresh SQLite home with the product's encoder
   (ONNX by default), in products/s, next to a raw ``SentenceTransformer.encode`` of the very same product
   texts with the very same model, and the lowest cosine between the two sets of vectors.
2. Applying 100 changed products (re-embeds 100) plus publishing a new index version; then adding 100
   new and removing 100 products with ``--replace`` semantics.
3. Warm single-query search latency (k=10) on the real catalog: query encoding (the product's encoder and
   sentence-transformers), BM25 search of the same version, index search and the whole
   ``recommender.search.search`` call, for the exact index and for HNSW and IVF indexes built over the
   same vectors, with recall@10 of each approximate index against the exact one.
4. Synthetic normalised vectors (1M by default, dimension 384, a seeded gaussian mixture of low-rank clusters):
   build time, latency and recall@10 of exact and IVF indexes, and of HNSW on the first 100k of them.

Run from the repository root::

    .venv/bin/python benchmarks/catalog.py [--quick] [--backend onnx|torch] [--vectors N] [--json FILE]

Timings are wall clock on whatever else the machine is doing; read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pandas as pd
import torch
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine, session_factory, upgrade
from recommender.catalog.embedding import product_text
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.catalog.models import ACTIVE, Product
from recommender.catalog.reader import parse_mapping
from recommender.encoder import Encoder, make_encoder
from recommender.index.backends import HNSW_EF_SEARCH, HNSW_NEIGHBOURS, IndexType, build_index
from recommender.index.lexical import build_lexical
from recommender.index.live import LiveIndex
from recommender.index.loaded import Hit, LoadedIndex
from recommender.index.versions import IndexStore
from recommender.search import search

from measure import err, latency, ms, note_load, out, printer, recall, show, timed

CATALOG = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "catalogs" / "myntra"
           / "myntra_products_catalog.csv")
MYNTRA_MAP = parse_mapping(["sku=Product_ID", "title=Product_Name", "brand=Product_Brand", "gender=Gender",
                            "price=Price", "description=Description", "color=Primary_Color"])
QUERIES = [
    "black leather wallet for men", "floral summer dress", "running shoes under 3000",
    "white sneakers for women", "blue denim jacket", "men's slim fit jeans", "cotton kurta set for women",
    "analog watch for men", "gold plated earrings", "t-shirt for boys", "red saree for a wedding",
    "sports bra", "formal shirt for office", "backpack for college", "sunglasses for women",
    "winter jacket for men under 5000", "printed palazzo pants", "brown leather belt", "track pants for gym",
    "navy polo t-shirt", "trolley bag for travel", "casual shorts", "ethnic wear for my daughter",
    "party heels", "hooded sweatshirt", "silver necklace", "checked shirt for men",
    "maxi dress between 1000 and 2000", "pack of 3 socks", "swimwear for women", "grey joggers",
    "handbag for my wife",
]
K = 10
DIM = 384



def count_embedding_time(encoder: Encoder) -> dict[str, float]:
    """Make ``encoder`` add up the time it spends embedding documents, to split an import into its parts."""
    spent = {"s": 0.0}
    embed = encoder.encode_documents

    def timed_embed(texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        started = time.perf_counter()
        try:
            return embed(texts, progress)
        finally:
            spent["s"] += time.perf_counter() - started

    encoder.encode_documents = timed_embed  # type: ignore[method-assign]
    return spent


def afresh(encoder: Encoder, fn: Callable[[str], Any]) -> Callable[[str], Any]:
    """``fn`` with the encoder's query cache emptied first: the query set repeats its texts, and each call
    is to pay for encoding its text as a shopper's new words do."""
    def call(text: str) -> Any:
        encoder.clear_query_cache()
        return fn(text)
    return call


def product_ids(results: list[list[Hit]]) -> list[list[int]]:
    return [[hit.product_id for hit in hits] for hits in results]


def warm_up(encoder: Encoder, source: Path) -> None:
    """Load the model and run one realistic batch: the first large encode in a process is ~20% slower (it
    picks kernels per input shape), and neither the import nor the raw encode should pay for that."""
    sample = pd.read_csv(source, dtype=str, keep_default_na=False, nrows=512)
    encoder.encode((sample["Product_Name"] + ". " + sample["Description"].str[:300]).tolist())


def make_home(root: Path) -> tuple[sessionmaker[Session], IndexStore]:
    """A fresh OUTFITTER-style home: SQLite database through the migrations, index folder beside it."""
    engine = make_engine(f"sqlite:///{root / 'outfitter.db'}")
    upgrade(engine)
    return session_factory(engine), IndexStore(root / "index")


def import_and_publish(sessions: sessionmaker[Session], store: IndexStore, encoder: Encoder,
                       spent: dict[str, float], path: Path, *, replace: bool, label: str) -> dict[str, Any]:
    spent["s"] = 0.0
    with sessions() as session:
        report, import_s = timed(import_catalog, session, path, encoder, mapping=MYNTRA_MAP,
                                 replace=replace, progress=printer(label))
        manifest, publish_s = timed(publish_index, session, store, encoder.model_name, "flat")
    return {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
            "discontinued": report.discontinued, "embedded": report.embedded, "rejected": len(report.rejected),
            "import_s": round(import_s, 3), "embed_s": round(spent["s"], 3),
            "publish_s": round(publish_s, 3), "index_build_s": manifest.build_seconds,
            "total_s": round(import_s + publish_s, 3), "index_version": manifest.version,
            "index_count": manifest.count}


def bench_import(sessions: sessionmaker[Session], store: IndexStore, encoder: Encoder, spent: dict[str, float],
                 reference: Encoder, path: Path) -> tuple[dict[str, Any], LoadedIndex]:
    err.print(f"[1] importing {path.name} …")
    figures = import_and_publish(sessions, store, encoder, spent, path, replace=False, label="import")
    loaded = LiveIndex(store).get()
    with sessions() as session:
        texts = [product_text(p) for p in session.scalars(
            select(Product).where(Product.status == ACTIVE).order_by(Product.id))]
    with tempfile.TemporaryDirectory() as folder:
        _, lexical_s = timed(build_lexical, texts, Path(folder))
    err.print(f"[1] raw SentenceTransformer.encode of the same {len(texts):,} texts …")
    raw, raw_s = timed(reference.model.encode, texts, batch_size=64, normalize_embeddings=True,
                       show_progress_bar=False)
    # Both are ordered by product id; any cosine well below 1 would mean vectors stored on the wrong product.
    cosine = np.sum(np.asarray(raw, dtype=np.float32) * np.asarray(loaded.vectors), axis=1)
    figures.update({
        "products": len(texts),
        "import_products_per_s": round(figures["added"] / figures["import_s"], 1),
        "import_embed_products_per_s": round(figures["embedded"] / figures["embed_s"], 1),
        "raw_encode_s": round(raw_s, 3), "raw_encode_products_per_s": round(len(texts) / raw_s, 1),
        "stored_vs_raw_min_cosine": round(float(cosine.min()), 6), "bm25_build_s": round(lexical_s, 3),
    })
    return figures, loaded


def bench_changes(sessions: sessionmaker[Session], store: IndexStore, encoder: Encoder, spent: dict[str, float],
                  source: Path, work: Path, rng: np.random.Generator) -> dict[str, Any]:
    """Edit 100 titles and re-import; then drop 100 rows, add 100 new ones and re-import with replace."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    with sessions() as session:
        known = set(session.scalars(select(Product.sku)))
    candidates = np.flatnonzero(frame["Product_ID"].str.strip().isin(known).to_numpy())
    picked = rng.choice(candidates, 300, replace=False)
    edit, drop, template = picked[:100], picked[100:200], picked[200:]
    frame.loc[edit, "Product_Name"] = frame.loc[edit, "Product_Name"] + " (new season)"
    changed = work / "changed.csv"
    frame.to_csv(changed, index=False)
    err.print("[2] re-importing with 100 changed titles …")
    figures = {"update_100": import_and_publish(sessions, store, encoder, spent, changed, replace=False,
                                                label="update")}
    new = frame.loc[template].copy()
    new["Product_ID"] = [f"BENCH{i:05d}" for i in range(len(new))]
    new["Product_Name"] = new["Product_Name"] + " (restocked)"
    churned = work / "churned.csv"
    pd.concat([frame.drop(index=drop), new]).to_csv(churned, index=False)
    err.print("[2] re-importing with 100 new and 100 removed (replace) …")
    figures["add_100_remove_100"] = import_and_publish(sessions, store, encoder, spent, churned, replace=True,
                                                       label="replace")
    return figures


def bench_search(flat: LoadedIndex, encoder: Encoder, reference: Encoder, queries: list[str]) -> dict[str, Any]:
    err.print(f"[3] search latency over {len(queries)} queries on {len(flat):,} products …")
    for text in QUERIES:  # warm up the model, the index pages and pandas' string paths
        search(flat, encoder, text, k=K)
        reference.encode_query(text)
    vectors, encode = latency(afresh(encoder, encoder.encode_query), queries)
    _, torch_encode = latency(afresh(reference, reference.encode_query), queries)
    _, lexical = latency(lambda t: flat.search_text(t, K), queries)
    figures: dict[str, Any] = {"queries": len(queries), "products": len(flat), "encode_only": encode,
                               "encode_torch": torch_encode, "bm25_search": lexical}
    exact_hits, exact_search = latency(lambda v: flat.search(v, K), vectors)
    exact_full, exact_call = latency(afresh(encoder, lambda t: search(flat, encoder, t, k=K).hits), queries)
    figures["flat"] = {"index_search": exact_search, "full_search": exact_call}
    data = np.ascontiguousarray(flat.vectors, dtype=np.float32)
    kind: IndexType
    for kind in ("hnsw", "ivf"):
        approx = copy.copy(flat)  # the same version, with another FAISS index over the same vectors and ids
        approx.index, build_s = timed(build_index, data, flat.ids, kind)
        hits, index_search = latency(lambda v, a=approx: a.search(v, K), vectors)
        full, call = latency(afresh(encoder, lambda t, a=approx: search(a, encoder, t, k=K).hits), queries)
        figures[kind] = {
            "build_s": round(build_s, 3), "index_search": index_search, "full_search": call,
            "recall_at_10": recall(product_ids(exact_hits), product_ids(hits)),
            "recall_at_10_full_search": recall(product_ids(exact_full), product_ids(full)),
        }
    return figures


def normalised(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def mixture(n: int, centres: np.ndarray, bases: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """``n`` unit vectors, each near a random centre and spread along that centre's subspace, in random order."""
    vectors = np.empty((n, DIM), dtype=np.float32)
    rows, start = rng.permutation(n), 0
    counts = rng.multinomial(n, np.full(len(centres), 1 / len(centres)))
    for centre, basis, count in zip(centres, bases, counts, strict=True):
        along = rng.standard_normal((count, basis.shape[0]), dtype=np.float32) @ basis
        noise = rng.standard_normal((count, DIM), dtype=np.float32)
        vectors[rows[start:start + count]] = normalised(centre + 0.25 * along + 0.02 * noise)
        start += count
    return vectors


def synthetic(n: int, queries: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Database and query vectors from one seeded mixture of 10 broad clusters, each spread over its own
    random 32-dimensional subspace: text embeddings too have a low intrinsic dimension. With well separated
    small clusters instead, IVF probing 1/16 of its cells finds every neighbour and recall says nothing."""
    rng = np.random.default_rng(seed)
    centres = normalised(rng.standard_normal((10, DIM), dtype=np.float32))
    bases = [np.linalg.qr(rng.standard_normal((DIM, 32)))[0].T.astype(np.float32) for _ in centres]
    return mixture(n, centres, bases, rng), mixture(queries, centres, bases, rng)


def single_queries(index: faiss.Index, queries: np.ndarray) -> tuple[list[list[int]], dict[str, float]]:
    return latency(lambda q: index.search(q.reshape(1, -1), K)[1][0].tolist(), list(queries))


def bench_vectors(n: int, n_queries: int, hnsw_size: int) -> dict[str, Any]:
    err.print(f"[4] generating {n:,} synthetic vectors …")
    (data, queries), gen_s = timed(synthetic, n, n_queries)
    ids = np.arange(n, dtype=np.int64)
    figures: dict[str, Any] = {"vectors": n, "dimension": DIM, "queries": n_queries, "generate_s": round(gen_s, 1)}
    err.print("[4] exact (flat) index …")
    flat, build_s = timed(build_index, data, ids, "flat")
    exact, stats = single_queries(flat, queries)
    figures["flat"] = {"build_s": round(build_s, 2), **stats}
    del flat
    err.print(f"[4] IVF on {n:,} …")
    ivf, build_s = timed(build_index, data, ids, "ivf")
    labels, stats = single_queries(ivf, queries)
    inner = faiss.downcast_index(ivf.index)
    figures["ivf"] = {"build_s": round(build_s, 2), "cells": inner.nlist, "nprobe": inner.nprobe, **stats,
                      "recall_at_10": recall(exact, labels)}
    del ivf, inner
    figures["hnsw"] = bench_hnsw(data, queries, exact, min(n, hnsw_size))
    return figures


def bench_hnsw(data: np.ndarray, queries: np.ndarray, exact: list[list[int]], size: int) -> dict[str, Any]:
    """HNSW on the first ``size`` vectors (its build grows faster than n·log n: 21 s at 100k, 531 s at 1M)."""
    err.print(f"[4] HNSW on {size:,} …")
    index, build_s = timed(build_index, data[:size], np.arange(size, dtype=np.int64), "hnsw")
    if size < len(data):  # ground truth over the same first vectors
        truth = faiss.IndexFlatIP(DIM)
        truth.add(data[:size])
        exact = truth.search(queries, K)[1].tolist()
    labels, stats = single_queries(index, queries)
    return {"vectors": size, "build_s": round(build_s, 2), **stats, "recall_at_10": recall(exact, labels)}


def show_import(f: dict[str, Any]) -> None:
    show(f"1. Import + embedding, real Myntra catalog, {f['backend']} encoder", [], [
        ("products imported / rows rejected", f"{f['added']:,} / {f['rejected']}"),
        ("import call (read, validate, embed, write)", f"{f['import_s']:.1f} s"),
        ("  of which embedding", f"{f['embed_s']:.1f} s"),
        ("import throughput", f"{f['import_products_per_s']:.0f} products/s"),
        ("embedding inside the import", f"{f['import_embed_products_per_s']:.0f} products/s"),
        ("raw SentenceTransformer.encode, same texts", f"{f['raw_encode_products_per_s']:.0f} products/s"),
        ("publish flat index version", f"{f['publish_s']:.2f} s"),
        ("  of which the BM25 index of the same texts", f"{f['bm25_build_s']:.2f} s"),
        ("min cosine, stored vs raw vectors", f"{f['stored_vs_raw_min_cosine']:.6f}"),
    ])


def show_changes(f: dict[str, Any]) -> None:
    a, b = f["update_100"], f["add_100_remove_100"]
    show("2. Applying changes to the imported catalog", ["", "100 changed", "100 new + 100 removed"], [
        ("added / updated / discontinued", *(f"{r['added']} / {r['updated']} / {r['discontinued']}" for r in (a, b))),
        ("unchanged", a["unchanged"], b["unchanged"]), ("embedded", a["embedded"], b["embedded"]),
        ("import call", *(f"{r['import_s']:.2f} s" for r in (a, b))),
        ("  of which embedding", *(f"{r['embed_s']:.2f} s" for r in (a, b))),
        ("publish index version", *(f"{r['publish_s']:.2f} s" for r in (a, b))),
        ("  of which index build (manifest)", *(f"{r['index_build_s']:.2f} s" for r in (a, b))),
        ("import + publish", *(f"{r['total_s']:.2f} s" for r in (a, b))),
        ("products in the new version", a["index_count"], b["index_count"]),
    ])


def show_search(f: dict[str, Any]) -> None:
    kinds = [f[kind] for kind in ("flat", "hnsw", "ivf")]
    show(f"3. Search on {f['products']:,} products, warm, single query, k=10, {f['queries']} queries",
         ["ms p50 / p95", "flat", "hnsw", "ivf"], [
        ("(a) encode only, the product's encoder", ms(f["encode_only"]), "same", "same"),
        ("(a') encode only, sentence-transformers", ms(f["encode_torch"]), "same", "same"),
        ("BM25 search of the same version (bm25s)", ms(f["bm25_search"]), "same", "same"),
        ("build", "-", *(f"{r['build_s']:.2f} s" for r in kinds[1:])),
        ("(b) index search", *(ms(r["index_search"]) for r in kinds)),
        ("(c) full search()", *(ms(r["full_search"]) for r in kinds)),
        ("recall@10 vs flat, vectors", "1", *(f"{r['recall_at_10']:.3f}" for r in kinds[1:])),
        ("recall@10 vs flat, search()", "1", *(f"{r['recall_at_10_full_search']:.3f}" for r in kinds[1:])),
    ])


def show_vectors(f: dict[str, Any]) -> None:
    flat, ivf, hnsw = f["flat"], f["ivf"], f["hnsw"]
    show(f"4. Synthetic {f['dimension']}-d vectors (generated in {f['generate_s']:.0f} s), "
         f"{f['queries']} single queries, k=10", ["", "flat", "ivf", "hnsw"], [
        ("vectors", f["vectors"], f["vectors"], hnsw["vectors"]),
        ("parameters", "exact", f"{ivf['cells']} cells, nprobe {ivf['nprobe']}",
         f"M {HNSW_NEIGHBOURS}, efSearch {HNSW_EF_SEARCH}"),
        ("build", *(f"{r['build_s']:.1f} s" for r in (flat, ivf, hnsw))),
        ("latency ms p50 / p95", *(ms(r) for r in (flat, ivf, hnsw))),
        ("recall@10 vs exact on the same vectors", "1", f"{ivf['recall_at_10']:.3f}", f"{hnsw['recall_at_10']:.3f}"),
    ])


def environment() -> dict[str, Any]:
    cores = len(os.sched_getaffinity(0))
    torch.set_num_threads(cores)
    faiss.omp_set_num_threads(cores)
    return {"cpus": cores, "torch_threads": torch.get_num_threads(), "faiss_threads": faiss.omp_get_max_threads(),
            "torch": torch.__version__, "faiss": faiss.__version__, "python": sys.version.split()[0],
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(unset)")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run: 1,500 products, 20k vectors")
    parser.add_argument("--vectors", type=int, default=None, help="synthetic vectors (default 1,000,000)")
    parser.add_argument("--backend", choices=["onnx", "torch"], default="onnx",
                        help="the encoder backend the import and search use (default onnx, as the product does)")
    parser.add_argument("--hnsw-vectors", type=int, default=100_000,
                        help="synthetic vectors the HNSW index is built on (default 100,000)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()
    source = CATALOG.resolve()
    if not source.exists():
        sys.exit(f"Myntra catalog not found at {source}; it lives in the shared data folder beside the repo.")
    n_vectors = args.vectors or (20_000 if args.quick else 1_000_000)
    figures: dict[str, Any] = {"environment": environment(), "quick": args.quick, "backend": args.backend}
    env = figures["environment"]
    out.print(f"threads: torch {env['torch_threads']}, faiss {env['faiss_threads']} ({env['cpus']} CPUs); "
              f"torch {env['torch']}, faiss {env['faiss']}, python {env['python']}; "
              f"OMP_WAIT_POLICY {env['omp_wait_policy']}; 1-min load average at start {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="outfitter-bench-") as tmp:
        work = Path(tmp)
        if args.quick:  # the head of the real file keeps its quirks while staying small
            pd.read_csv(source, dtype=str, keep_default_na=False).head(1500).to_csv(work / "myntra.csv", index=False)
            source = work / "myntra.csv"
        sessions, store = make_home(work / "home")
        encoder, reference = make_encoder(backend=args.backend), Encoder()
        spent = count_embedding_time(encoder)
        for model in (encoder, reference):
            warm_up(model, source)
        figures["import"], flat = bench_import(sessions, store, encoder, spent, reference, source)
        figures["import"]["backend"] = args.backend
        show_import(figures["import"])
        note_load(figures, "import")
        figures["changes"] = bench_changes(sessions, store, encoder, spent, source, work, np.random.default_rng(1))
        show_changes(figures["changes"])
        note_load(figures, "changes")
        queries = [QUERIES[i % len(QUERIES)] for i in range(40 if args.quick else 200)]
        figures["search"] = bench_search(flat, encoder, reference, queries)
        show_search(figures["search"])
        note_load(figures, "search")
        del flat
    figures["vectors"] = bench_vectors(n_vectors, 50 if args.quick else 200, args.hnsw_vectors)
    show_vectors(figures["vectors"])
    note_load(figures, "vectors")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
        err.print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
