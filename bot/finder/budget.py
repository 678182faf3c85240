"""A budget from the words a shopper uses: "under 150", "100-200 euros", "cheap", "money's no object"."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from recommender.catalog.currency import DEFAULT_SIGN, currency_sign, main_currency
from recommender.index.loaded import LoadedIndex
from recommender.query import AMOUNT, AROUND_SPREAD, amount, parse_budget

CHEAP = re.compile(r"\b(?:cheap(?:est|er)?|budget[- ]friendly|budget (?:option|ones?)|affordable|inexpensive|"
                   r"low[- ]?cost|bargain|not (?:too|very|that) (?:expensive|pricey|dear)|on a (?:budget|shoestring)|"
                   r"as little as possible)\b", re.I)
SPLURGE = re.compile(r"\b(?:no (?:budget|limit|max(?:imum)?)|money'?s? (?:is )?no object|whatever it costs|"
                     r"(?:price|cost|money) (?:doesn'?t|does not|don'?t) matter|don'?t care (?:about|what) (?:the )?"
                     r"(?:price|cost)|best money can buy|sky'?s the limit|any (?:price|budget))\b", re.I)
# Amounts as recommender.query reads them: "₹1,500", "2k", "rs 800", "50 bucks".
AROUND = re.compile(rf"\b(?:around|about|roughly|approx(?:imately)?|circa)\s*{AMOUNT}|~\s*{AMOUNT}"
                    rf"|{AMOUNT}\s*-?ish\b", re.I)
BARE = re.compile(rf"^\s*{AMOUNT}\s*$", re.I)
CHEAP_QUANTILE = 0.33  # "cheap" means the cheapest third of what would otherwise fit
MIN_BAND = 0.15  # price bands narrower than this share of their lower bound are merged


@dataclass(frozen=True)
class Budget:
    min: float | None = None
    max: float | None = None

    @property
    def open(self) -> bool:
        return self.min is None and self.max is None

    def as_answer(self) -> dict[str, float | None] | str:
        return "any" if self.open else {"min": self.min, "max": self.max}

    def label(self, currency: str = DEFAULT_SIGN) -> str:
        if self.open:
            return "no budget limit"
        if self.min is not None and self.max is not None:
            return f"{_money(self.min)}–{_money(self.max)} {currency}"
        if self.max is not None:
            return f"up to {_money(self.max)} {currency}"
        return f"from {_money(self.min or 0)} {currency}"



def shop_currency(index: LoadedIndex) -> str:
    """The sign the shop's prices are said with: its catalog's main currency ("₹" for a shop priced in INR)."""
    return index.memo("currency sign", lambda loaded: currency_sign(main_currency(loaded.column("currency"))))

def _money(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def nice(value: float) -> float:
    """A price a person would say: 63.7 -> 65, 187 -> 190, 7.4 -> 8."""
    step = 5 if value < 200 else 10 if value < 1000 else 50
    return float(max(step, np.ceil(value / step) * step)) if value >= 10 else float(np.ceil(value))


def read_budget(text: str, prices: np.ndarray) -> Budget | None:
    """The budget the words state, or None when they state none. ``prices`` are the candidates' prices, for
    "cheap" (their cheapest third)."""
    if not text or text.startswith("/"):
        return None
    if SPLURGE.search(text):
        return Budget()
    if match := AROUND.search(text):
        value = amount(next(g for g in match.groups() if g))
        around = Budget(nice(value * (1 - AROUND_SPREAD)), nice(value * (1 + AROUND_SPREAD)))
        # Hundreds of digits overflow a float to infinity: no price anyone means, so no budget.
        if math.isfinite(around.max or 0):
            return around
    low, high, _ = parse_budget(text)
    if low is not None or high is not None:
        return Budget(low, high)
    if (match := BARE.match(text)) and math.isfinite(value := amount(match.group(1))):  # as above
        return Budget(None, value)
    if CHEAP.search(text) and len(prices):
        return Budget(None, nice(float(np.quantile(prices, CHEAP_QUANTILE))))
    return None


def bands(prices: np.ndarray) -> list[Budget]:
    """Up to four price bands split at the candidates' quartiles, rounded to prices people say."""
    if len(prices) < 4:
        return []
    cuts: list[float] = []
    for cut in sorted({nice(float(q)) for q in np.quantile(prices, [0.25, 0.5, 0.75])}):
        if not cuts or cut >= cuts[-1] * (1 + MIN_BAND):
            cuts.append(cut)  # a band of 140-145 € is no choice
    if len(cuts) < 2:
        return []
    return [Budget(None, cuts[0]), *(Budget(a, b) for a, b in pairwise(cuts)),
            Budget(cuts[-1], None)]
