"""``popular``: the page the holdout (control) group sees instead of :func:`~recommender.ranking.suggest`.

The shop's most popular products that meet the request's hard constraints (budget, gender, category, colour,
size, in stock, and what the request excludes), one colour variant of each, knowing nothing of the shopper.
Products nobody has touched yet tie at zero popularity; they follow in order of closeness to the words (then
catalog order), so a new shop's control page is still about what was asked. Each product is explained the
usual way (needs met, colour, sale, budget, popular), so the cards look like any other page's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np

from recommender.encoder import Encoder
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_keys
from recommender.ranking.explain import explain
from recommender.ranking.request import Suggestions, SuggestRequest
from recommender.ranking.rerank import rerank
from recommender.ranking.retrieval import ANCHOR_WEIGHT, Candidates, blend
from recommender.ranking.signals import ProductSignals
from recommender.ranking.suggest import allowed_rows, product_vector
from recommender.ranking.wishes import understand_request


def by_popularity(rows: np.ndarray, popularity: np.ndarray, closeness: np.ndarray) -> np.ndarray:
    """``rows`` most popular first; ties by closeness to what was asked, then by row."""
    return rows[np.lexsort((rows, -closeness[rows], -popularity[rows]))]


def one_per_product(index: LoadedIndex, ranked: np.ndarray, k: int) -> list[int]:
    """The first ``k`` of ``ranked`` that are not a colour variant of one taken before."""
    keys, taken, page = product_keys(index), set(), []
    for row in ranked:
        if keys[row] in taken:
            continue
        taken.add(keys[row])
        page.append(int(row))
        if len(page) == k:
            break
    return page


def popular(request: SuggestRequest, *, index: LoadedIndex, encoder: Encoder, signals: ProductSignals | None = None,
            as_of: datetime | None = None) -> Suggestions:
    """Up to ``request.k`` of the most popular products within the request's hard constraints, explained."""
    wishes = understand_request(index, request.text, request.answers, request.constraints)
    allowed = allowed_rows(index, wishes, request, profile=None)
    words = encoder.encode_query(wishes.text) if wishes.text else None
    anchor = product_vector(index, request.more_like)
    asked = blend((words, 1.0), (anchor, ANCHOR_WEIGHT if words is not None else 1.0))
    rows = np.flatnonzero(allowed)
    closeness = np.zeros(len(index), dtype=np.float32)
    if asked is not None and len(rows):
        closeness[rows] = np.asarray(index.vectors[rows]) @ asked
    popularity = signals.popularity_of(index) if signals is not None else np.zeros(len(index), dtype=np.float32)
    page = one_per_product(index, by_popularity(rows, popularity, closeness), request.k)
    if not page:
        return Suggestions([], wishes.filters, wishes.text)
    # The re-ranker states the facts the reasons are built from; the order stays popularity's.
    found = Candidates(np.asarray(page), np.zeros(len(page)), closeness[page])
    facts = {fit.row: fit for fit in rerank(index, found, wishes, signals=signals, as_of=as_of or datetime.now(UTC))}
    shown = words is not None or bool(wishes.needs)
    items = [explain(index, replace(facts[row], score=float(popularity[row])), asked=shown, budget=wishes.budget)
             for row in page]
    return Suggestions(items, wishes.filters, wishes.text)
