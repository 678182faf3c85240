"""Products related to one product: ``similar`` (by what they are) and ``bought_together`` (by orders).

For product pages and the bot's follow-ups ("more like the second one", "what goes with it").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from recommender.index.loaded import LoadedIndex
from recommender.index.variants import variant_keys
from recommender.query import Filters
from recommender.ranking.diversity import diversify
from recommender.ranking.explain import explain, short_title
from recommender.ranking.request import Reason, Suggestion
from recommender.ranking.rerank import Fit
from recommender.ranking.signals import ProductSignals
from recommender.search import filter_mask

POOL = 60


def _in_stock(index: LoadedIndex) -> np.ndarray:
    mask = filter_mask(index, Filters(in_stock=True))
    return np.ones(len(index), dtype=bool) if mask is None else mask


def _others(index: LoadedIndex, sku: str) -> np.ndarray:
    """In-stock rows that are neither ``sku`` nor one of its colour variants."""
    keys = variant_keys(index)
    row = index.row_of_sku(sku)
    same = keys == keys[row]
    same[row] = True
    return _in_stock(index) & ~same


def _with_reason(index: LoadedIndex, fit: Fit, reason: Reason) -> Suggestion:
    return replace(explain(index, fit, asked=True, budget=None), reasons=(reason,))


def similar(index: LoadedIndex, sku: str, k: int = 6) -> list[Suggestion]:
    """In-stock products most like ``sku`` by their embeddings, one per variant group and varied by brand."""
    if not index.has_sku(sku):
        raise KeyError(f"sku {sku!r} is not in the live catalog")
    vector = np.asarray(index.vectors[index.row_of_sku(sku)])
    hits = index.search(vector, POOL, _others(index, sku))
    fits = [Fit(index.row(hit.product_id), hit.score, hit.score, (), 0) for hit in hits]
    title = short_title(str(index.column("title")[index.row_of_sku(sku)]))
    return [_with_reason(index, fit, Reason("like", f"like the {title}", {"sku": sku, "cosine": round(fit.score, 3)}))
            for fit in diversify(index, fits, k)]


def bought_together(index: LoadedIndex, signals: ProductSignals, sku: str, k: int = 6) -> list[Suggestion]:
    """In-stock products most often in the same order as ``sku`` (none when no order holds it)."""
    if not index.has_sku(sku):
        raise KeyError(f"sku {sku!r} is not in the live catalog")
    allowed, anchor = _others(index, sku), np.asarray(index.vectors[index.row_of_sku(sku)])
    fits = []
    for other, cosine in signals.bought_with(sku):
        if index.has_sku(other) and allowed[row := index.row_of_sku(other)]:
            fits.append(Fit(row, cosine, float(np.asarray(index.vectors[row]) @ anchor), (), 0))
    title = short_title(str(index.column("title")[index.row_of_sku(sku)]))
    return [_with_reason(index, fit, Reason("together", f"often bought with the {title}",
                                            {"sku": sku, "cosine": fit.score}))
            for fit in diversify(index, fits, k)]
