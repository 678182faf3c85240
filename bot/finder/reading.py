"""What one message says about the finder's questions, read against the catalog's own vocabulary.

Buttons, entities from the NLU model and free text all pass through :func:`read_message`, so "waterproof",
a tap on "Waterproof" and DIET's ``feature`` entity end up as the same answer. Entity values the catalog
does not know are matched to its closest word, which forgives typos ("waterprof", "hikng").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from bot.finder.budget import Budget, read_budget
from recommender.index.loaded import LoadedIndex
from recommender.query import parse_gender, word_forms
from recommender.ranking.cuts import read_cut
from recommender.ranking.wishes import ACTIVITY_WORDS, CONDITION_WORDS, CONDITIONS, FEATURE_WORDS, Vocabulary

# Asked in this order. "fit" is who it is for (its name predates the cut, and stored answers keep it);
# "cut" is the fit of the garment: regular, slim, relaxed, athletic, plus size.
QUESTIONS = ("category", "activity", "conditions", "features", "fit", "cut", "budget")
ANY = "any"  # the shopper said "no preference"
SKIPPED = "not asked"  # the finder chose not to ask (already clear, or the catalog offers no choice)
LIST_QUESTIONS = ("conditions", "features")
CLOSE_MATCH = 0.82
SIZE = re.compile(r"\bsize\s+([a-z0-9/]+(?:\s*person)?)\b", re.I)
UNISEX = re.compile(r"\b(?:unisex|anyone|either|both)\b", re.I)
_CONDITION_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, CONDITION_WORDS), key=len, reverse=True))
                                + r")\b", re.I)


def slot_value(value: Any) -> Any:
    """A slot's value as the finder reads it: Rasa stores ``SKIPPED`` and ``ANY`` in a list slot as a
    one-item list."""
    if isinstance(value, list) and len(value) == 1 and value[0] in (ANY, SKIPPED):
        return value[0]
    return value


def vocabulary(index: LoadedIndex) -> Vocabulary:
    return index.memo("vocabulary", Vocabulary.of)


def _found(pattern: re.Pattern[str] | None, text: str) -> list[str]:
    return [m.lower() for m in pattern.findall(text)] if pattern and text else []


def _closest(value: str, options: Iterable[str]) -> str | None:
    options = list(options)
    value = value.strip().lower()
    if value in options:
        return value
    for form in word_forms(value):
        if form in options:
            return form
    close = difflib.get_close_matches(value, options, n=1, cutoff=CLOSE_MATCH)
    return close[0] if close else None


def _entities(entities: Iterable[Mapping[str, Any]], name: str) -> list[str]:
    return [str(e.get("value")) for e in entities if e.get("entity") == name and e.get("value") is not None]


def _category(values: list[str], text: str, vocab: Vocabulary) -> str | None:
    """A catalog category, or the kind of product ("jacket") when the words name several."""
    for value in values:
        if found := _closest(value, vocab.category_of_form):
            return vocab.category_of_form[found]
        if found := _closest(value, vocab.categories_of_kind):
            return found
        text = f"{value} {text}"
    if found := _found(vocab.categories, text):
        return vocab.category_of_form[max(found, key=len)]
    if found := _found(vocab.kinds, text):
        return found[0]
    return None


def _activity(values: list[str], text: str, index: LoadedIndex, vocab: Vocabulary) -> str | None:
    known = index.memo("activity names", lambda ix: sorted({t for tags in ix.tags("activities") for t in tags if t}))
    words = [*values, *_found(vocab.activities, text)]
    for word in words:
        word = ACTIVITY_WORDS.get(word.lower(), word.lower())
        if found := _closest(word, [*known, *ACTIVITY_WORDS]):
            return ACTIVITY_WORDS.get(found, found)
    return None


def _conditions(values: list[str], text: str) -> list[str]:
    words = [*values, *_found(_CONDITION_PATTERN, text)]
    found = []
    for word in words:
        close = _closest(word, [*CONDITIONS, *CONDITION_WORDS])
        if close:
            found.append(CONDITION_WORDS.get(close, close))
    return list(dict.fromkeys(c for c in found if c in CONDITIONS))


def _features(values: list[str], text: str, index: LoadedIndex, vocab: Vocabulary) -> list[str]:
    known = index.memo("feature names", lambda ix: sorted({t for tags in ix.tags("features") for t in tags if t}))
    words = [*values, *_found(vocab.features, text)]
    found = []
    for word in words:
        close = _closest(FEATURE_WORDS.get(word.lower(), word), [*known, *FEATURE_WORDS])
        if close:
            found.append(FEATURE_WORDS.get(close, close))
    return list(dict.fromkeys(f for f in found if f in known))


def _fit(values: list[str], text: str) -> str | None:
    for value in values:
        if close := _closest(value, ["women", "men", "unisex"]):
            return close
        if gender := parse_gender(value):
            return gender
    if gender := parse_gender(text):
        return gender
    return "unisex" if UNISEX.search(text) else None


def _size(values: list[str], text: str, index: LoadedIndex) -> str | None:
    sizes = index.memo("size names", lambda ix: sorted({t for tags in ix.tags("sizes") for t in tags if t}))
    match = SIZE.search(text)
    for value in [*values, *([match.group(1)] if match else [])]:
        if value.strip().lower() in sizes:
            return value.strip().lower()
    return None


def read_message(text: str, entities: Iterable[Mapping[str, Any]], index: LoadedIndex,
                 prices: np.ndarray) -> dict[str, Any]:
    """Every answer the message gives: the finder's questions plus ``colour``, ``size`` and ``brand``.

    ``prices`` are the prices of the products that fit so far, which "cheap" is read against. A button's
    payload ("/inform{...}") carries its answer as entities; its text is not read.
    """
    entities = list(entities)
    vocab = vocabulary(index)
    words = "" if text.startswith("/") else text
    read: dict[str, Any] = {
        "category": _category(_entities(entities, "category"), words, vocab),
        "activity": _activity(_entities(entities, "activity"), words, index, vocab),
        "conditions": _conditions(_entities(entities, "condition"), words),
        "features": _features(_entities(entities, "feature"), words, index, vocab),
        "fit": _fit(_entities(entities, "gender"), words),
        "cut": read_cut(words),
        "colour": _first_known(_entities(entities, "color") + _found(vocab.colors, words), index.distinct("color")),
        "size": _size(_entities(entities, "size"), words, index),
        "brand": _brand(_entities(entities, "brand"), words, index),
    }
    budget = next((b for b in (read_budget(v, prices) for v in _entities(entities, "price")) if b), None)
    read["budget"] = budget or read_budget(words, prices)
    return {name: value for name, value in read.items() if value not in (None, [])}


def _first_known(values: list[str], known: list[str]) -> str | None:
    return next((found for value in values if (found := _closest(value, known))), None)


def _brand(values: list[str], text: str, index: LoadedIndex) -> str | None:
    brands = index.distinct("brand")
    if found := _first_known(values, brands):
        return found
    lowered = text.lower()
    return next((b for b in sorted(brands, key=len, reverse=True) if re.search(rf"\b{re.escape(b)}\b", lowered)),
                None)


def budget_of(value: Any) -> Budget | None:
    """A budget slot's value back as a :class:`Budget` (None when unanswered or skipped)."""
    if value == ANY:
        return Budget()
    if isinstance(value, Mapping):
        return Budget(value.get("min"), value.get("max"))
    return None
