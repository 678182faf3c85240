"""What a caller asks ``suggest`` for, and what it gets back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from recommender.query import Filters

HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True)
class SuggestRequest:
    """One request for suggestions.

    ``answers`` are the finder's answers by question (``activity``, ``conditions``, ``features``, ``fit``,
    ``budget``, ``category``, ``colour``); a value may be a word, a list of words, or None for "no
    preference". ``filters`` are hard constraints and win over anything the answers or text imply.
    """

    text: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)
    filters: Filters = field(default_factory=Filters)
    exclude: frozenset[str] = frozenset()  # skus never to suggest (already shown, dismissed)
    exclude_brands: frozenset[str] = frozenset()
    k: int = 10
    more_like: str | None = None  # a sku: suggestions lean towards it
    not_like: str | None = None  # a sku: it and products close to it are left out
    shopper_id: str | None = None  # the caller resolves it to a profile; kept for logs and evaluation

    @property
    def constraints(self) -> Filters:
        """The filters, in stock unless they say otherwise: a suggestion the shopper cannot buy is a bad one."""
        return self.filters if self.filters.in_stock is not None else replace(self.filters, in_stock=True)


@dataclass(frozen=True)
class Reason:
    """Why a product was suggested, in plain words, with the fact that makes it true.

    ``code`` names the kind of reason; ``evidence`` holds what was checked (the matched features, the
    history product it resembles, the sale and list price), so a test can hold each claim to its cause.
    """

    code: str
    text: str
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    sku: str
    title: str
    brand: str | None
    category: str | None
    price: float
    sale_price: float | None
    currency: str | None
    image_url: str | None
    url: str | None
    score: float
    match: str  # HIGH, MEDIUM or LOW
    reasons: tuple[Reason, ...] = ()
    similarity: float = 0.0  # cosine to what was asked: with coverage, what the match level is read from
    coverage: float = 1.0  # share of the stated needs the product meets

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__
                if name not in ("reasons", "similarity", "coverage")}
        data["score"] = round(self.score, 5)
        data["reasons"] = [{"code": r.code, "text": r.text} for r in self.reasons]
        return data


@dataclass(frozen=True)
class Suggestions:
    items: list[Suggestion]
    filters: Filters  # the hard constraints that were applied, stated and implied
    search_text: str  # what was searched for, composed from the answers and the free text

    @property
    def skus(self) -> list[str]:
        return [item.sku for item in self.items]
