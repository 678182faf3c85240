"""The web app's ``/metrics``: events recorded, suggestion and request times, the live index version; and the
cases-opened counter wherever a case is opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot.db import upgrade
from bot.keys import Role
from bot.metrics import CONTENT_TYPE, Metrics, process_metrics
from bot.services import Services
from bot.settings import Settings
from bot.support.cases import open_case
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.bot.web_helpers import bearer, migrated_services
from tests.conftest import SMALL_CATALOG, write_catalog
from tests.recommender.shoppers_helpers import product, track


def value(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def scraped(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``/metrics`` as Prometheus reads it: each sample by name and labels."""
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"] == CONTENT_TYPE
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


@pytest.fixture
def services(tmp_path: Path, encoder: Encoder) -> Services:
    services = Services(Settings(home=tmp_path / "home"))
    services.encoder = encoder  # the session's already-loaded model
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, write_catalog(tmp_path / "c.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
    return services


@pytest.fixture
def metrics() -> Metrics:
    return Metrics(CollectorRegistry())


def test_events_recorded_are_counted_by_type_and_nothing_else_is(tmp_path: Path, metrics: Metrics) -> None:
    services = migrated_services(tmp_path / "home")
    shop = TestClient(create_app(services, metrics), headers=bearer(services, Role.SHOP))
    batch = [track("Product Viewed", "web-1", sku="R1", message="m1"),
             track("Product Viewed", "web-1", sku="R2", message="m2"),
             track("Product Added", "web-1", sku="R1", message="m3"),
             track("Product Added", "web-1", price=5),  # rejected: no product
             track("Product Viewed", "web-1", sku="R1", message="m1"),  # a repeat inside the batch
             {"type": "identify", "anonymousId": "web-1", "userId": "c-1"}]  # links ids; not an event
    body = shop.post("/api/events", json={"batch": batch}).json()
    assert (body["recorded"], body["duplicates"], len(body["rejected"])) == (3, 1, 1)
    assert value(metrics, "outfitter_events_ingested_total", event="Product Viewed") == 2
    assert value(metrics, "outfitter_events_ingested_total", event="Product Added") == 1

    again = shop.post("/api/events", json=[track("Product Viewed", "web-1", sku="R1", message="m1"),  # stored
                                           track("Order Completed", "web-1", order_id="O1",
                                                 products=[product("R1", 149)])]).json()
    assert (again["recorded"], again["duplicates"]) == (1, 1)
    assert value(metrics, "outfitter_events_ingested_total", event="Product Viewed") == 2
    assert value(metrics, "outfitter_events_ingested_total", event="Order Completed") == 1
    samples = scraped(TestClient(create_app(services, metrics)))
    assert samples[("outfitter_events_ingested_total", (("event", "Product Viewed"),))] == 2


def test_a_case_is_counted_when_its_transaction_commits(tmp_path: Path) -> None:
    services = migrated_services(tmp_path / "home")
    metrics = process_metrics()  # open_case counts on the process's metrics, as the action server serves them

    def opened() -> float:
        return value(metrics, "outfitter_cases_opened_total", kind="handoff")

    before = opened()
    with services.sessions() as session:
        open_case(session, "handoff", "conv-1", None, [], "A person, please")
        assert opened() == before, "not before the commit"
        session.commit()
    assert opened() == before + 1
    with services.sessions() as session:
        assert not open_case(session, "handoff", "conv-1", None, [], "A person, please").created
        session.commit()
    with services.sessions() as session:
        open_case(session, "handoff", "conv-2", None, [], "Someone?")
        session.rollback()
    with services.sessions() as session:
        open_case(session, "handoff", "conv-3", None, [], "Hello?")  # closed without a commit
    assert opened() == before + 1, "a repeat, a rollback or no commit opens no case"


def test_each_suggestion_list_and_search_shows_in_the_histogram(services: Services, metrics: Metrics) -> None:
    client = TestClient(create_app(services, metrics))

    def lists() -> float:
        return value(metrics, "outfitter_suggestion_seconds_count", via="web")

    assert client.get("/api/search", params={"q": "rain jacket"}).status_code == 200
    assert lists() == 1
    response = client.post("/api/suggest", json={"text": "a warm jacket", "k": 3})
    assert response.status_code == 200, response.text
    assert lists() == 2
    assert value(metrics, "outfitter_suggestion_seconds_sum", via="web") > 0


def test_metrics_show_the_live_version_and_each_route_by_its_template(services: Services,
                                                                      metrics: Metrics) -> None:
    client = TestClient(create_app(services, metrics))
    for sku in ("R1", "T1", "no-such-sku"):
        client.get(f"/api/products/{sku}/similar")
    client.get("/no/such/page")
    samples = scraped(client)
    assert samples[("outfitter_index_version", (("version", "v000001"),))] == 1
    similar = (("method", "GET"), ("route", "/api/products/{sku}/similar"))
    assert samples[("outfitter_http_requests_seconds_count", similar)] == 3
    assert samples[("outfitter_http_requests_seconds_count", (("method", "GET"), ("route", "unmatched")))] == 1
    assert not any("R1" in dict(labels).get("route", "") for _, labels in samples)

    with services.sessions() as session:  # a new version goes live: the next scrape says so
        publish_index(session, services.index_store, services.encoder.model_name)
    samples = scraped(client)
    assert samples[("outfitter_index_version", (("version", "v000002"),))] == 1
    assert ("outfitter_index_version", (("version", "v000001"),)) not in samples


def test_metrics_are_not_in_the_api_schema(services: Services, metrics: Metrics) -> None:
    paths = TestClient(create_app(services, metrics)).get("/openapi.json").json()["paths"]
    assert "/metrics" not in paths and "/health" in paths
