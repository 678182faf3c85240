"""Rasa 3.6 (Python 3.10, .venv-rasa) calls our action server (Python 3.11) and the action's products
come back through the REST channel. `make test` trains the model before this runs."""

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot import launcher
from bot.db import upgrade
from bot.services import Services
from bot.settings import PROJECT_ROOT, Settings
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index

pytestmark = pytest.mark.rasa


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings = Settings(home=tmp_path_factory.mktemp("home"), actions_port=free_port(), rasa_port=free_port(),
                        web_port=free_port())
    if not (settings.rasa_venv / "bin" / "rasa").exists():
        pytest.skip(f"no Rasa in {settings.rasa_venv}: `make test` creates it")
    if not list(settings.models_dir.glob("*.tar.gz")):
        pytest.skip("no trained model in models/: `make test` trains it")
    services = Services(settings)
    upgrade(services.engine)
    from tests.conftest import SMALL_CATALOG, write_catalog

    with services.sessions() as session:
        import_catalog(session, write_catalog(Path(settings.home_dir) / "c.csv", SMALL_CATALOG), services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)
    running = [s for s in launcher.services(settings) if s.name in ("actions", "rasa")]
    try:
        for service in running:
            launcher.start(service, settings)
        for service in running:
            launcher.wait_healthy(service, settings)
        yield settings
    finally:
        launcher.stop(running)


def say(settings: Settings, sender: str, text: str) -> list[dict]:
    response = requests.post(f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return response.json()


def test_the_action_servers_products_come_back_through_rest(assistant: Settings) -> None:
    messages = say(assistant, "wiring-1", "i need a lightweight tent for two people")
    texts = [m["text"] for m in messages if "text" in m]
    assert texts and texts[0].startswith("Here is what I found")
    assert "Lumen 2 Lightweight Tent" in texts[0]
    payloads = [m["custom"] for m in messages if "custom" in m]
    assert payloads and payloads[0]["type"] == "products"
    assert payloads[0]["products"][0]["sku"] == "T1"


def test_rasa_answers_small_talk_from_its_own_model(assistant: Settings) -> None:
    messages = say(assistant, "wiring-2", "hello")
    assert messages and "Outfitter" in messages[0]["text"]


def test_the_project_root_holds_the_rasa_files() -> None:
    for name in ("config.yml", "domain.yml", "endpoints.yml", "credentials.yml", "data/nlu", "data/rules"):
        assert (PROJECT_ROOT / name).exists(), name
