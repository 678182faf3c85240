"""Diversity: a page of suggestions is a choice, not ten colours of one jacket.

Maximal marginal relevance (Carbonell & Goldstein, 1998) picks each next product for its score less its
likeness to those already picked; on top of that, a page holds one colour variant of a product and at most
a share of any one brand. When the constraints leave too few products to honour the limits, the page is
filled anyway, variants last.
"""

from __future__ import annotations

import math

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
    # Codes instead of strings, so that each pick tests every candidate at once.
    key_codes = np.unique(np.asarray(keys, dtype=object), return_inverse=True)[1]
    brand_names = [str(b) if b else "" for b in brands]
    brand_codes = np.unique(np.asarray(brand_names, dtype=object), return_inverse=True)[1]
    has_brand = np.array([bool(b) for b in brand_names])
    per_brand = np.bincount(brand_codes[picked], minlength=len(pool)) if picked else np.zeros(len(pool), int)
    # Likeness to the closest product picked; with none picked yet, nothing is alike.
    nearest = likeness[:, picked].max(axis=1) if picked else np.full(len(pool), -np.inf, dtype=likeness.dtype)
    taken = np.zeros(len(pool), dtype=bool)
    taken[picked] = True
    while len(picked) < k:
        allowed = ~taken
        if brand_limit is not None:
            allowed &= ~(has_brand & (per_brand[brand_codes] >= brand_limit))
        if one_variant and picked:
            allowed &= ~np.isin(key_codes, key_codes[picked]) & (nearest < VARIANT_COSINE)
        if not allowed.any():
            return
        close = nearest if picked else np.zeros(len(pool))
        value = np.where(allowed, MMR_LAMBDA * scores - (1 - MMR_LAMBDA) * close, -np.inf)
        best = int(np.argmax(value))  # the first of equals, as the candidates are ordered best first
        picked.append(best)
        taken[best] = True
        per_brand[brand_codes[best]] += has_brand[best]
        nearest = np.maximum(nearest, likeness[:, best])
