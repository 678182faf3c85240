"""The action server's services on the demo catalog, and trackers as Rasa would send them."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.db import upgrade
from bot.services import Services
from bot.settings import Settings
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from tests.conftest import DEMO_CATALOG


@pytest.fixture(scope="session")
def finder_services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    """Services over a home with the demo catalog imported and published, shared by the action tests."""
    services = Services(Settings(home=tmp_path_factory.mktemp("finder")))
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, DEMO_CATALOG, services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)
    return services


def tracker(text: str = "", intent: str = "inform", *, slots: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None, metadata: dict[str, Any] | None = None,
            active_loop: str | None = None, sender: str = "conversation-1") -> Tracker:
    """A tracker whose latest message is ``text``, classified as ``intent``, with these slots set."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or [],
               "metadata": metadata or {}}
    events = [{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}}]
    return Tracker(sender, dict(slots or {}), message, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def payloads(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
