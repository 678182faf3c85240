"""From the products table to index versions, and how far the live version lags the catalog."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.catalog.embedding import embed_products, product_text
from recommender.catalog.models import ACTIVE, Product
from recommender.catalog.reader import Progress
from recommender.encoder import Encoder
from recommender.index.backends import IndexType
from recommender.index.versions import ATTR_COLUMNS, IndexBuild, IndexStore, Manifest


def catalog_checksum(session: Session) -> str:
    """A fingerprint of every active product's content: equal checksums mean an identical catalog."""
    digest = hashlib.sha256()
    for sku, row_hash in session.execute(
            select(Product.sku, Product.row_hash).where(Product.status == ACTIVE).order_by(Product.sku)):
        digest.update(f"{sku}\t{row_hash}\n".encode())
    return digest.hexdigest()


def collect_build(session: Session, model: str) -> IndexBuild:
    """Every active product embedded with ``model``, as vectors, filterable attributes and texts."""
    columns = [getattr(Product, name) for name in ATTR_COLUMNS]
    result = session.execute(
        select(*columns, Product.embedding)
        .where(Product.status == ACTIVE, Product.embedding.is_not(None), Product.embedding_model == model)
        .order_by(Product.id)
    ).all()
    width = len(ATTR_COLUMNS)
    attrs = pd.DataFrame([row[:width] for row in result], columns=list(ATTR_COLUMNS))
    for column in ("sizes", "features", "activities", "materials"):
        attrs[column] = attrs[column].map(lambda value: list(value or []))
    texts = [product_text(SimpleNamespace(**dict(zip(ATTR_COLUMNS, row[:width], strict=True)))) for row in result]
    if result:
        vectors = np.vstack([np.frombuffer(row[-1], dtype=np.float32) for row in result])
    else:
        vectors = np.zeros((0, 0), dtype=np.float32)
    return IndexBuild(vectors=vectors, attrs=attrs, model=model, catalog_checksum=catalog_checksum(session),
                      texts=texts)


def publish_index(session: Session, store: IndexStore, model: str, index_type: IndexType = "flat") -> Manifest:
    """Publish a new index version of the catalog (no embedding happens here).

    The catalog is read once the store's writers' lock is granted, so a publisher that waited for another
    indexes the catalog as that one left it, never an older one. Reads see what was committed before them
    (SQLite outside a write, PostgreSQL's READ COMMITTED); writers that change the catalog itself
    serialize on the import lock (``recommender/catalog/lock.py``).

    Raises:
        ValueError: when no active product has a vector from ``model``.
    """
    def snapshot() -> IndexBuild:
        build = collect_build(session, model)
        if not len(build.attrs):
            raise ValueError("the catalog has no embedded active product to index")
        return build

    return store.publish(snapshot, index_type)


@dataclass(frozen=True)
class CatalogStatus:
    active: int
    discontinued: int
    not_embedded: int  # active products without a vector from the configured model
    live: Manifest | None
    changed_since_live: int  # products added, changed or discontinued after the live version was built
    in_sync: bool  # the live version was built from exactly the current catalog


def catalog_status(session: Session, store: IndexStore, model: str) -> CatalogStatus:
    counts = dict(session.execute(select(Product.status, func.count()).group_by(Product.status)).all())
    not_embedded = session.scalar(select(func.count()).select_from(Product).where(
        Product.status == ACTIVE,
        (Product.embedding.is_(None)) | (Product.embedding_model != model) | Product.embedding_model.is_(None),
    )) or 0
    live = store.manifest()
    if live is None:
        changed = sum(counts.values())
        in_sync = False
    else:
        built = datetime.fromisoformat(live.created_at)
        changed = session.scalar(select(func.count()).select_from(Product).where(
            Product.updated_at > built)) or 0
        in_sync = live.catalog_checksum == catalog_checksum(session) and live.model == model
    return CatalogStatus(active=counts.get(ACTIVE, 0), discontinued=sum(counts.values()) - counts.get(ACTIVE, 0),
                         not_embedded=not_embedded, live=live, changed_since_live=changed, in_sync=in_sync)


def embed_missing(session: Session, encoder: Encoder, progress: Progress | None = None) -> int:
    """Embed active products that have no vector from ``encoder``'s model (e.g. after a model change)."""
    products = list(session.scalars(select(Product).where(
        Product.status == ACTIVE,
        Product.embedding.is_(None) | Product.embedding_model.is_(None)
        | (Product.embedding_model != encoder.model_name),
    )))
    embed_products(products, encoder, progress)
    session.commit()
    return len(products)
