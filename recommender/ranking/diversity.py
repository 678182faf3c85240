"""Diversity: a page of suggestions is a choice, not ten colours of one jacket.

Maximal marginal relevance (Carbonell & Goldstein, 1998) picks each next product for its score less its
likeness to those already picked; on top of that, a page holds one colour variant of a product and at most
a share of any one brand. When the constraints leave too few products to honour the limits, the page is
filled anyway, variants last.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from recommender.index.loaded import LoadedIndex
from recommender.ranking.rerank import Fit

MMR_LAMBDA = 0.9  # weight of the score against likeness to what is already on the page
MMR_POOL = 60  # only the best of the re-ranked candidates compete for a page
BRAND_SHARE = 0.4  # of a page, at most this share from one brand (never fewer than 2)
VARIANT_COSINE = 0.97  # embeddings this close are the same product in another colour or size


def variant_key(title: str, color: str | None) -> str:
    """The title without its colour words: "Granite Jacket – Blue" and "Granite Jacket – Red" share one."""
    text = title.lower()
    for word in (color or "").lower().split():
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    return re.sub(r"[\W_]+", " ", text).strip()


def variant_keys(index: LoadedIndex) -> np.ndarray:
    """Each row's :func:`variant_key`, computed once per index version."""
    def make(ix: LoadedIndex) -> np.ndarray:
        return np.array([variant_key(str(t), c) for t, c in zip(ix.column("title"), ix.column("color"),
                                                                 strict=True)], dtype=object)
    return index.memo("variant_keys", make)


def product_keys(index: LoadedIndex) -> np.ndarray:
    """Each row's product: its brand and variant key, so variants of one product share it."""
    def make(ix: LoadedIndex) -> np.ndarray:
        brands = ix.attrs["brand"].fillna("").astype(str).to_numpy(dtype=object)
        return np.array([f"{b}|{k}" for b, k in zip(brands, variant_keys(ix), strict=True)], dtype=object)
    return index.memo("product_keys", make)


def product_of(index: LoadedIndex) -> Callable[[str], str]:
    """sku -> the product it is a variant of; an sku the index lacks is its own product."""
    keys = product_keys(index)
    return lambda sku: keys[index.row_of_sku(sku)] if index.has_sku(sku) else sku


def brand_limit(k: int) -> int:
    return max(2, math.ceil(k * BRAND_SHARE))


def diversify(index: LoadedIndex, fits: list[Fit], k: int) -> list[Fit]:
    """Up to ``k`` of ``fits`` (best first), chosen for score and variety."""
    pool = fits[:max(MMR_POOL, k)]
    if len(pool) <= 1:
        return pool
    rows = [fit.row for fit in pool]
    vectors = np.asarray(index.vectors[rows])
    likeness = vectors @ vectors.T
    brands = index.column("brand")
    keys = list(variant_keys(index)[rows])
    limit = brand_limit(k)
    picked: list[int] = []
    for strict_brand, strict_variant in ((True, True), (False, True), (False, False)):
        _pick(pool, likeness, keys, brands[rows], k, limit if strict_brand else None, strict_variant, picked)
        if len(picked) >= k:
            break
    return [pool[i] for i in picked]


def _pick(pool: list[Fit], likeness: np.ndarray, keys: list[str], brands: np.ndarray, k: int,
          brand_limit: int | None, one_variant: bool, picked: list[int]) -> None:
    """Add to ``picked`` by maximal marginal relevance while the limits allow."""
    scores = np.array([fit.score for fit in pool])
    while len(picked) < k:
        per_brand = Counter(brands[i] for i in picked if brands[i])
        groups = {keys[i] for i in picked}
        close = likeness[:, picked].max(axis=1) if picked else np.zeros(len(pool))
        best, best_value = None, -math.inf
        for i in range(len(pool)):
            if i in picked:
                continue
            if brand_limit is not None and brands[i] and per_brand[brands[i]] >= brand_limit:
                continue
            if one_variant and picked and (keys[i] in groups or close[i] >= VARIANT_COSINE):
                continue
            value = MMR_LAMBDA * scores[i] - (1 - MMR_LAMBDA) * close[i]
            if value > best_value:
                best, best_value = i, value
        if best is None:
            return
        picked.append(best)
