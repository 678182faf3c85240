"""Candidate retrieval: dense and lexical searches, inside the hard constraints, fused by what the query is.

Dense search (MiniLM + FAISS) finds what the shopper means; BM25 finds the words they used, names and
exact terms included. Reciprocal rank fusion needs no score calibration between the two: a product near the
top of either list is a candidate, and one near the top of both comes first. How much each list counts
depends on the kind of query (:mod:`.query_kind`): a query that names a product leans on its words and on
how well each title answers them, one that describes a use leans on meaning. Without words, the shopper's
history and the shop's best sellers make the lists instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.index.loaded import Hit, LoadedIndex
from recommender.ranking.query_kind import ATTRIBUTE, KNOWN_ITEM, USE_CASE, QueryKind, classify, title_match
from recommender.ranking.signals import ProductSignals
from recommender.ranking.taste import Taste

RRF_K = 60  # the constant of Cormack et al. (2009): damps the head of each list
POOL = 100  # candidates per list
# How far the shopper's history pulls the query vector: less when they said what they want.
TASTE_WEIGHT = 0.3
TASTE_WEIGHT_SPECIFIC = 0.1
ANCHOR_WEIGHT = 0.5  # "more like this one"
W_RELEVANCE = 1.0  # cosine to what was asked: separates close calls the rank fusion ties


@dataclass(frozen=True)
class Fusion:
    """How one kind of query weighs its evidence."""

    dense: float  # weight of the dense list in the rank fusion
    lexical: float  # weight of the BM25 list
    title: float  # weight of the title match, on the scale of the fused score (0..1)


# A named product is found by its brand and title words; a use is found by meaning, which BM25's literal
# matching of "beach" or "wedding" in descriptions only blurs.
FUSION = {KNOWN_ITEM: Fusion(dense=0.5, lexical=1.0, title=1.0), ATTRIBUTE: Fusion(dense=1.0, lexical=1.0, title=0.3),
          USE_CASE: Fusion(dense=1.0, lexical=0.5, title=0.0)}
NO_WORDS = Fusion(dense=1.0, lexical=1.0, title=0.0)


@dataclass(frozen=True)
class Candidates:
    rows: np.ndarray  # index rows, best fused rank first
    fused: np.ndarray  # reciprocal rank fusion score, scaled so that first in every list is 1
    relevance: np.ndarray  # cosine to what was asked for (the words, else the taste or the anchor)
    title: np.ndarray | None = None  # how well each title answers the words (None without words)
    query: QueryKind | None = None  # what the words are; None without words

    @property
    def score(self) -> np.ndarray:
        """The evidence of the searches in one score: fused rank, closeness in meaning, title match."""
        score = self.fused + W_RELEVANCE * self.relevance
        if self.query is not None and self.title is not None:
            score = score + FUSION[self.query.kind].title * self.title
        return score


def blend(*parts: tuple[np.ndarray | None, float]) -> np.ndarray | None:
    """The unit-length weighted sum of the vectors given (None ones skipped)."""
    present = [(vector, weight) for vector, weight in parts if vector is not None and weight > 0]
    if not present:
        return None
    total = sum(weight * np.asarray(vector, dtype=np.float32) for vector, weight in present)
    norm = float(np.linalg.norm(total))
    return total / norm if norm else None


def dense_rows(index: LoadedIndex, vector: np.ndarray | None, mask: np.ndarray | None, pool: int) -> list[int]:
    if vector is None:
        return []
    return [index.row(hit.product_id) for hit in index.search(vector, pool, mask)]


def lexical_rows(index: LoadedIndex, text: str, mask: np.ndarray | None, pool: int) -> list[int]:
    if index.lexical is None or not text.strip():
        return []
    return [row for row, _ in index.lexical.search(text, pool, mask)]


def ranked_by(values: np.ndarray, mask: np.ndarray | None, pool: int) -> list[int]:
    """The ``pool`` rows with the highest positive ``values`` among the allowed ones."""
    allowed = values if mask is None else np.where(mask, values, 0.0)
    top = np.argsort(-allowed, kind="stable")[:pool]
    return [int(row) for row in top if allowed[row] > 0]


def complements(index: LoadedIndex, signals: ProductSignals, owned: list[str], mask: np.ndarray | None,
                pool: int) -> list[int]:
    """Products most often bought with what the shopper owns, by summed co-purchase cosine."""
    scores = np.zeros(len(index), dtype=np.float32)
    for sku, complement in signals.complements(owned).items():
        if index.has_sku(sku):
            scores[index.row_of_sku(sku)] = complement.total
    return ranked_by(scores, mask, pool)


def showcase(index: LoadedIndex, mask: np.ndarray | None, pool: int) -> np.ndarray:
    """Nothing asked, no history, no sales yet: the first products of each category in turn, so the page
    shows the range of the shop rather than its first shelf."""
    rows = np.flatnonzero(mask) if mask is not None else np.arange(len(index))
    categories = index.attrs["category"].fillna("").to_numpy(dtype=object)[rows]
    turn, shown = np.zeros(len(rows), dtype=np.int64), {}
    for i, category in enumerate(categories):
        turn[i] = shown.get(category, 0)
        shown[category] = turn[i] + 1
    return rows[np.lexsort((rows, turn))][:pool]


def fuse(lists: list[list[int]], size: int, weights: list[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weighted reciprocal rank fusion of ranked row lists: (rows best first, score scaled to [0, 1]).
    Each list weighs 1 unless ``weights`` says otherwise."""
    weights = weights or [1.0] * len(lists)
    scores = np.zeros(size, dtype=np.float64)
    for rows, weight in zip(lists, weights, strict=True):
        if rows:
            scores[np.asarray(rows)] += weight / (RRF_K + 1 + np.arange(len(rows)))
    found = np.flatnonzero(scores)
    order = found[np.argsort(-scores[found], kind="stable")]
    best_possible = sum(weight / (RRF_K + 1) for rows, weight in zip(lists, weights, strict=True) if rows) or 1.0
    return order, scores[order] / best_possible


def retrieve(index: LoadedIndex, words: np.ndarray | None, text: str, mask: np.ndarray | None, *,
             taste: Taste | None = None, specific: bool = False, anchor: np.ndarray | None = None,
             signals: ProductSignals | None = None, owned: list[str] = (), pool: int = POOL) -> Candidates:
    """Candidates for the encoded words (``words``), their ``text``, the taste and the anchor product."""
    taste_vector = taste.vector if taste is not None else None
    taste_weight = TASTE_WEIGHT_SPECIFIC if specific else TASTE_WEIGHT
    asked = blend((words, 1.0), (anchor, ANCHOR_WEIGHT if words is not None else 1.0))
    query = blend((asked, 1.0), (taste_vector, taste_weight if asked is not None else 1.0))
    kind = classify(index, text) if text.strip() else None
    fusion = FUSION[kind.kind] if kind is not None else NO_WORDS
    lists = [dense_rows(index, query, mask, pool), lexical_rows(index, text, mask, pool)]
    weights = [fusion.dense, fusion.lexical]
    if asked is None and signals is not None:
        # No words and no anchor: the shopper's history and the shop's favourites are all there is.
        lists += [complements(index, signals, list(owned), mask, pool), ranked_by(signals.popularity_of(index),
                                                                                  mask, pool)]
        weights += [1.0, 1.0]
    rows, fused = fuse(lists, len(index), weights)
    if not len(rows) and query is None:
        rows = showcase(index, mask, pool)
        fused = np.zeros(len(rows))
    reference = asked if asked is not None else query
    if reference is None or not len(rows):
        relevance = np.zeros(len(rows), dtype=np.float32)
    else:
        relevance = np.asarray(index.vectors[rows]) @ reference
    title = title_match(index, rows, kind) if kind is not None and fusion.title else None
    return Candidates(rows, fused, relevance, title, kind)


def ranked_hits(index: LoadedIndex, words: np.ndarray, text: str, mask: np.ndarray | None, pool: int) -> list[Hit]:
    """The products the searches find for ``text`` (encoded as ``words``), best first by :attr:`Candidates.score`:
    what ``outfitter search`` and the search box rank, without a shopper's history."""
    found = retrieve(index, words, text, mask, pool=pool)
    score = found.score
    order = np.argsort(-score, kind="stable")
    return [Hit(int(index.ids[found.rows[i]]), str(index.skus[found.rows[i]]), float(score[i])) for i in order]
