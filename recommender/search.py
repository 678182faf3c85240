"""Catalog search: free text plus filters to the best-matching live products."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recommender.encoder import Encoder
from recommender.index.loaded import Hit, LoadedIndex
from recommender.query import Filters, Query, understand

COLOR_BOOST = 0.05  # about the gap between neighbouring results; enough to reorder, not to drag in misfits
BOOST_POOL = 4  # candidates fetched per result when a boost may reorder them


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: list[Hit]


def filter_mask(index: LoadedIndex, filters: Filters) -> np.ndarray | None:
    """Rows of the index that satisfy ``filters``; None when nothing is filtered out."""
    mask = np.ones(len(index), dtype=bool)
    if filters.gender:
        # Unisex products fit anyone, and so do products whose gender the catalog does not state.
        wanted = {filters.gender.lower(), "unisex", ""}
        mask &= index.where("gender", wanted.__contains__)
    if filters.category:
        mask &= index.where("category", filters.category.lower().__eq__)
    if filters.min_price is not None:
        mask &= index.effective_price >= filters.min_price
    if filters.max_price is not None:
        mask &= index.effective_price <= filters.max_price
    if filters.color:
        color = filters.color.lower()
        mask &= index.where("color", lambda value: value == color or color in value.split())
    if filters.size:
        # A product that lists no sizes is one size and fits anyone.
        size = filters.size.strip().lower()
        mask &= np.fromiter((not sizes or size in sizes for sizes in index.tags("sizes")), dtype=bool,
                            count=len(index))
    if filters.in_stock:
        # A catalog without stock figures sells everything it lists.
        mask &= ~(index.stock <= 0)
    return None if mask.all() else mask


def search(index: LoadedIndex, encoder: Encoder, text: str, k: int = 10,
           filters: Filters | None = None) -> SearchResult:
    """The ``k`` best live products for ``text``; ``filters`` override what the text implies."""
    query = understand(text, index.distinct("category"), index.distinct("color"), filters)
    mask = filter_mask(index, query.filters)
    vector = encoder.encode_query(query.text)
    if not query.boost_colors:
        return SearchResult(query, index.search(vector, k, mask))
    pool = index.search(vector, k * BOOST_POOL, mask)
    coloured = index.where("color", lambda value: any(w in value.split() for w in query.boost_colors))
    boosted = [Hit(hit.product_id, hit.sku, hit.score + COLOR_BOOST * coloured[index.row(hit.product_id)])
               for hit in pool]
    boosted.sort(key=lambda hit: -hit.score)
    return SearchResult(query, boosted[:k])


def product_cards(index: LoadedIndex, hits: list[Hit]) -> list[dict[str, object]]:
    """Plain dicts for the hits, from the index's own attributes (no database round trip)."""
    cards = []
    for hit in hits:
        row = index.attrs.iloc[index.row(hit.product_id)]
        sale = None if pd.isna(row["sale_price"]) else float(row["sale_price"])
        cards.append({
            "sku": hit.sku, "title": str(row["title"]), "brand": _or_none(row["brand"]),
            "category": _or_none(row["category"]), "price": float(row["price"]), "sale_price": sale,
            "currency": _or_none(row["currency"]), "score": round(hit.score, 5),
        })
    return cards


def _or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
