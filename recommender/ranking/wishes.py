"""Query understanding for suggestions: the finder's answers and the free text as one set of wishes.

The answers and the words a shopper types say the same kinds of thing ("waterproof", "for hiking", "under
200"), so both are read against the catalog's own vocabulary: what a product can be matched on is what the
catalog states. Hard constraints become filters; everything else becomes *needs* the re-ranker scores and
the explanation names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recommender.index.loaded import LoadedIndex
from recommender.query import Filters, parse_budget, parse_category, parse_gender, word_forms
from recommender.ranking.cuts import CUTS

# What a condition asks of a product: any one of these features answers it.
CONDITIONS: dict[str, tuple[str, ...]] = {
    "rain": ("waterproof", "water-resistant"),
    "snow": ("waterproof", "insulated", "warm"),
    "cold": ("insulated", "warm"),
    "heat": ("breathable", "ventilated", "quick-dry", "uv-protection"),
    "wind": ("windproof",),
    "sun": ("uv-protection", "breathable"),
}
CONDITION_WORDS = {
    "rain": "rain", "rainy": "rain", "wet": "rain", "showers": "rain", "downpour": "rain", "drizzle": "rain",
    "snow": "snow", "snowy": "snow", "cold": "cold", "freezing": "cold", "winter": "cold", "chilly": "cold",
    "heat": "heat", "hot": "heat", "warm weather": "heat", "summer": "heat", "humid": "heat",
    "wind": "wind", "windy": "wind", "gusty": "wind", "sun": "sun", "sunny": "sun",
}
# Shoppers' words for features the catalog names otherwise.
FEATURE_WORDS = {
    "water proof": "waterproof", "rainproof": "waterproof", "light": "lightweight", "light weight": "lightweight",
    "ultralight": "lightweight", "packs small": "packable", "packs down": "packable", "wind proof": "windproof",
    "quick dry": "quick-dry", "quick drying": "quick-dry", "fast drying": "quick-dry", "hood": "hooded",
    "with a hood": "hooded", "stretchy": "stretch", "eco": "recycled", "sustainable": "recycled",
    "high vis": "reflective", "hi-vis": "reflective", "grippy": "grippy outsole", "cushioning": "cushioned",
}
ACTIVITY_WORDS = {"hike": "hiking", "hikes": "hiking", "trekking": "hiking", "trek": "hiking",
                  "running": "trail running", "run": "trail running", "ski": "skiing", "camp": "camping",
                  "climb": "climbing", "bike": "cycling", "biking": "cycling", "commute": "everyday",
                  "commuting": "everyday", "city": "everyday", "travelling": "travel", "traveling": "travel"}
NO_PREFERENCE = {"", "any", "anything", "no preference", "none", "doesn't matter", "dont care", "don't care"}


@dataclass(frozen=True)
class Need:
    """One thing the shopper asked for that a product either has or lacks."""

    kind: str  # "kind" (of product), "feature", "condition", "activity" or "cut"
    label: str  # the shopper's term: "waterproof", "rain", "hiking"
    column: str  # the product attribute it is checked against
    accepts: frozenset[str]  # any of these values in that attribute meets the need


@dataclass(frozen=True)
class Wishes:
    text: str  # what the dense and lexical searches look for
    filters: Filters
    needs: tuple[Need, ...] = ()
    colors: tuple[str, ...] = ()  # preferred colours: a boost, not a constraint
    specific: bool = False  # the shopper said enough that their history should count for less

    @property
    def budget(self) -> float | None:
        return self.filters.max_price


@dataclass(frozen=True)
class Vocabulary:
    """The catalog's words, compiled once per index version."""

    categories: re.Pattern[str] | None
    colors: re.Pattern[str] | None
    features: re.Pattern[str] | None
    activities: re.Pattern[str] | None
    kinds: re.Pattern[str] | None  # the last word of a category: "jacket" names three categories
    categories_of_kind: dict[str, frozenset[str]] = field(default_factory=dict)
    category_of_form: dict[str, str] = field(default_factory=dict)  # "rain jacket" -> "rain jackets"

    @classmethod
    def of(cls, index: LoadedIndex) -> Vocabulary:
        features = {t for tags in index.tags("features") for t in tags if t}
        activities = {t for tags in index.tags("activities") for t in tags if t}
        categories = index.distinct("category")
        of_kind: dict[str, set[str]] = {}
        for category in categories:
            for form in word_forms(category.split()[-1]):
                of_kind.setdefault(form, set()).add(category)
        of_form = {form: category for category in categories for form in word_forms(category)}
        return cls(_alternation(of_form), _alternation(index.distinct("color")),
                   _alternation([*features, *(w for w, f in FEATURE_WORDS.items() if f in features)]),
                   _alternation([*activities, *(w for w, a in ACTIVITY_WORDS.items() if a in activities)]),
                   _alternation(of_kind), {kind: frozenset(c) for kind, c in of_kind.items()}, of_form)


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({w.lower() for w in words if w}, key=len, reverse=True)  # longest first wins
    return re.compile(r"\b(" + "|".join(map(re.escape, ordered)) + r")\b", re.I) if ordered else None


def _found(pattern: re.Pattern[str] | None, text: str) -> list[str]:
    return [m.lower() for m in pattern.findall(text)] if pattern and text else []


def _words(value: Any) -> list[str]:
    """An answer as a list of lower-cased words; "no preference" and None as none."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple | set | frozenset) else [value]
    words = [str(item).strip().lower() for item in items]
    return [w for w in words if w not in NO_PREFERENCE]


def _category_of(words: list[str], vocab: Vocabulary) -> str | None:
    """The catalog category the first of ``words`` that names one names, read as the search reads it
    (:func:`recommender.query.parse_category`: "kurta with trousers" asks for kurtas)."""
    categories = sorted(set(vocab.category_of_form.values()))
    for word in words:
        if _found(vocab.categories, word) and (category := parse_category(word, categories)):
            return category
    return None


def _budget(value: Any) -> tuple[float | None, float | None]:
    if value is None or (isinstance(value, str) and value.strip().lower() in NO_PREFERENCE):
        return None, None
    if isinstance(value, int | float):
        return None, float(value)
    if isinstance(value, Mapping):
        low, high = value.get("min"), value.get("max")
        return (None if low is None else float(low)), (None if high is None else float(high))
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    text = str(value)
    low, high, _ = parse_budget(text)
    if low is None and high is None and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", text):
        return None, float(text.replace(",", "."))
    return low, high


def _needs(kind: str, labels: Iterable[str], column: str, resolve: Mapping[str, tuple[str, ...]]) -> list[Need]:
    return [Need(kind, label, column, frozenset(resolve.get(label, (label,)))) for label in labels]


def understand_request(index: LoadedIndex, text: str, answers: Mapping[str, Any], explicit: Filters) -> Wishes:
    """The wishes behind free text and answers; ``explicit`` filters win over what either implies."""
    vocab: Vocabulary = index.memo("vocabulary", Vocabulary.of)
    low, high, rest = parse_budget(text) if text else (None, None, "")
    answer_low, answer_high = _budget(answers.get("budget"))
    fit = " ".join(_words(answers.get("fit")))
    gender = parse_gender(fit) or ("women" if "women" in fit else "men" if "men" in fit else None)
    category_words = _words(answers.get("category")) + ([text] if text else [])
    implied = Filters(gender=gender or parse_gender(text), category=_category_of(category_words, vocab),
                      min_price=answer_low if answer_low is not None else low,
                      max_price=answer_high if answer_high is not None else high)
    filters = implied.overridden_by(explicit)

    feature_words = _words(answers.get("features")) + _found(vocab.features, rest)
    features = list(dict.fromkeys(FEATURE_WORDS.get(w, w) for w in feature_words))
    condition_words = _words(answers.get("conditions")) + _found(_CONDITION_PATTERN, rest)
    conditions = list(dict.fromkeys(CONDITION_WORDS.get(w, w) for w in condition_words))
    cuts = [c for c in _words(answers.get("cut")) if c in CUTS]  # the finder's fit question: "slim", "relaxed"
    activity_words = _words(answers.get("activity")) + _found(vocab.activities, rest)
    activities = list(dict.fromkeys(ACTIVITY_WORDS.get(w, w) for w in activity_words))
    kinds = [] if filters.category else list(dict.fromkeys(_found(vocab.kinds, " ".join(category_words))))
    needs = ([Need("kind", kind, "category", vocab.categories_of_kind[kind]) for kind in kinds[:1]]
             + _needs("feature", features, "features", {})
             + _needs("condition", [c for c in conditions if c in CONDITIONS], "features", CONDITIONS)
             + _needs("activity", activities, "activities", {})
             + _needs("cut", cuts, "cut", {}))
    colors = tuple(dict.fromkeys(_words(answers.get("colour")) + _found(vocab.colors, rest)))

    # The embedded text says everything the shopper said in their words, and what only the answers said.
    said = rest.lower()
    answered = [w for w in [*activities, *features, *(f"for {c}" for c in conditions), *(f"{c} fit" for c in cuts),
                            filters.category or ""]
                if w and w.removeprefix("for ") not in said]
    search_text = " ".join([*answered, rest]).strip()
    specific = bool(filters.category) + len(needs) + bool(rest.split()[3:]) >= 2
    return Wishes(search_text, filters, tuple(needs), colors, specific)


_CONDITION_PATTERN = _alternation(CONDITION_WORDS)

