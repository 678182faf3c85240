"""The product signals a long-running server ranks with, rebuilt in the background as events arrive."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from recommender.ranking.signals import ProductSignals, last_event_id, load_signals


class LiveSignals:
    """Hands out the latest :class:`ProductSignals`.

    The first call computes them; later calls return them at once and, when events arrived and the
    signals are older than ``interval`` seconds, start one background rebuild. A ranking never waits for it.
    """

    def __init__(self, sessions: Callable[[], Session], interval: float = 300.0) -> None:
        self.sessions, self.interval = sessions, interval
        self._signals: ProductSignals | None = None
        self._built_from = -1
        self._built_at = 0.0
        self._lock = threading.Lock()
        self._rebuilding = False

    def get(self) -> ProductSignals:
        if self._signals is None:
            with self._lock:
                if self._signals is None:
                    self._rebuild()
            return self._signals  # type: ignore[return-value]
        if time.monotonic() - self._built_at >= self.interval and not self._rebuilding:
            with self.sessions() as session:
                changed = last_event_id(session) != self._built_from
            if changed:
                self._rebuilding = True
                threading.Thread(target=self._rebuild, name="signals-rebuild", daemon=True).start()
            else:
                self._built_at = time.monotonic()
        return self._signals

    def _rebuild(self) -> None:
        try:
            with self.sessions() as session:
                newest = last_event_id(session)
                signals = load_signals(session, datetime.now(UTC))
            self._signals, self._built_from, self._built_at = signals, newest, time.monotonic()
        finally:
            self._rebuilding = False
