"""Diversity: a page of suggestions is a choice, not ten colours of one jacket.

Maximal marginal relevance (Carbonell & Goldstein, 1998) picks each next product for its score less its
likeness to those already picked; on top of that, a page holds one colour variant of a product and at most
a share of any one brand. When the constraints leave too few products to honour the limits, the page is
filled anyway, variants last.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from recommender.index.loaded import LoadedIndex
from recommender.index.variants import variant_keys
from recommender.ranking.rerank import Fit

MMR_LAMBDA = 0.9  # weight of the score against likeness to what is already on the page
MMR_POOL = 60  # only the best of the re-ranked candidates compete for a page
BRAND_SHARE = 0.4  # of a page, at most this share from one brand (never fewer than 2)
VARIANT_COSINE = 0.97  # embeddings this close are the same product in another colour or size



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
