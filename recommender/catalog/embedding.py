"""What text a product is embedded from, and embedding products in bulk."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from recommender.catalog.models import Product
from recommender.catalog.reader import Progress
from recommender.encoder import Encoder

DESCRIPTION_CHARS = 300  # MiniLM reads 256 word pieces; the start of a description carries its gist


class Describable(Protocol):
    title: str
    brand: str | None
    category: str | None
    features: Sequence[str]
    activities: Sequence[str]
    description: str | None


def product_text(item: Describable) -> str:
    """The text a product is embedded from: what it is, who makes it, what it does, its pitch."""
    parts = [item.title.strip()]
    if item.brand:
        parts.append(f"Brand: {item.brand}")
    if item.category:
        parts.append(f"Category: {item.category}")
    if item.features:
        parts.append("Features: " + ", ".join(item.features))
    if item.activities:
        parts.append("For: " + ", ".join(item.activities))
    if item.description:
        description = item.description.strip()
        start = description[:DESCRIPTION_CHARS]
        parts.append(start.rsplit(" ", 1)[0] if len(description) > DESCRIPTION_CHARS else start)
    return ". ".join(parts)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def embed_products(products: Sequence[Product], encoder: Encoder, progress: Progress | None = None) -> None:
    """Give each product a fresh vector from ``encoder`` (the caller commits)."""
    if not products:
        return
    vectors = encoder.encode_documents(
        [product_text(product) for product in products],
        progress=(lambda done, total: progress("embed", done, total)) if progress else None,
    )
    for product, vector in zip(products, vectors, strict=True):
        product.embedding = np.asarray(vector, dtype=np.float32).tobytes()
        product.embedding_model = encoder.model_name
