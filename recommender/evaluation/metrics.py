"""Ranking metrics for one query: NDCG@k (graded), Recall@k and reciprocal rank.

Written out rather than borrowed: scikit-learn's ``ndcg_score`` needs a score for every product in the
catalog, and the definitions fit in a few lines. ``tests/recommender/test_evaluation.py`` checks NDCG
against scikit-learn's on full rankings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    return sum((2 ** gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at(ranked: Sequence[str], relevance: Mapping[str, float], k: int) -> float:
    """DCG of the first ``k`` results over the best DCG the judged products allow (0 when none is relevant)."""
    ideal = dcg(sorted((g for g in relevance.values() if g > 0), reverse=True)[:k])
    return dcg([relevance.get(item, 0.0) for item in ranked[:k]]) / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevance: Mapping[str, float], k: int) -> float:
    relevant = {item for item, gain in relevance.items() if gain > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevance: Mapping[str, float], k: int | None = None) -> float:
    for rank, item in enumerate(ranked[:k] if k else ranked, 1):
        if relevance.get(item, 0.0) > 0:
            return 1.0 / rank
    return 0.0
