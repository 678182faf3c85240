"""Explanation: a match level from calibrated bands, and reasons built from the facts that ranked a product.

The match level is a probability that the shopper would call the product a fit, from a logistic model of
two things a shopper can check: how close the product is to their words (cosine) and how many of the stated
needs it meets. Its coefficients were fitted on the demo query set's judgements (``outfitter eval
data/catalog/demo_queries.jsonl data/catalog/demo_qrels.jsonl --calibrate`` prints them and how well each
band holds); the bands cut it at fixed probabilities.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from recommender.index.loaded import LoadedIndex
from recommender.ranking.request import HIGH, LOW, MEDIUM, Reason, Suggestion
from recommender.ranking.rerank import Fit
from recommender.ranking.taste import BOUGHT, CARTED, VIEWED
from recommender.ranking.wishes import CONDITIONS, Need

# P(fit) = sigmoid(INTERCEPT + W_COSINE * cosine + W_COVERAGE * coverage), fitted with --calibrate.
INTERCEPT = -2.96
W_COSINE = 6.67
W_COVERAGE = 1.28
HIGH_FROM = 0.85
MEDIUM_FROM = 0.65
MAX_REASONS = 3
VERBS = {VIEWED: "viewed", CARTED: "put in your cart", BOUGHT: "bought"}


def fit_probability(cosine: float, coverage: float) -> float:
    return 1 / (1 + math.exp(-(INTERCEPT + W_COSINE * cosine + W_COVERAGE * coverage)))


def match_level(fit: Fit, asked: bool) -> str:
    """HIGH, MEDIUM or LOW. Without words or needs nothing was asked, so no product can match it highly; a
    product that lacks something the shopper asked for (water-resistant when waterproof was asked) is no
    high match however close its words are."""
    probability = fit_probability(fit.relevance, fit.coverage)
    if probability >= HIGH_FROM and asked and fit.coverage >= 1:
        return HIGH
    return MEDIUM if probability >= MEDIUM_FROM else LOW


def in_order(items: list[Suggestion]) -> list[Suggestion]:
    """The items with levels that never rise going down the list: a medium pick above a high one would say
    the ranking put a worse match first, so a level is capped at the one above it."""
    rank = {HIGH: 2, MEDIUM: 1, LOW: 0}
    capped: list[Suggestion] = []
    for item in items:
        if capped and rank[item.match] > rank[capped[-1].match]:
            item = replace(item, match=capped[-1].match)
        capped.append(item)
    return capped


def short_title(title: str) -> str:
    """"Women's Drumlin 2.5L Waterproof Shell Jacket – Blue" → "Drumlin 2.5L Waterproof Shell Jacket"."""
    text = re.split(r"\s+[–—-]\s+", title, maxsplit=1)[0]
    return re.sub(r"^(?:women'?s|men'?s|unisex|kids'?)\s+", "", text, flags=re.I).strip() or title


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _money(amount: float) -> str:
    return f"{amount:.0f}" if float(amount).is_integer() else f"{amount:.2f}"


def _answer(need: Need, tags: frozenset[str]) -> str:
    """The feature that meets a condition, the strongest first: "waterproof" for the rain before "water-resistant"."""
    return next((f for f in CONDITIONS.get(need.label, ()) if f in tags), sorted(need.accepts & tags)[0])


def reasons(index: LoadedIndex, fit: Fit, budget: float | None, anchor: tuple[str, float] | None) -> list[Reason]:
    """Every reason that holds for ``fit``, most telling first."""
    found: list[Reason] = []
    if fit.in_cart:
        found.append(Reason("in_cart", "still in your cart"))
    features = [n.label for n in fit.met if n.kind == "feature"]
    if features:
        found.append(Reason("features", f"{_and(features)}, as you asked", {"features": features}))
    cuts = [n.label for n in fit.met if n.kind == "cut"]
    if cuts:
        found.append(Reason("cut", f"{_and(cuts)} fit, as you asked", {"cut": cuts}))
    tags = index.tags("features")[fit.row]
    # A condition met by a feature already named ("waterproof, as you asked") would only say it again.
    conditions = [n for n in fit.met if n.kind == "condition" and not n.accepts & tags & set(features)]
    if conditions:
        answers = [f"{_answer(n, tags)} for the {n.label}" for n in conditions]
        found.append(Reason("conditions", _and(answers), {"conditions": [n.label for n in conditions]}))
    activities = [n.label for n in fit.met if n.kind == "activity"]
    if activities:
        found.append(Reason("activities", f"made for {_and(activities)}", {"activities": activities}))
    if fit.color:
        found.append(Reason("color", f"in {fit.color}, as you asked", {"color": fit.color}))
    if anchor is not None:
        found.append(Reason("like", f"like the {short_title(anchor[0])} you picked", {"cosine": anchor[1]}))
    if fit.similar_to is not None:
        source = fit.similar_to
        title = str(index.column("title")[source.row])
        text = (f"you {VERBS[source.kind]} this one" if source.row == fit.row
                else f"similar to the {short_title(title)} you {VERBS[source.kind]}")
        found.append(Reason("similar", text, {"sku": source.sku, "kind": source.kind}))
    if fit.complement_of is not None and index.has_sku(fit.complement_of):
        title = str(index.column("title")[index.row_of_sku(fit.complement_of)])
        found.append(Reason("complement", f"often bought with the {short_title(title)} you have",
                            {"sku": fit.complement_of}))
    if fit.habit is not None:
        found.append(Reason("habit", f"for {fit.habit}, like your earlier choices", {"activity": fit.habit}))
    price, paid = float(index.price[fit.row]), float(index.effective_price[fit.row])
    if fit.on_sale:
        text = f"on sale at {_money(paid)} instead of {_money(price)}"
        found.append(Reason("sale", text + (f", within your {_money(budget)} budget" if budget else ""),
                            {"price": price, "sale_price": paid}))
    elif budget:
        found.append(Reason("budget", f"within your {_money(budget)} budget", {"price": paid, "budget": budget}))
    if fit.new:
        found.append(Reason("new", "new arrival"))
    if fit.favourite_brand:
        found.append(Reason("brand", f"from {fit.favourite_brand}, a brand you like", {"brand": fit.favourite_brand}))
    if fit.popular:
        found.append(Reason("popular", "popular with other shoppers"))
    return found


def explain(index: LoadedIndex, fit: Fit, *, asked: bool, budget: float | None,
            anchor: tuple[str, float] | None = None) -> Suggestion:
    row = fit.row
    sale = float(index.sale_price[row])

    def text(name: str) -> str | None:
        value = index.column(name)[row]
        return None if value is None else str(value)

    return Suggestion(
        sku=str(index.skus[row]), title=str(index.column("title")[row]), brand=text("brand"),
        category=text("category"), price=float(index.price[row]), sale_price=None if sale != sale else sale,
        currency=text("currency"), image_url=text("image_url"), url=text("url"), score=fit.score,
        match=match_level(fit, asked),
        reasons=tuple({r.text: r for r in reasons(index, fit, budget, anchor)}.values())[:MAX_REASONS],
        similarity=round(fit.relevance, 4), coverage=round(fit.coverage, 4),
    )

