"""Catalog search: free text plus filters to the best-matching live products, one result per product.

The colour variants of a product (:mod:`recommender.index.variants`) are one result, at the place of the
variant that matched best, and its card lists every colour the live catalog has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from recommender.encoder import Encoder
from recommender.index.loaded import Hit, LoadedIndex
from recommender.index.variants import product_keys, product_rows
from recommender.query import Filters, Query, admitted_genders, understand

COLOR_BOOST = 0.05  # about the gap between neighbouring results; enough to reorder, not to drag in misfits
# Candidates fetched per product wanted: room for a colour boost to reorder them and for each product's colour
# variants (up to three in the demo catalog) to fold into one. A catalog with more colours is searched deeper.
POOL = 4


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: list[Hit]  # one per product: its best-matching colour variant, best first


def filter_mask(index: LoadedIndex, filters: Filters) -> np.ndarray | None:
    """Rows of the index that satisfy ``filters``; None when nothing is filtered out."""
    mask = np.ones(len(index), dtype=bool)
    if filters.gender:
        # Unisex products fit adults, children's fit children, and products whose gender the catalog does not
        # state fit anyone.
        wanted = admitted_genders(filters.gender) | {""}
        mask &= index.where("gender", wanted.__contains__)
    if filters.category:
        # The head of a product type is its last word: "running shoes" are shoes, as "rain jackets" are jackets.
        category = filters.category.strip().lower()
        mask &= index.where("category", lambda value: value == category or value.endswith(" " + category))
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
    """The ``k`` best live products for ``text``, one hit per product; ``filters`` override what the text
    implies. Fewer than ``k`` only when fewer products match."""
    query = understand(text, index.distinct("category"), index.distinct("color"), filters)
    mask = filter_mask(index, query.filters)
    vector = encoder.encode_query(query.text)
    wanted = k * POOL
    # Imported here: recommender.ranking reads filter_mask from this module.
    from recommender.ranking.retrieval import ranked_hits
    while True:
        pool = _boosted(index, query, ranked_hits(index, vector, query.text, mask, wanted))
        best = best_variants(index, pool)
        if len(best) >= k or len(pool) < wanted:
            return SearchResult(query, best[:k])
        wanted *= 2


def _boosted(index: LoadedIndex, query: Query, pool: list[Hit]) -> list[Hit]:
    """``pool`` with products of a colour the text names lifted, best first."""
    if not query.boost_colors:
        return pool
    coloured = index.where("color", lambda value: any(w in value.split() for w in query.boost_colors))
    boosted = [Hit(hit.product_id, hit.sku, hit.score + COLOR_BOOST * coloured[index.row(hit.product_id)])
               for hit in pool]
    boosted.sort(key=lambda hit: -hit.score)
    return boosted


def best_variants(index: LoadedIndex, hits: list[Hit]) -> list[Hit]:
    """The first of ``hits`` (best first) of each product: its colour variants collapse into it."""
    keys = product_keys(index)
    seen: set[str] = set()
    best = []
    for hit in hits:
        key = keys[index.row(hit.product_id)]
        if key not in seen:
            seen.add(key)
            best.append(hit)
    return best


def product_cards(index: LoadedIndex, hits: list[Hit]) -> list[dict[str, Any]]:
    """A card per hit, from the index's own attributes (no database round trip): the hit's variant, and every
    colour of its product the live catalog has, in catalog order."""
    keys, rows_of = product_keys(index), product_rows(index)
    cards = []
    for hit in hits:
        row = index.row(hit.product_id)
        cards.append({
            "sku": hit.sku, "title": str(index.column("title")[row]), "brand": _or_none(index.column("brand")[row]),
            "category": _or_none(index.column("category")[row]), **_offer(index, row),
            "currency": _or_none(index.column("currency")[row]), "score": round(hit.score, 5),
            "colors": [{"color": _or_none(index.column("color")[variant]), "sku": str(index.skus[variant]),
                        **_offer(index, variant), "in_stock": bool(not index.stock[variant] <= 0)}
                       for variant in rows_of[keys[row]]],
        })
    return cards


def _offer(index: LoadedIndex, row: int) -> dict[str, Any]:
    sale = index.sale_price[row]
    return {"price": float(index.price[row]), "sale_price": None if np.isnan(sale) else float(sale),
            "image_url": _or_none(index.column("image_url")[row]), "url": _or_none(index.column("url")[row])}


def _or_none(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
