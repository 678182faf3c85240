"""Re-ranking: what each candidate has of what the shopper asked for, and what their segment cares about.

Each candidate gets a :class:`Fit`: the facts about it that matter here (the needs it meets, the history
product it resembles, a sale, a complement to something owned) and a score that adds small, bounded terms
for those facts to the retrieval score. The explanation later names the same facts, so a reason is never a
guess at why a product ranked where it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from recommender.index.loaded import LoadedIndex
from recommender.ranking.cuts import cuts_of
from recommender.ranking.retrieval import Candidates
from recommender.ranking.signals import ProductSignals
from recommender.ranking.taste import Source, Taste
from recommender.ranking.wishes import Need, Wishes
from recommender.shoppers.profile import Profile
from recommender.shoppers.traits import COUPON_RESPONDER, DEAL_SEEKER, LOYAL_HIGH_VALUE, PREMIUM, REPEAT

# Term weights, on the scale of the fused retrieval score (0..1), which the searches' score starts from
# (:attr:`Candidates.score`: fused rank, cosine and title match). Each term can reorder neighbours; none can
# lift a product the searches did not find near the top over one that fits the words.
W_NEEDS = 0.5  # share of the stated features, conditions and activities met
W_COLOR = 0.06  # about the gap between neighbouring results: colour reorders, never outranks the kind asked for
W_TASTE = 0.4  # closeness to the shopper's history, above SIMILAR_FLOOR
W_TASTE_ACTIVITY = 0.3  # made for the activity most of the shopper's history is made for
W_AFFINITY = 0.1  # share of the shopper's interest in the product's category or brand
W_SALE = 0.15  # price-sensitive shoppers: on sale
W_CHEAPER = 0.1  # price-sensitive shoppers: how far under their budget
W_NEW = 0.12  # premium shoppers: new arrivals
W_COMPLEMENT = 0.3  # repeat buyers: bought with what they own
W_OWNED_CATEGORY = 0.3  # repeat buyers: one more of a kind they already have counts for less
W_POPULAR = 0.05
W_POPULAR_COLD = 0.15  # popularity is most of what is known about a shopper without history
W_NOT_LIKE = 1.0
SIMILAR_FLOOR = 0.55  # below this cosine a history product says nothing about the candidate
SIMILAR_CLAIM = 0.75  # "similar to the X you viewed" is only said from here up
HABIT_SHARE = 0.5  # "for cycling, like the products you looked at": most of the history is for it
NOT_LIKE_FLOOR = 0.6
POPULAR_SHARE = 0.1  # "popular" means among the top tenth of the catalog
NEW_ARRIVAL_DAYS = 30
FAVOURITE_SHARE = 0.3  # "a brand you like": at least this share of the shopper's brand interest

PRICE_SENSITIVE = (DEAL_SEEKER, COUPON_RESPONDER)
REPEAT_BUYERS = (REPEAT, LOYAL_HIGH_VALUE)


@dataclass
class Fit:
    """One candidate and the facts about it that ranked it and explain it."""

    row: int
    score: float
    relevance: float
    met: tuple[Need, ...]
    needs: int  # how many needs were stated
    color: str | None = None  # the preferred colour it comes in
    on_sale: bool = False
    new: bool = False
    similar_to: Source | None = None  # the history product it is closest to, when close enough to say
    habit: str | None = None  # an activity most of the shopper's history is for, that this product is for
    complement_of: str | None = None  # an owned sku it is often bought with
    in_cart: bool = False
    popular: bool = False
    favourite_brand: str | None = None

    @property
    def coverage(self) -> float:
        return len(self.met) / self.needs if self.needs else 1.0


def met_needs(values: dict[str, frozenset[str]], needs: tuple[Need, ...]) -> tuple[Need, ...]:
    """The needs a product meets, given its values of each attribute the needs look at."""
    return tuple(need for need in needs if need.accepts & values[need.column])


def _single(index: LoadedIndex, column: str) -> list[frozenset[str]]:
    """A one-value attribute in the shape of a list attribute, so needs check both alike."""
    return index.memo(f"single:{column}", lambda ix: [frozenset([str(v).strip().lower()]) if isinstance(v, str)
                                                      else frozenset() for v in ix.attrs[column]])


def _color_match(value: object, colors: tuple[str, ...]) -> str | None:
    words = str(value or "").lower().split()
    return next((c for c in colors if c in words or c == " ".join(words)), None)


def _new_arrivals(index: LoadedIndex, rows: np.ndarray, as_of: datetime) -> np.ndarray:
    """Added in the last NEW_ARRIVAL_DAYS and after the catalog's first import (a fresh shop is not new)."""
    created: np.ndarray = index.memo("created_at", lambda ix: pd.to_datetime(ix.attrs["created_at"], utc=True)
                                     .dt.tz_localize(None).to_numpy(dtype="datetime64[s]"))
    if np.isnat(created).all():
        return np.zeros(len(rows), dtype=bool)
    launch = np.nanmin(created)
    since = np.datetime64(pd.Timestamp(as_of).tz_convert("UTC").tz_localize(None) - timedelta(days=NEW_ARRIVAL_DAYS),
                          "s")
    mine = created[rows]
    return (mine > launch + np.timedelta64(1, "D")) & (mine >= since)


def rerank(index: LoadedIndex, found: Candidates, wishes: Wishes, *, profile: Profile | None = None,
           taste: Taste | None = None, signals: ProductSignals | None = None, not_like: np.ndarray | None = None,
           as_of: datetime) -> list[Fit]:
    """The candidates as :class:`Fit` s, best first."""
    rows = found.rows
    if not len(rows):
        return []
    vectors = np.asarray(index.vectors[rows])
    score = found.score.astype(np.float64)

    columns = {need.column for need in wishes.needs}
    values = {column: cuts_of(index) if column == "cut" else _single(index, column) if column == "category"
              else index.tags(column) for column in columns}
    met = [met_needs({c: values[c][row] for c in columns}, wishes.needs) for row in rows] if wishes.needs \
        else [()] * len(rows)
    needs = len(wishes.needs)
    if needs:
        score += W_NEEDS * np.array([len(m) / needs for m in met])
    colors = [_color_match(index.column("color")[row], wishes.colors) for row in rows] if wishes.colors \
        else [None] * len(rows)
    score += W_COLOR * np.array([c is not None for c in colors])

    prices = index.price[rows]
    paid = index.effective_price[rows]
    on_sale = paid < prices
    new = _new_arrivals(index, rows, as_of)
    popularity = signals.popularity_of(index) if signals is not None else np.zeros(len(index))
    threshold = np.quantile(popularity, 1 - POPULAR_SHARE) if popularity.any() else np.inf
    popular = (popularity[rows] >= threshold) & (popularity[rows] > 0)
    history = taste is not None or (profile is not None and profile.frequency > 0)
    score += (W_POPULAR if history else W_POPULAR_COLD) * popularity[rows]

    closeness, nearest = taste.closest(vectors) if taste is not None else (np.zeros(len(rows)), None)
    taste_weight = W_TASTE * (0.5 if wishes.specific else 1.0)
    score += taste_weight * np.clip(closeness - SIMILAR_FLOOR, 0, None) / (1 - SIMILAR_FLOOR)
    habits = _habits(index, rows, taste)
    if taste is not None and taste.activities:
        activity_tags = index.tags("activities")
        score += W_TASTE_ACTIVITY * (0.5 if wishes.specific else 1.0) * np.array(
            [max((taste.activities.get(a, 0.0) for a in activity_tags[row]), default=0.0) for row in rows])
    if not_like is not None:
        score -= W_NOT_LIKE * np.clip(vectors @ not_like - NOT_LIKE_FLOOR, 0, None) / (1 - NOT_LIKE_FLOOR)

    segment = _segment_terms(index, rows, wishes, profile, signals, on_sale, new, paid)
    score += segment.score
    fits = []
    for i, row in enumerate(rows):
        source = taste.sources[int(nearest[i])] if nearest is not None and closeness[i] >= SIMILAR_CLAIM else None
        fits.append(Fit(int(row), float(score[i]), float(found.relevance[i]), met[i], needs, color=colors[i],
                        on_sale=bool(on_sale[i]), new=bool(new[i]), similar_to=source, habit=habits[i],
                        complement_of=segment.complement_of[i], popular=bool(popular[i]),
                        favourite_brand=segment.favourite_brand[i]))
    fits.sort(key=lambda fit: -fit.score)
    return fits


def _habits(index: LoadedIndex, rows: np.ndarray, taste: Taste | None) -> list[str | None]:
    """For each row, the activity it is made for that most of the shopper's history is for, if any."""
    habitual = {a for a, share in (taste.activities.items() if taste else ()) if share >= HABIT_SHARE}
    if not habitual:
        return [None] * len(rows)
    tags = index.tags("activities")
    return [next(iter(sorted(habitual & tags[row])), None) for row in rows]


@dataclass
class _Segment:
    score: np.ndarray
    complement_of: list[str | None]
    favourite_brand: list[str | None]


def _segment_terms(index: LoadedIndex, rows: np.ndarray, wishes: Wishes, profile: Profile | None,
                   signals: ProductSignals | None, on_sale: np.ndarray, new: np.ndarray,
                   paid: np.ndarray) -> _Segment:
    """What the shopper's segment and affinities add to each candidate."""
    score = np.zeros(len(rows))
    none: list[str | None] = [None] * len(rows)
    if profile is None:
        return _Segment(score, none, list(none))
    if profile.price_sensitivity in PRICE_SENSITIVE:
        score += W_SALE * on_sale
        if wishes.budget:
            score += W_CHEAPER * np.clip(1 - paid / wishes.budget, 0, 1)
    if profile.price_sensitivity == PREMIUM:
        score += W_NEW * new
    categories = index.column("category")[rows]
    brands = index.column("brand")[rows]
    if not wishes.filters.category:
        shares = dict(profile.category_affinity)
        score += W_AFFINITY * np.array([shares.get(c, 0.0) for c in categories])
    brand_shares = dict(profile.brand_affinity)
    score += W_AFFINITY * np.array([brand_shares.get(b, 0.0) for b in brands])
    favourite = [b if brand_shares.get(b, 0.0) >= FAVOURITE_SHARE else None for b in brands]
    complement_of: list[str | None] = list(none)
    if profile.lifecycle in REPEAT_BUYERS:
        goes_with = signals.complements(profile.purchased) if signals is not None else {}
        for i, row in enumerate(rows):
            if (complement := goes_with.get(str(index.skus[row]))) is not None:
                complement_of[i] = complement.goes_with
                score[i] += W_COMPLEMENT * min(1.0, complement.best * 2)
        if not wishes.filters.category:
            owned_kinds = {index.column("category")[index.row_of_sku(s)]
                           for s in profile.purchased if index.has_sku(s)}
            score -= W_OWNED_CATEGORY * np.array([c in owned_kinds for c in categories])
    return _Segment(score, complement_of, favourite)
