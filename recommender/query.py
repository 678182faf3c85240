"""Query understanding: what a shopper's free text implies as constraints and boosts.

"waterproof jacket for my daughter under 150" means: search "waterproof jacket for my daughter",
gender women, at most 150. The bot, the search box and ``outfitter search`` all read text through
:func:`understand`, so a phrase means the same thing everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

_NUMBER = r"(\d+(?:[.,]\d{1,2})?)"
_CURRENCY = r"(?:\s*(?:€|\$|£|₹|eur|euros?|usd|dollars?|gbp|pounds?|inr|rs\.?|rupees?|bucks))?"
_PRE = r"(?:€|\$|£|₹|rs\.?\s?)?"
BUDGET_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:between|from)\s+{_PRE}{_NUMBER}{_CURRENCY}\s+(?:and|to|-)\s+{_PRE}{_NUMBER}{_CURRENCY}",
                re.I), "range"),
    (re.compile(rf"(?<![\w.]){_PRE}{_NUMBER}{_CURRENCY}\s*(?:-|–|to)\s*{_PRE}{_NUMBER}{_CURRENCY}(?![\w.])",
                re.I), "range"),
    (re.compile(rf"(?:\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|upto|within|no more than|"
                rf"at most|budget(?: of| is)?)|<=?)\s*{_PRE}{_NUMBER}{_CURRENCY}", re.I), "max"),
    (re.compile(rf"(?:\b(?:over|above|more than|at least|min(?:imum)?|from)|>=?)\s*{_PRE}{_NUMBER}{_CURRENCY}",
                re.I), "min"),
]
WOMEN = re.compile(r"\b(?:women'?s?|woman'?s|ladies|lady'?s|female|girls?|for (?:my )?(?:daughter|wife|"
                   r"girlfriend|mum|mom|mother|sister|her|niece|aunt|grandma))\b", re.I)
MEN = re.compile(r"\b(?:men'?s?|man'?s|gents|male|boys?|for (?:my )?(?:son|husband|boyfriend|dad|father|"
                 r"brother|him|nephew|uncle|grandpa))\b", re.I)


@dataclass(frozen=True)
class Filters:
    """Hard constraints. ``None`` means no constraint on that field."""

    gender: str | None = None
    category: str | None = None
    min_price: float | None = None
    max_price: float | None = None
    color: str | None = None
    size: str | None = None
    in_stock: bool | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> Filters:
        data = data or {}
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown filter(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(cls.__dataclass_fields__)}")
        return cls(**data)

    def overridden_by(self, explicit: Filters) -> Filters:
        """These filters with every field ``explicit`` sets replaced by its value."""
        changes = {name: getattr(explicit, name) for name in self.__dataclass_fields__
                   if getattr(explicit, name) is not None}
        return replace(self, **changes)


@dataclass(frozen=True)
class Query:
    text: str  # what is embedded: the shopper's words without the budget phrase
    filters: Filters = field(default_factory=Filters)
    boost_colors: tuple[str, ...] = ()


def _amount(raw: str) -> float:
    return float(raw.replace(",", "."))


def parse_budget(text: str) -> tuple[float | None, float | None, str]:
    """(min, max, text without the budget phrase); both None when the text names no budget."""
    for pattern, kind in BUDGET_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        rest = (text[: match.start()] + " " + text[match.end():]).strip()
        rest = re.sub(r"\s{2,}", " ", rest)
        if kind == "range":
            low, high = sorted((_amount(match.group(1)), _amount(match.group(2))))
            return low, high, rest
        value = _amount(match.group(1))
        return (None, value, rest) if kind == "max" else (value, None, rest)
    return None, None, text


def parse_gender(text: str) -> str | None:
    women, men = WOMEN.search(text), MEN.search(text)
    if women and not men:
        return "women"
    if men and not women:
        return "men"
    return None


def word_forms(phrase: str) -> list[str]:
    """The singular and plural spellings a shopper may use for a catalog phrase ("jackets", "jacket")."""
    forms = {phrase, phrase.rstrip("s"), phrase + "s"}
    if phrase.endswith("es"):
        forms.add(phrase[:-2])
    return [form for form in forms if form]


def _phrase_in(phrase: str, text: str) -> bool:
    return any(re.search(rf"\b{re.escape(form)}\b", text) for form in word_forms(phrase))


def parse_category(text: str, categories: Iterable[str]) -> str | None:
    """The catalog category the text names, preferring the longest ("rain jackets" over "jackets")."""
    lowered = text.lower()
    named = [c for c in categories if c and _phrase_in(c.lower(), lowered)]
    return max(named, key=len) if named else None


def parse_colors(text: str, colors: Iterable[str]) -> tuple[str, ...]:
    lowered = text.lower()
    return tuple(sorted({c for c in colors if c and re.search(rf"\b{re.escape(c.lower())}\b", lowered)}))


def understand(text: str, categories: Iterable[str] = (), colors: Iterable[str] = (),
               explicit: Filters | None = None) -> Query:
    """Read constraints and boosts out of free text; ``explicit`` filters win over implied ones."""
    low, high, rest = parse_budget(text)
    implied = Filters(gender=parse_gender(text), category=parse_category(text, categories),
                      min_price=low, max_price=high)
    filters = implied.overridden_by(explicit) if explicit else implied
    return Query(text=rest or text, filters=filters, boost_colors=parse_colors(text, colors))
