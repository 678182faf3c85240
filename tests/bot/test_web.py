"""The web app's search API over the live index, and its pick-up of a new version."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.db import upgrade
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.conftest import SMALL_CATALOG, write_catalog


@pytest.fixture
def services(tmp_path: Path, encoder: Encoder) -> Services:
    services = Services(Settings(home=tmp_path / "home"))
    services.encoder = encoder  # the session's already-loaded model
    upgrade(services.engine)
    return services


def _import(services: Services, rows: list[str], path: Path) -> None:
    with services.sessions() as session:
        import_catalog(session, write_catalog(path, rows), services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)


def test_search_api_applies_text_and_query_filters(services: Services, tmp_path: Path) -> None:
    _import(services, SMALL_CATALOG, tmp_path / "c.csv")
    client = TestClient(create_app(services))
    body = client.get("/api/search", params={"q": "rain jacket for my wife"}).json()
    assert body["filters"] == {"gender": "women", "category": "rain jackets"}
    assert [p["sku"] for p in body["results"]] == ["R1"]
    assert body["results"][0]["sale_price"] == 149.0
    body = client.get("/api/search", params={"q": "jacket", "max_price": 100}).json()
    assert {p["sku"] for p in body["results"]} <= {"R2", "B1", "F1"}


def test_search_api_gives_one_card_per_product_with_its_colours(services: Services, tmp_path: Path) -> None:
    granite = [f"G{i},Granite Waterproof Shell Jacket – {c.title()},Taped seams keep the rain out.,Northwind,"
               f"rain jackets,unisex,200.00,{sale},{c},waterproof,hiking,5"
               for i, (c, sale) in enumerate((("red", ""), ("blue", "150.00"), ("black", "")))]
    _import(services, granite + SMALL_CATALOG, tmp_path / "c.csv")
    client = TestClient(create_app(services))
    cards = client.get("/api/search", params={"q": "Granite waterproof shell jacket", "k": 3}).json()["results"]
    assert len(cards) == 3 and [c["sku"][0] == "G" for c in cards].count(True) == 1
    granite_card = next(c for c in cards if c["sku"].startswith("G"))
    assert [(c["sku"], c["color"], c["price"], c["sale_price"]) for c in granite_card["colors"]] == [
        ("G0", "red", 200.0, None), ("G1", "blue", 200.0, 150.0), ("G2", "black", 200.0, None)]
    assert {"image_url", "url", "currency", "score"} <= set(granite_card)


def test_the_running_app_serves_a_new_index_version_without_restart(services: Services, tmp_path: Path) -> None:
    _import(services, SMALL_CATALOG[:3], tmp_path / "a.csv")
    client = TestClient(create_app(services))
    assert client.get("/health").json()["index_version"] == "v000001"
    assert "T1" not in {p["sku"] for p in client.get("/api/search", params={"q": "tent"}).json()["results"]}
    _import(services, SMALL_CATALOG, tmp_path / "b.csv")
    body = client.get("/api/search", params={"q": "a tent for two"}).json()
    assert body["index_version"] == "v000002" and body["results"][0]["sku"] == "T1"


def test_search_without_an_index_is_503_with_the_reason(services: Services) -> None:
    response = TestClient(create_app(services)).get("/api/search", params={"q": "tent"})
    assert response.status_code == 503 and "import a catalog first" in response.json()["detail"]


def test_every_shop_page_has_the_search_box(services: Services) -> None:
    page = TestClient(create_app(services)).get("/").text
    assert '<form action="/search" method="get" role="search">' in page and 'name="q"' in page
