"""``python -m bot.action_server``: rasa-sdk's webhook with a /health that checks the database and the index,
and /metrics with each action call timed. Started as the launcher starts it, on a free port and a private home."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot.action_server import TimedExecutor, actions_services, main
from bot.background_run import free_port
from bot.db import upgrade
from bot.metrics import Metrics
from bot.services import Services
from bot.settings import PROJECT_ROOT, Settings
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.conftest import SMALL_CATALOG, write_catalog

STARTUP_SECONDS = 180  # importing the actions (torch, FAISS) on a busy machine



def call(action: str, sender: str = "health-test") -> dict[str, Any]:
    """A webhook call as Rasa 3.6 sends it."""
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": {}, "latest_message": {"text": "hi", "intent": {"name": "greet"}},
                        "events": [], "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}


def samples(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = requests.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


@pytest.fixture
def services(tmp_path: Path) -> Services:
    services = Services(Settings(home=tmp_path / "home"))
    upgrade(services.engine)
    return services


@pytest.fixture
def server(services: Services) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, OUTFITTER_HOME=str(services.settings.home_dir), HF_HUB_OFFLINE="1")
    env.pop("OUTFITTER_DATABASE_URL", None)
    log = services.settings.home_dir / "actions.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot.action_server", "--actions", "actions",
                                    "--port", str(port), "--host", "127.0.0.1"],
                                   cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, f"the action server exited: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"no answer on {url}: {log.read_text()[-2000:]}"
            try:
                requests.get(f"{url}/health", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_health_names_the_missing_index_then_a_webhook_call_is_timed(services: Services, server: str,
                                                                      encoder: Encoder, tmp_path: Path) -> None:
    response = requests.get(f"{server}/health", timeout=10)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["failing"] == ["index"]
    assert body["checks"]["database"]["status"] == "ok" and "redis" not in body["checks"]
    assert not any(name == "outfitter_index_version" for name, _ in samples(server))

    with services.sessions() as session:  # a catalog goes live while the server runs
        import_catalog(session, write_catalog(tmp_path / "c.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
    response = requests.get(f"{server}/health", timeout=10)
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["index_version"] == "v000001"

    greeting = requests.post(f"{server}/webhook", json=call("action_greet"), timeout=60)
    assert greeting.status_code == 200 and greeting.json()["responses"][0]["text"].startswith("Hi")
    assert requests.post(f"{server}/webhook", json=call("action_nobody_wrote"), timeout=10).status_code == 404
    found = samples(server)
    assert found[("outfitter_turn_seconds_count", (("action", "action_greet"),))] == 1
    assert found[("outfitter_turn_seconds_sum", (("action", "action_greet"),))] > 0
    assert found[("outfitter_turn_seconds_count", (("action", "unknown"),))] == 1
    assert found[("outfitter_index_version", (("version", "v000001"),))] == 1
    assert requests.get(f"{server}/actions", timeout=10).status_code == 200  # rasa-sdk's own routes stay


def test_the_actions_are_named_as_a_package(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--actions", "actions/suggest.py", "--port", "5055"])
    assert exited.value.code == 2 and "--actions: 'actions/suggest.py' is a path" in capsys.readouterr().err


def test_health_reads_the_services_the_actions_use() -> None:
    """One live index per process: /health loads the version the actions serve, not a second copy."""
    from actions.deps import services as actions_own  # a test may import the actions; bot/ never does

    executor = TimedExecutor(Metrics(CollectorRegistry()))
    executor.register_package("actions")
    assert actions_services(executor) is actions_own()
