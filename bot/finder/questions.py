"""Which question the finder asks next, and the buttons it offers: drawn from the products that still fit.

A question whose buttons would offer fewer than two choices is not asked (tents come in one fit), and a
shopper whose opening message already says enough goes straight to suggestions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bot.finder.budget import bands, shop_currency
from bot.finder.reading import ANY, QUESTIONS, SKIPPED
from recommender.index.loaded import LoadedIndex
from recommender.query import Filters
from recommender.ranking.cuts import cut_counts, cuts_of
from recommender.ranking.wishes import CONDITIONS, understand_request
from recommender.search import filter_mask

ENOUGH_TO_SUGGEST = 3  # questions an opening message must answer to skip the rest
MAX_BUTTONS = {"category": 8, "activity": 6, "conditions": 6, "features": 6, "fit": 3, "cut": 5, "budget": 4}
MIN_NARROWED = 5  # a soft need narrows the buttons' products only while this many remain
MIN_CUT = 3  # a cut is offered when this many products that fit say it: a page of suggestions
ENTITY_OF = {"category": "category", "activity": "activity", "conditions": "condition", "features": "feature",
             "fit": "gender", "cut": None, "budget": "price"}
PROMPTS = {
    "category": "What are you looking for?",
    "activity": "What will you mostly use it for?",
    "conditions": "What conditions should it handle?",
    "features": "Which features matter most? Tap one, or tell me a few.",
    "fit": "Who is it for?",
    "cut": "Which fit do you like?",
    "budget": "What's your budget?",
}
NO_PREFERENCE_BUTTON = {"title": "No preference", "payload": "/no_preference"}


@dataclass(frozen=True)
class Option:
    title: str
    value: str  # what the button's payload sets


@dataclass(frozen=True)
class Question:
    slot: str
    text: str
    options: tuple[Option, ...]

    def buttons(self) -> list[dict[str, str]]:
        entity = ENTITY_OF[self.slot]
        # The cut is no entity of the model (entity F1 is measured on the shop's words, and "slim fit jeans"
        # names jeans): its buttons send their words, which the finder reads as typed.
        return [*({"title": o.title, "payload": o.title if entity is None else
                   "/inform" + json.dumps({entity: o.value}, separators=(",", ":"))} for o in self.options),
                NO_PREFERENCE_BUTTON]


def answered(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as ``suggest`` reads them: unanswered and skipped questions left out, "any" as None."""
    return {q: (None if v == ANY else v) for q, v in answers.items() if v is not None and v != SKIPPED}


def candidates(index: LoadedIndex, answers: Mapping[str, Any]) -> np.ndarray:
    """Rows of the in-stock products that fit the answers so far; soft needs narrow while enough remain."""
    wishes = understand_request(index, "", answered(answers), Filters())
    mask = filter_mask(index, replace(wishes.filters, in_stock=True))
    rows = np.ones(len(index), dtype=bool) if mask is None else mask
    for need in wishes.needs:
        narrowed = rows & np.fromiter((bool(tags & need.accepts) for tags in _values(index, need.column)),
                                      dtype=bool, count=len(index))
        if narrowed.sum() >= MIN_NARROWED:
            rows = narrowed
    return rows


def _values(index: LoadedIndex, column: str) -> list[frozenset[str]]:
    if column == "cut":
        return cuts_of(index)
    if column == "category":
        return index.memo("category sets", lambda ix: [frozenset([c or ""]) for c in ix.column("category")])
    return index.tags(column)


def options(index: LoadedIndex, slot: str, rows: np.ndarray, answers: Mapping[str, Any]) -> list[Option]:
    """The choices the catalog offers for one question among ``rows``, most common first."""
    picked = np.flatnonzero(rows)
    limit = MAX_BUTTONS[slot]
    if slot == "category":
        counts = Counter(c for c in index.column("category")[picked] if c)
        return [Option(c.capitalize(), c) for c, _ in counts.most_common(limit)]
    if slot in ("activity", "features"):
        column = "activities" if slot == "activity" else "features"
        tags = index.tags(column)
        taken = set(answers.get("features") or []) if slot == "features" else set()
        counts = Counter(t for row in picked for t in tags[row] if t and t not in taken)
        return [Option(t.capitalize(), t) for t, _ in counts.most_common(limit)]
    if slot == "conditions":
        features = index.tags("features")
        counts = {c: sum(bool(features[row] & set(fs)) for row in picked) for c, fs in CONDITIONS.items()}
        return [Option(c.capitalize(), c) for c, n in counts.items() if n][:limit]
    if slot == "fit":
        genders = {g.lower() for g in index.column("gender")[picked] if g}
        audiences = [g for g in ("women", "men", "unisex", "girls", "boys", "kids") if g in genders]
        if len(set(audiences) - {"unisex"}) < 2:
            return []  # one fit (tents, bags) is no choice
        return [Option(g.capitalize(), g) for g in audiences]
    if slot == "cut":
        return [Option(f"{c.capitalize()} fit" if c != "plus size" else "Plus size", c)
                for c, n in cut_counts(index, rows).items() if n >= MIN_CUT][:limit]
    if slot == "budget":
        sign = shop_currency(index)
        return [Option(b.label(sign).capitalize(), _budget_words(b)) for b in bands(index.effective_price[picked])]
    raise ValueError(f"question {slot!r}: not one of {', '.join(QUESTIONS)}")


def _budget_words(budget: Any) -> str:
    if budget.min is not None and budget.max is not None:
        return f"{budget.min:g}-{budget.max:g}"
    return f"under {budget.max:g}" if budget.max is not None else f"over {budget.min:g}"


def plan(index: LoadedIndex, answers: dict[str, Any], *, opening: bool, done: bool) -> dict[str, Any]:
    """The answers with every question that will not be asked marked ``SKIPPED``, up to the next one to ask.

    ``opening``: this is the message that started the finder; if it answered enough questions, the rest are
    not asked. ``done``: suggestions were shown already; a change of answer asks nothing new.
    """
    planned = dict(answers)
    given = sum(1 for q in QUESTIONS if answers.get(q) not in (None, SKIPPED))
    if done or (opening and given >= ENOUGH_TO_SUGGEST):
        return {q: SKIPPED if planned.get(q) is None else planned[q] for q in QUESTIONS}
    for slot in QUESTIONS:
        if planned.get(slot) is not None:
            continue
        if len(options(index, slot, candidates(index, planned), planned)) >= 2:
            break
        planned[slot] = SKIPPED
    return planned


def question(index: LoadedIndex, slot: str, answers: Mapping[str, Any]) -> Question:
    return Question(slot, PROMPTS[slot], tuple(options(index, slot, candidates(index, answers), answers)))
