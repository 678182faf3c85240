"""The load test's bounds and its arithmetic: which URLs it may aim at, how much it may do, and the summary of the
turns it recorded (count, throughput, p50/p95/p99 and errors per turn type)."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np

MAX_CONVERSATIONS = 200
MAX_DURATION = 3600.0  # seconds
MAX_THINK = 60.0  # seconds between turns
REST_PATH = "/webhooks/rest/webhook"


class BoundsError(ValueError):
    """A setting outside what the load test allows; the message names it and its value."""


def loopback_url(url: str, option: str = "--url", schemes: tuple[str, ...] = ("http", "https")) -> str:
    """``url`` if its host is this machine (localhost, 127.0.0.0/8, ::1), else BoundsError naming ``option``: the
    load test never aims at another host."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]  # postgresql+psycopg2
    if scheme not in schemes:
        raise BoundsError(f"{option} {url!r}: only {' or '.join(s + '://' for s in schemes)} URLs are accepted")
    host = parts.hostname or ""
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise BoundsError(f"{option} {url!r}: host {host or '(none)'!r} is not loopback; the load test only "
                              "aims at 127.0.0.1, localhost or ::1")
    return url


def rest_url(base: str) -> str:
    """The REST channel's webhook under ``base`` (a base URL, or the webhook itself)."""
    base = base.rstrip("/")
    return base if base.endswith(REST_PATH) else base + REST_PATH


def check_bounds(conversations: int, duration: float, think: float, timeout: float) -> None:
    if not 1 <= conversations <= MAX_CONVERSATIONS:
        raise BoundsError(f"--conversations {conversations}: must be between 1 and {MAX_CONVERSATIONS}")
    if not 1 <= duration <= MAX_DURATION:
        raise BoundsError(f"--duration {duration:g}: must be between 1 and {MAX_DURATION:g} seconds")
    if not 0 <= think <= MAX_THINK:
        raise BoundsError(f"--think {think:g}: must be between 0 and {MAX_THINK:g} seconds")
    if not 0 < timeout <= 300:
        raise BoundsError(f"--timeout {timeout:g}: must be above 0 and at most 300 seconds")


@dataclass(frozen=True)
class Turn:
    kind: str
    ms: float
    error: str | None = None
    said: str = ""  # what the shopper said: which phrasings fail


def failing(turns: Sequence[Turn], top: int = 8) -> list[tuple[str, str, str, int]]:
    """The commonest failures as (turn type, what was said, why, how often)."""
    counts = Counter((t.kind, t.said, t.error) for t in turns if t.error)
    return [(kind, said, str(error), n) for (kind, said, error), n in counts.most_common(top)]


@dataclass(frozen=True)
class Summary:
    kind: str
    count: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    reasons: tuple[tuple[str, int], ...]  # the commonest error reasons, most frequent first


def percentiles(values: Sequence[float]) -> tuple[float, float, float]:
    """p50, p95, p99 (linear interpolation between ranks, numpy's default); NaN for no value."""
    if not values:
        return float("nan"), float("nan"), float("nan")
    p50, p95, p99 = np.percentile(np.asarray(values, dtype=float), [50, 95, 99])
    return float(p50), float(p95), float(p99)


def summarise(turns: Sequence[Turn], elapsed: float, kinds: Sequence[str]) -> list[Summary]:
    """One row per turn type in ``kinds`` (in that order, those with no turn left out) and a last row "all".

    Latency percentiles cover every turn, failed ones too: a timeout counts as the time it took to give up."""
    if elapsed <= 0:
        raise ValueError(f"elapsed {elapsed}: the measured window must be positive")
    rows = []
    for kind in [*kinds, "all"]:
        picked = [t for t in turns if kind in ("all", t.kind)]
        if not picked:
            continue
        reasons = Counter(t.error for t in picked if t.error)
        rows.append(Summary(kind, len(picked), len(picked) / elapsed, *percentiles([t.ms for t in picked]),
                            errors=sum(reasons.values()), reasons=tuple(reasons.most_common(3))))
    return rows
