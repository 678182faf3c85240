"""The web app over HTTP: how fast the shop's pages render, and how many events ``POST /api/events`` records.

1. Pages, one client at a time after a warm-up (p50/p95/p99): home, a listing, a filtered listing's page 2,
   search, a product page (similar and bought-together), the cart, a product picture; requests/s of the listing
   and product pages with several clients. 2. Events from the shop's servers (shop token; batches of 1, 20 and
   200 views, cart adds and orders over real skus and a few thousand shoppers) and from browsers (each with the
   cookie ``GET /api/session`` gave it, a page's batch at a time; one more sends past its burst): events/s, p50
   and p95 per request, refusals, failures, and the rows the events table gained beside the calls sent.

Each catalog (the demo one; Myntra's 12,491 products when ``../shared/data`` has them) is imported with the CLI
into a home of its own and served as ``outfitter run`` serves it (``uvicorn bot.web.app:create_app --factory``),
on SQLite and, with ``--postgres URL``, the demo catalog again in a private schema there, dropped at the end.

    .venv/bin/python benchmarks/web.py [--work DIR] [--postgres URL] [--requests 300] [--clients 8] [--skip-myntra]

``--work DIR`` keeps the imported SQLite catalogs; each run starts from the catalog alone, without earlier events.
The client shares the machine's cores with the server: the figures are those of the pair.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import numpy as np
import pandas as pd
from sqlalchemy import create_engine, make_url, text

from bot.background_run import free_port
from bot.db import make_engine
from bot.demo import DEMO_CATALOG, DEMO_QUERIES
from bot.identity import COOKIE
from bot.keys import Role
from bot.launcher import Service, start, stop, wait_healthy
from bot.services import Services
from bot.settings import Settings
from bot.web.shop.catalog_view import PER_PAGE
from recommender.evaluation.harness import read_queries
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_keys
from recommender.index.versions import IndexStore
from recommender.shoppers.spec import CART_VIEWED, ORDER_COMPLETED, PRODUCT_ADDED, PRODUCT_LIST_VIEWED, PRODUCT_VIEWED

from measure import err, latency, note_load, out, show
from ranking import MYNTRA, MYNTRA_MAP, MYNTRA_QUERIES, ROOT

SHOPPERS = 3000  # distinct shoppers of the shop's server calls
FEATURED = 20  # products whose pages are timed; each is in some of the seeded orders
SEED_ORDERS = 300
BATCHES = (1, 20, 200)
PAGES_PER_BROWSER = 10
FLOOD = (60, 5)  # one browser's requests x calls, sent back to back: 300 calls against a burst of 240
NOW = datetime.now(UTC)


@dataclass(frozen=True)
class Target:
    label: str
    home: Path
    db_url: str
    queries: Path


@dataclass
class Sent:
    codes: list[int] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)
    seconds: float = 0.0


def import_into(home: Path, db_url: str, source: Path, mapping: dict[str, str]) -> None:
    """``outfitter db upgrade`` and ``outfitter catalog import`` into ``home``, as a merchant runs them."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, OUTFITTER_HOME=str(home), OUTFITTER_DATABASE_URL=db_url)
    maps = [f"--map={name}={column}" for name, column in mapping.items()]
    for args in (["db", "upgrade"], ["catalog", "import", str(source), *maps]):
        subprocess.run([str(Path(sys.executable).parent / "outfitter"), *args], cwd=ROOT, env=env, check=True,
                       stdout=sys.stderr)


def sqlite_target(label: str, folder: Path, source: Path, mapping: dict[str, str], queries: Path) -> Target:
    """The catalog imported once into ``folder`` (kept as catalog.db); the app's database restored from it."""
    kept, db = folder / "catalog.db", folder / "outfitter.db"

    def copy(source_db: Path, target_db: Path) -> None:
        with closing(sqlite3.connect(source_db)) as src, closing(sqlite3.connect(target_db)) as dst:
            src.backup(dst)

    if not kept.exists():
        shutil.rmtree(folder, ignore_errors=True)
        import_into(folder, f"sqlite:///{db}", source, mapping)
        copy(db, kept)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    copy(kept, db)
    return Target(f"{label}, SQLite", folder, f"sqlite:///{db}", queries)


@contextmanager
def postgres_target(url: str, folder: Path) -> Iterator[Target]:
    """The demo catalog in a private schema of the server at ``url``, dropped afterwards."""
    schema, admin = f"bench_web_{uuid.uuid4().hex[:10]}", create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    private = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        shutil.rmtree(folder, ignore_errors=True)
        db_url = private.render_as_string(hide_password=False)
        import_into(folder, db_url, DEMO_CATALOG, {})
        yield Target("demo, PostgreSQL", folder, db_url, DEMO_QUERIES)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def serving(target: Target) -> Iterator[str]:
    """The web app as ``outfitter run`` starts it, on a free port; its log is OUTFITTER_HOME/logs/web.log."""
    port = free_port()
    settings = Settings(home=target.home, database_url=target.db_url, web_port=port)
    os.environ["OUTFITTER_DATABASE_URL"] = target.db_url  # the launcher passes the environment on
    web = Service("web", [sys.executable, "-m", "uvicorn", "bot.web.app:create_app", "--factory", "--host",
                          "127.0.0.1", "--port", str(port)], f"http://127.0.0.1:{port}/health")
    start(web, settings)
    try:
        wait_healthy(web, settings)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop([web])


Job = tuple[str, dict[str, Any] | None, dict[str, str]]  # path, JSON body (a POST) or None (a GET), headers


def fire(base: str, jobs: list[Job], clients: int) -> Sent:
    """Send ``jobs`` over ``clients`` connections, each taking the next job when its answer is in."""
    async def run() -> Sent:
        sent, pending = Sent(), iter(jobs)
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
            async def worker() -> None:
                for path, body, headers in pending:
                    started = time.perf_counter()
                    response = await (client.post(path, json=body, headers=headers) if body is not None
                                      else client.get(path, headers=headers))
                    sent.ms.append((time.perf_counter() - started) * 1000)
                    sent.codes.append(response.status_code)
                    json_type = response.headers.get("content-type", "").startswith("application/json")
                    sent.bodies.append(response.json() if json_type else None)
            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(clients)))
            sent.seconds = time.perf_counter() - started
        return sent
    return asyncio.run(run())


def product(index: LoadedIndex, row: int) -> dict[str, Any]:
    attrs = index.attrs.iloc[row]
    fields = {"sku": attrs["sku"], "product_id": attrs["sku"], "name": str(attrs["title"])[:100],
              "category": attrs["category"], "brand": attrs["brand"], "price": float(index.effective_price[row])}
    return {k: v for k, v in fields.items() if v is not None and not pd.isna(v)}


def call(event: str, properties: dict[str, Any], shopper: str | None = None, at: datetime = NOW) -> dict[str, Any]:
    body = {"type": "track", "event": event, "messageId": uuid.uuid4().hex, "timestamp": at.isoformat(),
            "properties": properties}
    return body | ({"anonymousId": shopper} if shopper else {})


def order(index: LoadedIndex, rows: list[int], shopper: str, at: datetime = NOW) -> dict[str, Any]:
    return call(ORDER_COMPLETED, {"order_id": uuid.uuid4().hex, "products": [product(index, r) for r in rows]},
                shopper, at)


def shop_calls(index: LoadedIndex, count: int, run: str, rng: random.Random) -> list[dict[str, Any]]:
    """Views (70%), cart adds (20%) and orders of 1-3 products (10%) of a month, over SHOPPERS shoppers."""
    calls = []
    for _ in range(count):
        shopper, roll, row = f"{run}-{rng.randrange(SHOPPERS)}", rng.random(), rng.randrange(len(index))
        at = NOW - timedelta(minutes=rng.randrange(30 * 24 * 60))
        if roll < 0.1:
            calls.append(order(index, [row, *rng.sample(range(len(index)), rng.randint(0, 2))], shopper, at))
        else:
            calls.append(call(PRODUCT_ADDED if roll < 0.3 else PRODUCT_VIEWED, product(index, row), shopper, at))
    return calls


def page_batch(index: LoadedIndex, rng: random.Random) -> list[dict[str, Any]]:
    """What one page's script sends: a listing, a product view (with an add now and then), or the cart."""
    rows = rng.sample(range(len(index)), 4)
    listed = [product(index, r) | {"position": n} for n, r in enumerate(rows, 1)]
    return rng.choice([[call(PRODUCT_LIST_VIEWED, {"list_id": "shop", "products": listed})],
                       [call(PRODUCT_VIEWED, product(index, rows[0]))],
                       [call(PRODUCT_VIEWED, product(index, rows[0])), call(PRODUCT_ADDED, product(index, rows[0]))],
                       [call(CART_VIEWED, {"products": listed[:2]})]])


def event_rows(db_url: str) -> int:
    engine = make_engine(db_url)
    with engine.connect() as connection:
        count = connection.scalar(text("SELECT count(*) FROM events"))
    engine.dispose()
    return int(count or 0)


def listings(index: LoadedIndex) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The largest category's listing (a gender's when the catalog has none), and page 2 of a filtered one: the
    largest gender up to its 75th-percentile price, cheapest first; with that filter's product count."""
    attrs = index.attrs.assign(product=product_keys(index), shown=index.effective_price)
    first = "category" if attrs["category"].notna().any() else "gender"
    gender = attrs.groupby("gender")["product"].nunique().idxmax()
    cap = float(np.ceil(attrs.loc[attrs["gender"] == gender, "shown"].quantile(0.75)))
    count = attrs[(attrs["gender"] == gender) & (attrs["shown"] <= cap)]["product"].nunique()
    return ({first: attrs.groupby(first)["product"].nunique().idxmax()},
            {"gender": gender, "max_price": cap, "sort": "price-asc", "page": 2}, int(count))


def pages(base: str, target: Target, index: LoadedIndex, token: str, args: argparse.Namespace) -> list[tuple]:
    rng = random.Random(7)
    featured = rng.sample(range(len(index)), FEATURED)
    seed = [order(index, [featured[n % FEATURED], *rng.sample(range(len(index)), rng.randint(1, 2))], f"seed-{n}")
            for n in range(SEED_ORDERS)]  # before the first page: the app reads its signals once, at the start
    posted = fire(base, [("/api/events", {"batch": seed}, {"authorization": f"Bearer {token}"})], 1)
    if posted.codes != [200] or posted.bodies[0]["recorded"] != SEED_ORDERS:
        sys.exit(f"{target.label}: the seeded orders were not recorded: {posted.codes} {posted.bodies}")
    skus = [str(index.attrs["sku"].iat[r]) for r in featured]
    listing, filtered, count = listings(index)
    if count <= PER_PAGE:
        err.print(f"{target.label}: the filtered listing has {count} products, no page 2")
    texts = [q.request.text for q in read_queries(target.queries) if q.request.text]
    n = args.requests
    kinds = {"home": ["/"] * n, f"listing {urlencode(listing)}": [f"/shop?{urlencode(listing)}"] * n,
             f"filtered {urlencode(filtered)} ({count})": [f"/shop?{urlencode(filtered)}"] * n,
             f"search, {len(texts)} queries in turn": [f"/search?{urlencode({'q': texts[i % len(texts)]})}"
                                                      for i in range(n)],
             f"product, {FEATURED} in turn": [f"/products/{skus[i % FEATURED]}" for i in range(n)],
             "cart (3 lines)": ["/cart"] * n,
             "product picture (SVG)": [f"/static/products/{skus[i % FEATURED]}.svg" for i in range(n)]}
    rows = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for row, sku in zip(featured[:3], skus, strict=False):  # a shopper with a cart, as every page shows
            sizes = list(index.attrs["sizes"].iat[row])
            client.post("/cart/items", data={"sku": sku, "size": sizes[0] if sizes else ""})
        for kind, paths in kinds.items():
            warm, _ = latency(client.get, paths[:20])
            if kind.startswith("product,") and not all('data-test="bought-together"' in r.text for r in warm):
                err.print(f"{target.label}: a product page without bought-together products")
            if kind.startswith("cart") and warm[0].text.count("<tr data-sku=") != 3:
                err.print(f"{target.label}: the cart does not show its 3 lines")
            responses, stats = latency(client.get, paths)
            if bad := [r.status_code for r in responses if r.status_code != 200]:
                err.print(f"{target.label}: {kind}: {len(bad)} answers were not 200 but {sorted(set(bad))}")
            load = ""
            if kind.startswith(("listing", "product,")):
                load = f"{n / fire(base, [(path, None, {}) for path in paths], args.clients).seconds:,.0f}"
            rows.append((kind, f"{stats['p50_ms']:.1f}", f"{stats['p95_ms']:.1f}", f"{stats['p99_ms']:.1f}", load))
    return rows


def events(base: str, target: Target, index: LoadedIndex, token: str, args: argparse.Namespace) -> list[tuple]:
    """One row per sender: requests, calls, recorded (the answers), the events table's growth, refused, failed."""
    rng, run, rows = random.Random(11), uuid.uuid4().hex[:8], []

    def measure(label: str, jobs: list[Job], clients: int) -> None:
        before = event_rows(target.db_url)
        sent = fire(base, jobs, clients)
        recorded = sum(b["recorded"] for b in sent.bodies if isinstance(b, dict) and "recorded" in b)
        refused, failed = sent.codes.count(429), len(jobs) - sent.codes.count(200) - sent.codes.count(429)
        if failed:
            err.print(f"{target.label}: {label}: {failed} failed with {sorted(set(sent.codes) - {200, 429})}; "
                      f"see {target.home / 'logs/web.log'}")
        p50, p95 = np.percentile(sent.ms, [50, 95])
        rows.append((label, len(jobs), sum(len(body["batch"]) for _, body, _ in jobs), recorded,
                     event_rows(target.db_url) - before, refused, failed, f"{recorded / sent.seconds:,.0f}",
                     f"{p50:.1f} / {p95:.1f}"))

    shop = {"authorization": f"Bearer {token}"}
    for size, clients in [(1, 1), *((size, args.clients) for size in BATCHES)]:
        calls = shop_calls(index, args.events, run, rng)
        measure(f"shop token, batches of {size}, {clients} client{'s' * (clients > 1)}",
                [("/api/events", {"batch": calls[i:i + size]}, shop) for i in range(0, len(calls), size)], clients)
    with httpx.Client(base_url=base, timeout=60) as client:
        cookies = []
        for _ in range(args.browsers + 1):
            client.cookies.clear()  # each its own browser
            cookies.append(f"{COOKIE}={client.get('/api/session').cookies[COOKIE]}")
    measure(f"{args.browsers} browsers x {PAGES_PER_BROWSER} pages, {args.clients} clients",
            [("/api/events", {"batch": page_batch(index, rng)}, {"cookie": cookie})
             for _ in range(PAGES_PER_BROWSER) for cookie in cookies[:-1]], args.clients)
    requests, size = FLOOD
    measure(f"one browser, {requests} x {size} calls back to back",
            [("/api/events", {"batch": [call(PRODUCT_VIEWED, product(index, rng.randrange(len(index))))
                                        for _ in range(size)]}, {"cookie": cookies[-1]}) for _ in range(requests)], 1)
    return rows


def bench(target: Target, args: argparse.Namespace, figures: dict[str, Any]) -> None:
    index = LiveIndex(IndexStore(target.home / "index")).get()
    token = Services(Settings(home=target.home, database_url=target.db_url)).keys.tokens[Role.SHOP]
    err.print(f"{target.label}: serving {len(index):,} products from {target.home} …")
    with serving(target) as base:
        page_rows = pages(base, target, index, token, args)
        event_table = events(base, target, index, token, args)
        total = event_rows(target.db_url)
    show(f"1. {target.label}, {len(index):,} products: pages, {args.requests} requests each, one client at a time "
         f"(ms); req/s with {args.clients} clients", ["page", "p50", "p95", "p99", "req/s"], page_rows)
    show(f"2. {target.label}: POST /api/events", ["sender", "requests", "calls", "recorded", "table +", "refused",
                                                   "failed", "events/s", "p50 / p95 ms"], event_table)
    sent, recorded = SEED_ORDERS + sum(r[2] for r in event_table), SEED_ORDERS + sum(r[3] for r in event_table)
    out.print(f"events table at the end: {total:,} rows; calls sent {sent:,} (with the {SEED_ORDERS} seeded "
              f"orders), recorded by the answers {recorded:,}")
    note_load(figures, target.label)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=None, help="keep imported catalogs here and reuse them")
    parser.add_argument("--postgres", default=None, help="also run the demo catalog on this PostgreSQL URL")
    parser.add_argument("--requests", type=int, default=300, help="requests per page kind")
    parser.add_argument("--clients", type=int, default=8, help="connections at once for the throughput figures")
    parser.add_argument("--events", type=int, default=4000, help="shop calls sent per batch size")
    parser.add_argument("--browsers", type=int, default=400)
    parser.add_argument("--skip-myntra", action="store_true")
    args = parser.parse_args()
    figures: dict[str, Any] = {"environment": {}}
    with tempfile.TemporaryDirectory(prefix="outfitter-web-") as tmp:
        work = args.work or Path(tmp)
        bench(sqlite_target("demo", work / "demo", DEMO_CATALOG, {}, DEMO_QUERIES), args, figures)
        if not args.skip_myntra and MYNTRA.exists():
            bench(sqlite_target("Myntra", work / "myntra", MYNTRA, MYNTRA_MAP, MYNTRA_QUERIES), args, figures)
        elif not args.skip_myntra:
            out.print(f"Myntra left out: {MYNTRA} is absent")
        if args.postgres:
            with postgres_target(args.postgres, work / "demo-postgres") as target:
                bench(target, args, figures)
    out.print(f"[dim]{sys.argv[0]} done[/dim]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
