"""A shop over the demo catalog, and a browser that reads the events a page sends."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.db import upgrade
from bot.demo.orders import load_demo_orders
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.base import utcnow
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from tests.conftest import DEMO_CATALOG

EVENTS = re.compile(r'<script type="application/json" id="outfitter-events">(.*?)</script>', re.S)


@pytest.fixture(scope="session")
def shop_services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    services = Services(Settings(home=tmp_path_factory.mktemp("shop"), holdout_share=0))
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, DEMO_CATALOG, services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)
        load_demo_orders(session, now=utcnow())  # the demo customers' orders, as `outfitter run` loads them
        session.commit()
    return services


@pytest.fixture
def shopper(shop_services: Services) -> TestClient:
    """A browser: it keeps the cookies the shop sets."""
    return TestClient(create_app(shop_services))


def page_events(html: str) -> list[dict[str, Any]]:
    """The Segment calls a page lists for its script to send."""
    found = EVENTS.search(html)
    assert found, "the page lists no events"
    return json.loads(found.group(1))


def send_events(client: TestClient, html: str) -> dict[str, Any]:
    """What the page's script does: post its events for the browser's own session."""
    calls = page_events(html)
    response = client.post("/api/events", json={"batch": calls})
    assert response.status_code == 200, response.text
    return response.json()
