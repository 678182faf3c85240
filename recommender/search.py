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


def _effective_price(attrs: pd.DataFrame) -> np.ndarray:
    return attrs["sale_price"].fillna(attrs["price"]).to_numpy(dtype=float)


def filter_mask(attrs: pd.DataFrame, filters: Filters) -> np.ndarray | None:
    """Rows of ``attrs`` that satisfy ``filters``; None when nothing is filtered."""
    mask = np.ones(len(attrs), dtype=bool)
    if filters.gender:
        # Unisex products fit anyone, and so do products whose gender the catalog does not state.
        gender = attrs["gender"].fillna("unisex").str.lower()
        mask &= gender.isin([filters.gender.lower(), "unisex"]).to_numpy()
    if filters.category:
        mask &= (attrs["category"].fillna("").str.lower() == filters.category.lower()).to_numpy()
    if filters.min_price is not None or filters.max_price is not None:
        price = _effective_price(attrs)
        if filters.min_price is not None:
            mask &= price >= filters.min_price
        if filters.max_price is not None:
            mask &= price <= filters.max_price
    if filters.color:
        colors = attrs["color"].fillna("").str.lower()
        mask &= colors.str.contains(rf"\b{filters.color.lower()}\b", regex=True).to_numpy()
    if filters.in_stock:
        # A catalog without stock figures sells everything it lists.
        stock = attrs["stock"]
        mask &= (stock.isna() | (stock > 0)).to_numpy()
    return None if mask.all() else mask


def search(index: LoadedIndex, encoder: Encoder, text: str, k: int = 10,
           filters: Filters | None = None) -> SearchResult:
    """The ``k`` best live products for ``text``; ``filters`` override what the text implies."""
    query = understand(text, index.distinct("category"), index.distinct("color"), filters)
    mask = filter_mask(index.attrs, query.filters)
    vector = encoder.encode_query(query.text)
    if not query.boost_colors:
        return SearchResult(query, index.search(vector, k, mask))
    pool = index.search(vector, k * BOOST_POOL, mask)
    colors = index.attrs["color"].fillna("").str.lower().to_numpy()
    boosted = [Hit(hit.product_id, hit.sku, hit.score + COLOR_BOOST * _has_color(
        colors[index.row(hit.product_id)], query.boost_colors)) for hit in pool]
    boosted.sort(key=lambda hit: -hit.score)
    return SearchResult(query, boosted[:k])


def _has_color(color: str, wanted: tuple[str, ...]) -> bool:
    return any(w in color.split() for w in wanted)


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
