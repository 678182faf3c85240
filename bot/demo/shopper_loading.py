"""The demo shop's shoppers recorded into a shop: only one that sells the demo catalog and has no event yet, with
their calls moved to today by whole days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from bot.demo import DEMO_CATALOG, DEMO_SHOPPERS
from bot.demo.orders import DEMO_REFERENCE
from bot.demo.shop_visits import read_products
from bot.support.loading import day_shift
from recommender.base import utcnow
from recommender.catalog.models import ACTIVE
from recommender.catalog.models import Product as CatalogProduct
from recommender.catalog.reader import Progress
from recommender.shoppers.models import Event
from recommender.shoppers.recording import RecordReport, record_events
from recommender.shoppers.segment_file import read_segment_calls


def _shifted(calls: Iterator[tuple[int, Any]], shift: timedelta) -> Iterator[Any]:
    for _, call in calls:
        if isinstance(call, dict) and isinstance(call.get("timestamp"), str):
            call["timestamp"] = (datetime.fromisoformat(call["timestamp"]) + shift).isoformat()
        yield call


def sells_the_demo_catalog(session: Session, catalog: Path = DEMO_CATALOG) -> bool:
    """Whether every product of the demo catalog is on sale in the shop: the demo shoppers' calls are about them."""
    skus = [product.sku for product in read_products(catalog)]
    on_sale = session.scalar(select(func.count()).select_from(CatalogProduct)
                             .where(CatalogProduct.sku.in_(skus), CatalogProduct.status == ACTIVE))
    return on_sale == len(skus)


def load_demo_shoppers(session: Session, *, now: datetime | None = None, path: Path = DEMO_SHOPPERS,
                       catalog: Path = DEMO_CATALOG, progress: Progress | None = None) -> RecordReport | None:
    """Record the demo shoppers' calls, moved to ``now`` by whole days, into a shop that sells the demo catalog
    and has no event recorded at all; None otherwise (a shop's own shoppers are never mixed with the demo's, and a
    shop's own catalog gets no invented shoppers). The caller commits.

    The calls go through :func:`record_events`, the events API's checks included."""
    if session.scalar(select(exists().select_from(Event))) or not sells_the_demo_catalog(session, catalog):
        return None
    now = now or utcnow()
    calls = _shifted(read_segment_calls(path, progress=progress), day_shift(now, DEMO_REFERENCE))
    return record_events(session, calls, now=now)
