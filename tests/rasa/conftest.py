"""The trained bot, served as `outfitter run` serves it: Rasa and the action server on a home with the demo
catalog and the demo orders. Started once for every test that talks to it; `make test` trains the model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from bot import launcher
from bot.background_run import free_port
from bot.db import upgrade
from bot.demo.orders import load_demo_orders
from bot.services import Services
from bot.settings import Settings
from recommender.base import utcnow
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from tests.conftest import DEMO_CATALOG


@contextmanager
def serving(home: Path, catalog: Path, *, demo_orders: bool = True) -> Iterator[Services]:
    """Rasa and the action server on a new ``home`` holding ``catalog`` (and the demo orders), stopped after."""
    taken: set[int] = set()
    settings = Settings(home=home, actions_port=free_port(taken), rasa_port=free_port(taken),
                        web_port=free_port(taken))
    if not (settings.rasa_venv / "bin" / "rasa").exists():
        pytest.skip(f"no Rasa in {settings.rasa_venv}: `make test` creates it")
    if not list(settings.models_dir.glob("*.tar.gz")):
        pytest.skip("no trained model in models/: `make test` trains it")
    services = Services(settings)
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, catalog, services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)
        if demo_orders:
            load_demo_orders(session, now=utcnow())
        session.commit()
    running = [s for s in launcher.services(settings, services.keys.rasa_token) if s.name in ("actions", "rasa")]
    try:
        for service in running:
            launcher.start(service, settings)
        for service in running:
            launcher.wait_healthy(service, settings)
        yield services
    finally:
        launcher.stop(running)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    with serving(tmp_path_factory.mktemp("home"), DEMO_CATALOG) as services:
        yield services


def say(services: Services, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict]:
    body: dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    response = requests.post(f"http://127.0.0.1:{services.settings.rasa_port}/webhooks/rest/webhook",
                             json=body, timeout=60)
    response.raise_for_status()
    return response.json()


def texts(messages: list[dict]) -> str:
    return " | ".join(m.get("text", "") for m in messages)
