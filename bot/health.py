"""Health of a service's dependencies: the app database, Redis (production mode) and the live index.

Each check has a deadline, so a database that hangs (a dropped packet, not a refused connection) makes
``/health`` answer "failing" in a couple of seconds rather than hang the load balancer's probe. A check runs
in a thread of its own, one at a time per dependency: polls that arrive while one is running wait for that
same run, so a hung dependency holds one thread, not one per poll.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from redis import Redis
from sqlalchemy import Engine, text

from bot.services import Services
from recommender.index.live import LiveIndex

DATABASE, REDIS, INDEX = "database", "redis", "index"
DATABASE_SECONDS = 2.0
REDIS_SECONDS = 1.0
INDEX_SECONDS = 5.0  # the first check after a publish loads the new version (FAISS, vectors, attributes)
OK, FAILING = "ok", "failing"
REASON_CHARS = 200


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str | None = None  # why it failed, short; None when ok
    seconds: float = 0.0


@dataclass(frozen=True)
class Report:
    checks: list[Check]
    index_version: str | None = None

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failing(self) -> list[str]:
        return [check.name for check in self.checks if not check.ok]

    def as_dict(self) -> dict[str, Any]:
        """The body of ``/health``: ``status`` and ``index_version`` as before, each dependency's result, and
        the failing ones named."""
        return {"status": OK if self.ok else FAILING, "index_version": self.index_version,
                "failing": self.failing,
                "checks": {c.name: {"status": OK if c.ok else FAILING, "seconds": round(c.seconds, 4),
                                    **({"reason": c.reason} if c.reason else {})} for c in self.checks}}


def reason_of(exc: BaseException) -> str:
    """The first line of what went wrong, short: driver errors carry the SQL and a documentation link after it."""
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy's wrapper: the driver's own message
    lines = str(cause).strip().splitlines()
    first = lines[0] if lines else ""
    return f"{type(cause).__name__}: {first}"[:REASON_CHARS]


def ping_database(engine: Engine) -> None:
    with engine.connect() as connection:
        # A pool that pre-pings has just pinged the connection it handed out (or made it): a SELECT 1 of our
        # own would be a second round trip, and the action server pings before every action.
        if not getattr(engine.pool, "_pre_ping", False):
            connection.execute(text("SELECT 1"))


def redis_client(url: str, timeout: float = REDIS_SECONDS) -> Redis:
    return Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def ping_redis(client: Redis) -> None:
    if not client.ping():
        raise RuntimeError("PING was not answered with PONG")


def load_index(live: LiveIndex) -> str:
    """The live version, loaded (a version that is named live but cannot be read raises)."""
    return live.get().manifest.version


@dataclass
class Probe:
    """One dependency's check with a deadline; concurrent callers share the run in flight."""

    name: str
    check: Callable[[], Any]
    timeout: float
    _pool: ThreadPoolExecutor = field(init=False, repr=False)
    _running: Future[Any] | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"health-{self.name}")

    def start(self) -> Future[Any]:
        with self._lock:
            if self._running is None or self._running.done():
                self._running = self._pool.submit(self.check)
            return self._running

    def result(self, running: Future[Any], started: float) -> tuple[Check, Any]:
        """The check's result and value, waiting at most until ``timeout`` after ``started``."""
        try:
            value = running.result(timeout=max(0.0, self.timeout - (time.perf_counter() - started)))
        except FutureTimeout:
            return Check(self.name, False, f"no answer within {self.timeout:g} s",
                         time.perf_counter() - started), None
        except Exception as exc:
            return Check(self.name, False, reason_of(exc), time.perf_counter() - started), None
        return Check(self.name, True, None, time.perf_counter() - started), value


class HealthChecks:
    """The checks of one service, built once per process from its :class:`Services`."""

    def __init__(self, services: Services, *, database: bool = True, redis: bool = True, index: bool = True,
                 timeouts: dict[str, float] | None = None) -> None:
        limits = {DATABASE: DATABASE_SECONDS, REDIS: REDIS_SECONDS, INDEX: INDEX_SECONDS} | (timeouts or {})
        self.probes: list[Probe] = []
        if database:
            self.probes.append(Probe(DATABASE, lambda: ping_database(services.engine), limits[DATABASE]))
        if redis and services.settings.redis_url:  # production mode only: the default mode has no Redis
            client = redis_client(services.settings.redis_url, limits[REDIS])
            self.probes.append(Probe(REDIS, lambda: ping_redis(client), limits[REDIS]))
        if index:
            self.probes.append(Probe(INDEX, lambda: load_index(services.live_index), limits[INDEX]))

    def run(self) -> Report:
        """All checks at once: the slowest deadline bounds the answer, not their sum."""
        started = time.perf_counter()
        running = [(probe, probe.start()) for probe in self.probes]
        checks, version = [], None
        for probe, future in running:
            check, value = probe.result(future, started)
            checks.append(check)
            if probe.name == INDEX and check.ok:
                version = value
        return Report(checks, version)
