"""Query understanding: what a shopper's free text implies as constraints and boosts.

"waterproof jacket for my daughter under 150" means: search "waterproof jacket for my daughter",
gender girls, at most 150. The bot, the search box and ``outfitter search`` all read text through
:func:`understand`, so a phrase means the same thing everywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from recommender.catalog.product_types import split_extras, type_in

# An amount as shoppers write it: "1500", "99.50", "12,50" (a decimal comma), "1,500" and "1,50,000" (thousands
# separators, Indian grouping too), "2k" and "1.5k" (thousands).
_GROUPED = r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?![\d,])"
_NUMBER = rf"((?:{_GROUPED}(?:\.\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?)(?![\d,])(?:\s?k\b)?)"
_THOUSANDS = re.compile(rf"{_GROUPED}(?:\.\d{{1,2}})?")
_CURRENCY_WORDS = r"eur|euros?|usd|dollars?|gbp|pounds?|inr|rs\.?|rupees?|bucks"
_CURRENCY = rf"(?:\s*(?:€|\$|£|₹|/-|\b(?:{_CURRENCY_WORDS})(?![\w])))?"
_PRE = r"(?:(?:€|\$|£|₹|\b(?:rs\.?|inr|usd|eur|gbp))\s?)?"
# "under 2 kg", "over 30 l", "about 4 people": a number with a unit other than money is no budget.
_NOT_MONEY = (r"(?!\s*(?:people|persons?|kg|kilos?|g|grams?|l|litres?|liters?|ml|cm|mm|m|inch(?:es)?|ft|feet|"
              r"years?|yrs?|months?|days?|hours?|nights?|km|miles?|pcs|pieces|pack|seasons?|%)\b)")
_AMOUNT = rf"{_PRE}{_NUMBER}{_NOT_MONEY}{_CURRENCY}"
AMOUNT = _AMOUNT  # an amount of money with its sign or word, if any; one group: the number, for :func:`amount`
AROUND_SPREAD = 0.2  # "around 100" is 80-120
BUDGET_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:between|from)\s+{_AMOUNT}\s+(?:and|to|-)\s+{_AMOUNT}", re.I), "range"),
    (re.compile(rf"(?<![\w.]){_AMOUNT}\s*(?:-|–|to)\s*{_AMOUNT}(?![\w.])", re.I), "range"),
    (re.compile(rf"(?:\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|upto|within|no more than|"
                rf"not more than|at most|budget(?: of| is)?)|<=?)\s*{_AMOUNT}", re.I), "max"),
    (re.compile(rf"(?:\b(?:over|above|more than|at least|min(?:imum)?|from)|>=?)\s*{_AMOUNT}", re.I), "min"),
    (re.compile(rf"(?:\b(?:around|about|roughly|approx(?:imately|\.)?|circa)|~)\s*{_AMOUNT}", re.I), "around"),
    # An amount marked as money and nothing else ("₹800", "rs 500", "2000 rupees", "1500/-") is what the shopper
    # means to spend at most.
    (re.compile(rf"(?<![\w.,])(?:(?:€|\$|£|₹)\s?|\b(?:rs\.?|inr|usd|eur|gbp)\s?){_NUMBER}"
                rf"|(?<![\w.,]){_NUMBER}\s?(?:€|\$|£|₹|/-|\b(?:{_CURRENCY_WORDS})(?![\w]))", re.I), "money"),
]
# Who a product is for. Children are their own audience: "for my daughter" asks for girls' products.
AUDIENCE_WORDS: dict[str, re.Pattern[str]] = {
    "kids": re.compile(r"\b(?:(?:unisex )?kids?'?s?|kid's|child(?:ren)?'?s?|toddlers?'?s?|infants?'?s?|"
                       r"for (?:my |our |a )?(?:child|kid|little ones?|toddler|baby|babies))\b", re.I),
    "boys": re.compile(r"\b(?:boys?'?s?|boy's|sons?|grandsons?|nephews?)\b", re.I),
    "girls": re.compile(r"\b(?:girls?'?s?|girl's|daughters?|granddaughters?|nieces?)\b", re.I),
    "women": re.compile(r"\b(?:women'?s?|woman'?s|ladies|lady'?s|female|for (?:my )?(?:wife|girlfriend|mum|mom|"
                        r"mother|sister|her|aunt|grandma))\b", re.I),
    "men": re.compile(r"\b(?:men'?s?|man'?s|gents|male|for (?:my )?(?:husband|boyfriend|dad|father|brother|him|"
                      r"uncle|grandpa))\b", re.I),
}
CHILDREN = frozenset({"boys", "girls", "kids"})
# The products' genders a filter on an audience admits (a product that states none fits anyone). Unisex is for
# adults: a unisex backpack is no child's; children's products are never an answer to a men's or women's filter.
ADMITS: dict[str, frozenset[str]] = {
    "men": frozenset({"men", "unisex"}), "women": frozenset({"women", "unisex"}), "unisex": frozenset({"unisex"}),
    "boys": frozenset({"boys", "kids"}), "girls": frozenset({"girls", "kids"}),
    "kids": frozenset({"boys", "girls", "kids"}),
}


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


def amount(raw: str) -> float:
    """A number as :data:`_NUMBER` reads it: "1,500" is fifteen hundred, "12,50" twelve and a half, "2k" 2000."""
    text = raw.strip().lower()
    thousands = text.endswith("k")
    text = text.removesuffix("k").strip()
    text = text.replace(",", "") if _THOUSANDS.fullmatch(text) else text.replace(",", ".")
    return float(text) * (1000 if thousands else 1)


def parse_budget(text: str) -> tuple[float | None, float | None, str]:
    """(min, max, text without the budget phrase); both None when the text names no budget."""
    for pattern, kind in BUDGET_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        values = [amount(group) for group in match.groups() if group]
        if kind == "range":
            low, high = sorted(values[:2])
        elif kind == "around":
            low, high = round(values[0] * (1 - AROUND_SPREAD), 2), round(values[0] * (1 + AROUND_SPREAD), 2)
        else:
            low, high = (values[0], None) if kind == "min" else (None, values[0])
        if not all(math.isfinite(bound) for bound in (low, high) if bound is not None):
            continue  # hundreds of digits overflow a float to infinity: no price anyone means
        rest = (text[: match.start()] + " " + text[match.end():]).strip()
        return low, high, re.sub(r"\s{2,}", " ", rest)
    return None, None, text


def parse_gender(text: str) -> str | None:
    """The audience the text names: ``men``, ``women``, ``boys``, ``girls`` or ``kids``; None when it names
    none, or adults and children both ("for men and boys"). A son and a daughter together are ``kids``."""
    named = {audience for audience, pattern in AUDIENCE_WORDS.items() if pattern.search(text)}
    children, adults = named & CHILDREN, named - CHILDREN
    if children and adults:
        return None
    if children:
        return children.pop() if len(children) == 1 else "kids"
    return adults.pop() if len(adults) == 1 else None


def admitted_genders(audience: str) -> frozenset[str]:
    """The product genders a filter on ``audience`` admits, besides products that state none."""
    wanted = audience.strip().lower()
    return ADMITS.get(wanted, frozenset({wanted}))


def word_forms(phrase: str) -> list[str]:
    """The singular and plural spellings a shopper may use for a catalog phrase ("jackets", "jacket")."""
    forms = {phrase, phrase.rstrip("s"), phrase + "s"}
    if phrase.endswith("es"):
        forms.add(phrase[:-2])
    return [form for form in forms if form]


def parse_category(text: str, categories: Iterable[str]) -> str | None:
    """The catalog category the text names, read as a title is (:mod:`recommender.catalog.product_types`): the
    product type a shop's vocabulary finds ("a t shirt and shorts set" is t-shirts) when the catalog has it, else
    the category named nearest the end of the request's first part, the longest winning at one end ("rain
    jackets" over "jackets")."""
    by_name = {c.lower(): c for c in categories if c}
    if (kind := type_in(text)) and kind in by_name:
        return by_name[kind]
    for part in split_extras(text.lower()):
        ends = {c: max((m.end() for form in word_forms(name) for m in re.finditer(rf"\b{re.escape(form)}\b", part)),
                       default=-1) for name, c in by_name.items()}
        named = [(end, len(c), c) for c, end in ends.items() if end >= 0]
        if named:
            return max(named)[2]
    return None


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
