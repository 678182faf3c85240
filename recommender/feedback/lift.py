"""Rates that admit how sure they are, and the lift of the personalized group over the control group.

A rate carries its count and its base, a 95% Wilson interval, and whether the base is large enough to read it
at all. The lift compares two shares of shoppers with a two-proportion test: the difference with its Wald
interval, the ratio with its Katz interval (scipy's ``relative_risk``), and a p-value; when either group is
too small for the normal approximation the verdict is "too few to tell" and no lift is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy.stats import binomtest, norm
from scipy.stats.contingency import relative_risk

CONFIDENCE = 0.95
MIN_BASE = 30  # a rate over fewer is shown as its counts only: 2 of 3 is not "67%"
# The normal approximation behind the test holds once each group has this many shoppers on either side
# (the usual rule of thumb is 5 to 10; 10 keeps a first handful of clicks from reading as a result).
MIN_EACH_SIDE = 10
TOO_FEW = "too few to tell"
AHEAD = "personalized ahead"
BEHIND = "control ahead"
UNCLEAR = "no clear difference"


@dataclass(frozen=True)
class Rate:
    hits: int
    base: int

    @property
    def value(self) -> float | None:
        return self.hits / self.base if self.base else None

    @property
    def enough(self) -> bool:
        return self.base >= MIN_BASE

    def interval(self) -> tuple[float, float] | None:
        """The 95% Wilson interval (None without a base)."""
        if not self.base:
            return None
        ci = binomtest(self.hits, self.base).proportion_ci(CONFIDENCE, method="wilson")
        return float(ci.low), float(ci.high)

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval()
        return {"hits": self.hits, "base": self.base, "value": _round(self.value), "enough": self.enough,
                "low": _round(interval[0]) if interval else None, "high": _round(interval[1]) if interval else None}


@dataclass(frozen=True)
class Lift:
    """How much more often personalized shoppers did something than control shoppers."""

    metric: str  # what the shares count, in words
    personalized: Rate
    control: Rate
    verdict: str
    lift: float | None = None  # personalized / control - 1
    lift_low: float | None = None
    lift_high: float | None = None
    difference: float | None = None  # personalized - control, in shares
    difference_low: float | None = None
    difference_high: float | None = None
    p_value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        rounded = {name: _round(getattr(self, name)) for name in
                   ("lift", "lift_low", "lift_high", "difference", "difference_low", "difference_high", "p_value")}
        return {"metric": self.metric, "personalized": self.personalized.to_dict(), "control": self.control.to_dict(),
                "verdict": self.verdict, **rounded}


def enough_to_compare(a: Rate, b: Rate) -> bool:
    return all(min(r.hits, r.base - r.hits) >= MIN_EACH_SIDE for r in (a, b))


def compare(metric: str, personalized: Rate, control: Rate) -> Lift:
    """The two-proportion comparison of ``personalized`` against ``control``."""
    if not enough_to_compare(personalized, control):
        return Lift(metric, personalized, control, TOO_FEW)
    p1, n1, p2, n2 = personalized.value, personalized.base, control.value, control.base
    assert p1 is not None and p2 is not None
    z = norm.ppf(0.5 + CONFIDENCE / 2)
    difference = p1 - p2
    spread = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    pooled = (personalized.hits + control.hits) / (n1 + n2)
    statistic = difference / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    ratio = relative_risk(personalized.hits, n1, control.hits, n2)
    interval = ratio.confidence_interval(CONFIDENCE)
    low, high = difference - z * spread, difference + z * spread
    verdict = AHEAD if low > 0 else BEHIND if high < 0 else UNCLEAR
    return Lift(metric, personalized, control, verdict, lift=float(ratio.relative_risk) - 1,
                lift_low=float(interval.low) - 1, lift_high=float(interval.high) - 1, difference=difference,
                difference_low=float(low), difference_high=float(high), p_value=float(2 * norm.sf(abs(statistic))))


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
