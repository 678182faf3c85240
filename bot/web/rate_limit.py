"""Token buckets, one per caller: how many events each may send, refilled at a steady rate.

A request costs one token per call it carries, so a batch spends what its calls would spend one by one. The
buckets live in this process's memory: right for the single web process ``outfitter run`` starts; several
processes behind a load balancer need one shared store (see docs/decisions.md, "Web API access").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

MAX_CALLERS = 100_000  # buckets kept; the least recently seen go first (a full bucket is a new one anyway)


@dataclass
class _Bucket:
    tokens: float
    at: float  # when ``tokens`` was last brought up to date


class TokenBuckets:
    """``per_minute`` tokens a minute for each caller, at most ``burst`` saved up."""

    def __init__(self, per_minute: int, burst: int, *, clock: Callable[[], float] | None = None,
                 max_callers: int = MAX_CALLERS) -> None:
        if per_minute <= 0 or burst <= 0:
            raise ValueError("a rate limit needs a positive rate and burst")
        self.per_minute, self.burst = per_minute, burst
        self._per_second = per_minute / 60.0
        # The module's clock is looked up here, not at import, so a test can stop it for an app it builds.
        self._clock, self._max_callers = clock or monotonic, max_callers
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            while len(self._buckets) > self._max_callers:
                self._buckets.popitem(last=False)
        else:
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self._per_second)
            bucket.at = now
            self._buckets.move_to_end(key)
        return bucket

    def _wait(self, bucket: _Bucket, cost: int) -> float:
        return max(0.0, (cost - bucket.tokens) / self._per_second)

    def wait_for(self, key: str) -> float:
        """Seconds until ``key`` could spend a token (0: now), spending nothing: the check made before a
        request's body is read, when its cost is not known yet."""
        with self._lock:
            return self._wait(self._bucket(key, self._clock()), 1)

    def take(self, key: str, cost: int) -> float:
        """Spend ``cost`` tokens of ``key`` and return 0, or, when it has too few, spend none and return the
        seconds until it will have them. A cost above the burst can never be paid: check it first."""
        if cost > self.burst:
            raise ValueError(f"cost {cost} exceeds the burst of {self.burst}")
        with self._lock:
            bucket = self._bucket(key, self._clock())
            wait = self._wait(bucket, cost)
            if wait == 0.0:
                bucket.tokens -= cost
            return wait
