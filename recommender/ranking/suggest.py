"""``suggest``: the finder's answers, free text and shopper profile to a page of explained suggestions.

The stages, each its own function: understand the request (:mod:`.wishes`), work out which products are
allowed at all, retrieve candidates (:mod:`.retrieval`), re-rank them (:mod:`.rerank`), pick a varied
page (:mod:`.diversity`) and explain each pick (:mod:`.explain`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np

from recommender.encoder import Encoder
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_keys
from recommender.ranking.diversity import diversify
from recommender.ranking.explain import explain, in_order
from recommender.ranking.request import Suggestions, SuggestRequest
from recommender.ranking.rerank import SIMILAR_CLAIM, Fit, rerank
from recommender.ranking.retrieval import retrieve
from recommender.ranking.signals import ProductSignals
from recommender.ranking.taste import taste_of
from recommender.ranking.wishes import Wishes, understand_request
from recommender.search import filter_mask
from recommender.shoppers.profile import Profile

MAX_CART_ITEMS = 3  # abandoned cart products that open a page; the rest of it is what was asked for


def allowed_rows(index: LoadedIndex, wishes: Wishes, request: SuggestRequest, profile: Profile | None) -> np.ndarray:
    """Rows that meet every hard constraint and are not excluded, owned (in any colour) or refused."""
    mask = filter_mask(index, wishes.filters)
    allowed = np.ones(len(index), dtype=bool) if mask is None else mask.copy()
    refused = set(request.exclude) | ({request.not_like} if request.not_like else set())
    for sku in refused:
        if index.has_sku(sku):
            allowed[index.row_of_sku(sku)] = False
    owned = [index.row_of_sku(sku) for sku in (profile.purchased if profile else ()) if index.has_sku(sku)]
    if owned:
        keys = product_keys(index)
        allowed &= ~np.isin(keys, keys[owned])
    if request.exclude_brands:
        brands = {b.strip().lower() for b in request.exclude_brands}
        allowed &= ~index.where("brand", brands.__contains__)
    return allowed


def product_vector(index: LoadedIndex, sku: str | None) -> np.ndarray | None:
    """The live vector of ``sku`` (None when no sku is given or the catalog lacks it)."""
    return np.asarray(index.vectors[index.row_of_sku(sku)]) if sku and index.has_sku(sku) else None


def _cart_first(fits: list[Fit], profile: Profile | None, index: LoadedIndex, allowed: np.ndarray,
                open_ended: bool) -> list[Fit]:
    """The shopper's abandoned cart products that fit this request, marked, in cart order.

    With words or needs, a cart product must also be among the candidates: a tent left in the cart does
    not open a page of rain jackets.
    """
    if profile is None or not profile.abandoned:
        return []
    by_row = {fit.row: fit for fit in fits}
    chosen = []
    for item in profile.abandoned:
        if not index.has_sku(item.sku) or not allowed[row := index.row_of_sku(item.sku)]:
            continue
        fit = by_row.get(row)
        if fit is None and open_ended:
            fit = Fit(row, 0.0, 0.0, (), 0)
        if fit is not None:
            chosen.append(replace(fit, in_cart=True))
        if len(chosen) == MAX_CART_ITEMS:
            break
    return chosen


def suggest(request: SuggestRequest, *, index: LoadedIndex, encoder: Encoder, profile: Profile | None = None,
            signals: ProductSignals | None = None, as_of: datetime | None = None) -> Suggestions:
    """Up to ``request.k`` products for the shopper, each with its match level and reasons."""
    wishes = understand_request(index, request.text, request.answers, request.constraints)
    allowed = allowed_rows(index, wishes, request, profile)
    taste = taste_of(profile, index)
    words = encoder.encode_query(wishes.text) if wishes.text else None
    anchor = product_vector(index, request.more_like)
    found = retrieve(index, words, wishes.text, allowed, taste=taste, specific=wishes.specific, anchor=anchor,
                     signals=signals, owned=profile.purchased if profile else [])
    when = as_of or (profile.as_of if profile else datetime.now(UTC))
    fits = rerank(index, found, wishes, profile=profile, taste=taste, signals=signals,
                  not_like=product_vector(index, request.not_like), as_of=when)
    asked = words is not None or bool(wishes.needs)
    cart = _cart_first(fits, profile, index, allowed, open_ended=not asked)
    in_cart = {fit.row for fit in cart}
    page = cart + diversify(index, [fit for fit in fits if fit.row not in in_cart], request.k - len(cart))
    anchor_title = str(index.column("title")[index.row_of_sku(request.more_like)]) if anchor is not None else None
    items = []
    for fit in page[:request.k]:
        closeness = float(np.asarray(index.vectors[fit.row]) @ anchor) if anchor is not None else 0.0
        items.append(explain(index, fit, asked=asked, budget=wishes.budget,
                             anchor=(anchor_title, round(closeness, 3)) if closeness >= SIMILAR_CLAIM else None))
    return Suggestions(in_order(items), wishes.filters, wishes.text)
