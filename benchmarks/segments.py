"""Shopper segments on real order history: import, refresh, models against RFM, one profile's latency.

On the full UCI Online Retail file (541,909 invoice lines), in a fresh home:

1. ``outfitter events import --format online-retail``'s library call: products, shoppers and events, timed.
2. ``outfitter segments refresh``'s library call: every shopper profiled, clusters learned (k by silhouette),
   purchase and value models trained and tested on a temporal split; the number of distinct micro-segments
   and clusters, and the purchase-within-90-days AUC of the model and of the RFM score on the same split.
3. The p50/p95 time to compute one shopper's profile (load from the database, summarise, classify, score)
   from 1,000 events, and for the real customer with the most events.

Run from the repository root::

    .venv/bin/python benchmarks/segments.py [--lines N] [--database-url URL] [--html FILE] [--png FILE]

``--png docs/segments-report.png`` redraws the README's picture of the report.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.db import make_engine, session_factory, upgrade
from recommender.catalog.models import Product
from recommender.encoder import make_encoder
from recommender.shoppers.models import Event, EventItem, Shopper, ShopperSegment
from recommender.shoppers.online_retail import import_online_retail
from recommender.shoppers.profile import shopper_profile
from recommender.shoppers.recording import record_events
from recommender.shoppers.refresh import refresh_segments
from recommender.shoppers.report import segment_report

from measure import err, latency, note_load, out, show, timed

RETAIL = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "behaviour" / "uci-online-retail"
          / "online_retail.csv.gz")
PROFILE_CALLS = 300


def synthetic_shopper(session: Any, as_of: Any, events: int = 1000, seed: int = 3) -> str:
    """A shopper with ``events`` events over a year: views, carts, removals, searches, orders, coupons."""
    rng = random.Random(seed)
    skus = list(session.scalars(select(Product.sku).order_by(Product.id).limit(300))) or [f"P{i}" for i in range(300)]
    calls = []
    for n in range(events):
        when = (as_of - timedelta(days=rng.uniform(0, 365))).isoformat()
        kind = rng.random()
        sku = rng.choice(skus)
        if kind < 0.6:
            calls.append({"event": "Product Viewed", "properties": {"sku": sku, "price": 20}})
        elif kind < 0.75:
            calls.append({"event": "Product Added", "properties": {"sku": sku, "price": 20}})
        elif kind < 0.8:
            calls.append({"event": "Product Removed", "properties": {"sku": sku}})
        elif kind < 0.9:
            calls.append({"event": "Products Searched", "properties": {"query": "lunch bag"}})
        else:
            lines = [{"sku": rng.choice(skus), "price": 3.5, "quantity": rng.randint(1, 12)} for _ in range(4)]
            calls.append({"event": "Order Completed", "properties": {"order_id": f"bench-{n}", "products": lines}})
        calls[-1] |= {"type": "track", "anonymousId": "bench-shopper", "timestamp": when}
    report = record_events(session, calls, now=as_of)
    session.commit()
    assert report.recorded == events, report.rejected[:3]
    return "bench-shopper"


def busiest_customer(session: Any) -> tuple[str, int, int]:
    """The real customer with the most events: their id, events and product lines."""
    shopper_id, count = session.execute(
        select(Event.shopper_id, func.count()).join(Shopper, Shopper.id == Event.shopper_id)
        .where(Shopper.customer_id.is_not(None)).group_by(Event.shopper_id).order_by(func.count().desc()).limit(1)
    ).one()
    lines = session.scalar(select(func.count()).select_from(EventItem).join(Event, Event.id == EventItem.event_id)
                           .where(Event.shopper_id == shopper_id))
    return session.get(Shopper, shopper_id).customer_id, count, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=None, help="import only the first N lines (a quick run)")
    parser.add_argument("--database-url", default=None, help="run on this database instead of a fresh SQLite")
    parser.add_argument("--html", type=Path, default=None, help="also write the HTML report here")
    parser.add_argument("--png", type=Path, default=None, help="also draw the report's overview picture here")
    args = parser.parse_args()
    source = RETAIL.resolve()
    if not source.exists():
        sys.exit(f"UCI Online Retail not found at {source}; it lives in the shared data folder beside the repo.")
    figures: dict[str, Any] = {"environment": {}}
    with tempfile.TemporaryDirectory(prefix="outfitter-segments-") as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{Path(tmp) / 'outfitter.db'}")
        upgrade(engine)
        sessions = session_factory(engine)
        encoder = make_encoder()
        encoder.encode(["warm up"])
        with sessions() as session:
            err.print(f"[1] importing {source.name} …")
            imported, import_s = timed(import_online_retail, session, source, encoder, limit_lines=args.lines)
            session.commit()
        note_load(figures, "import")
        with sessions() as session:
            err.print("[2] refreshing segments …")
            model, refresh_s = timed(refresh_segments, session)
            session.commit()
            segments = session.scalar(select(func.count(func.distinct(ShopperSegment.micro_segment))))
            shoppers = session.scalar(select(func.count()).select_from(ShopperSegment))
            report = segment_report(session, model)
        note_load(figures, "refresh")
        show_import_and_refresh(imported, import_s, refresh_s, shoppers, segments, model)
        with sessions() as session:
            err.print("[3] profile latency …")
            real, real_events, real_lines = busiest_customer(session)
            synthetic = synthetic_shopper(session, model.as_of)
            rows = []
            for label, shopper in (("synthetic shopper, 1,000 events", synthetic),
                                   (f"busiest real customer ({real_events:,} events, {real_lines:,} lines)", real)):
                shopper_profile(session, shopper, as_of=model.as_of, model=model)  # warm
                _, stats = latency(lambda s: shopper_profile(session, s, as_of=model.as_of, model=model),
                                   [shopper] * PROFILE_CALLS)
                rows.append((label, f"{stats['p50_ms']:.1f} ms", f"{stats['p95_ms']:.1f} ms"))
        show(f"3. One shopper's profile, {PROFILE_CALLS} calls each", ["", "p50", "p95"], rows)
        note_load(figures, "profile")
        if args.html:
            from recommender.shoppers.report_html import render_html

            args.html.write_text(render_html(report), encoding="utf-8")
            err.print(f"HTML report written to {args.html}")
        if args.png:
            from recommender.shoppers.report_html import render_overview_png

            render_overview_png(report, args.png)
            err.print(f"overview picture written to {args.png}")
        engine.dispose()
    return 0


def show_import_and_refresh(imported: Any, import_s: float, refresh_s: float, shoppers: int, segments: int,
                            model: Any) -> None:
    recorded = imported.recording
    show("1. Import of UCI Online Retail", [], [
        ("lines read", f"{imported.lines:,}"),
        ("orders / refunds recorded", f"{imported.orders:,} / {imported.refunds:,}"),
        ("customers / guest checkouts", f"{imported.customers:,} / {imported.guest_checkouts:,}"),
        ("products added to the catalog (embedded)", f"{imported.products_added:,}"),
        ("events recorded / rejected", f"{recorded.recorded:,} / {len(recorded.rejected):,}"),
        ("import time", f"{import_s:.1f} s"),
    ])
    rows: list[tuple[str, str]] = [
        ("shoppers profiled", f"{shoppers:,}"), ("refresh time", f"{refresh_s:.1f} s"),
        ("distinct micro-segments", f"{segments:,}"),
    ]
    if model.clustering is not None:
        k = model.clustering.k
        silhouette = model.clustering.silhouettes[k]
        rows.append(("clusters (k by best silhouette in 2..8)", f"{k} (silhouette {silhouette:.3f})"))
    if model.scorer is not None:
        e = model.scorer.evaluation
        rows += [
            ("temporal split: train / test cut-off", f"{e.train_cutoff:%Y-%m-%d} / {e.test_cutoff:%Y-%m-%d}"),
            ("test shoppers (buyers in the next 90 days)", f"{e.test_shoppers:,} ({e.test_buyers:,})"),
            ("purchase-in-90-days AUC: model", f"{e.model_auc:.3f}"),
            ("purchase-in-90-days AUC: RFM score", f"{e.rfm_auc:.3f}"),
            ("churn AUC (churn = no purchase; same ranking)", f"{e.model_auc:.3f} vs RFM {e.rfm_auc:.3f}"),
            ("90-day value MAE: model / past rate", f"{e.clv_mae:.2f} / {e.baseline_mae:.2f}"),
        ]
    show("2. Segment refresh", [], rows)
    out.print()


if __name__ == "__main__":
    raise SystemExit(main())
