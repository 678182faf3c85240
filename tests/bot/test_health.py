"""``/health`` checks the service's own dependencies and names the one that fails."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from bot.db import make_engine, upgrade
from bot.health import DATABASE, INDEX, REDIS, HealthChecks, Probe, ping_database, ping_redis, redis_client
from bot.metrics import Metrics
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.conftest import SMALL_CATALOG, write_catalog

REDIS_URL = "redis://127.0.0.1:6379/0"


def closed_port() -> int:
    """A port nothing listens on: bound once by us, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_or_skip() -> str:
    try:
        ping_redis(redis_client(REDIS_URL))
    except Exception as exc:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: {exc.__class__.__name__}")
    return REDIS_URL


@pytest.fixture
def home(tmp_path: Path, encoder: Encoder) -> Path:
    """A home with a migrated SQLite database and a live index of the small catalog."""
    services = Services(Settings(home=tmp_path / "home"))
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, write_catalog(tmp_path / "catalog.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
    return tmp_path / "home"


def health(settings: Settings) -> tuple[int, dict]:
    app = create_app(Services(settings), Metrics(CollectorRegistry()))
    response = TestClient(app).get("/health")
    return response.status_code, response.json()


def test_everything_up_is_200_with_each_dependency_ok(home: Path) -> None:
    status, body = health(Settings(home=home, redis_url=redis_or_skip()))
    assert status == 200
    assert body["status"] == "ok" and body["index_version"] == "v000001" and body["failing"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        DATABASE: "ok", REDIS: "ok", INDEX: "ok"}


def test_redis_is_checked_only_when_configured(home: Path) -> None:
    status, body = health(Settings(home=home))
    assert status == 200 and set(body["checks"]) == {DATABASE, INDEX}


def test_a_database_that_refuses_is_503_naming_the_database(home: Path) -> None:
    url = f"postgresql+psycopg2://postgres@127.0.0.1:{closed_port()}/test"
    status, body = health(Settings(home=home, database_url=url))
    assert status == 503 and body["status"] == "failing" and body["failing"] == [DATABASE]
    assert "OperationalError" in body["checks"][DATABASE]["reason"]
    assert body["index_version"] == "v000001"  # the other dependencies are still reported


def test_a_redis_that_refuses_is_503_naming_redis(home: Path) -> None:
    status, body = health(Settings(home=home, redis_url=f"redis://127.0.0.1:{closed_port()}/0"))
    assert status == 503 and body["failing"] == [REDIS]
    assert "ConnectionError" in body["checks"][REDIS]["reason"]


def test_no_index_is_503_naming_the_index(tmp_path: Path) -> None:
    services = Services(Settings(home=tmp_path / "empty"))
    upgrade(services.engine)
    status, body = health(services.settings)
    assert status == 503 and body["failing"] == [INDEX] and body["index_version"] is None
    assert "import a catalog first" in body["checks"][INDEX]["reason"]


def test_a_dependency_that_hangs_fails_at_its_deadline_and_holds_one_thread() -> None:
    release = threading.Event()
    calls = []

    def hang() -> None:
        calls.append(1)
        release.wait(10)

    probe = Probe("database", hang, timeout=0.05)
    try:
        first = probe.result(probe.start(), started=time.perf_counter())[0]
        again = probe.result(probe.start(), started=time.perf_counter())[0]
    finally:
        release.set()
    assert not first.ok and first.reason == "no answer within 0.05 s"
    assert not again.ok and len(calls) == 1  # the second poll waited on the same run, not a new thread


def test_the_checks_run_together_and_report_each(home: Path) -> None:
    url = f"postgresql+psycopg2://postgres@127.0.0.1:{closed_port()}/test"
    report = HealthChecks(Services(Settings(home=home, database_url=url,
                                            redis_url=f"redis://127.0.0.1:{closed_port()}/0"))).run()
    assert not report.ok and report.failing == [DATABASE, REDIS]
    assert report.index_version == "v000001"


def statements_of(engine: Engine, call: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return seen


def test_a_database_ping_is_the_pools_own_where_the_pool_pings(tmp_path: Path) -> None:
    postgres = make_engine("postgresql+psycopg2://postgres@127.0.0.1:5432/test")
    try:
        ping_database(postgres)
    except OperationalError as exc:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable: {exc.orig}")
    # The pooled connection is pinged by the pool on checkout; no second round trip of ours.
    assert statements_of(postgres, lambda: ping_database(postgres)) == []
    postgres.dispose()
    sqlite = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    assert statements_of(sqlite, lambda: ping_database(sqlite)) == ["SELECT 1"]
    with pytest.raises(OperationalError):
        ping_database(make_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{closed_port()}/test"))
