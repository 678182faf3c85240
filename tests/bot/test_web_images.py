"""The product pictures the web app serves at each product's image_url."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.demo.images import COLOURS
from bot.services import Services
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.bot.web_helpers import migrated_services
from tests.conftest import SMALL_CATALOG, write_catalog


@pytest.fixture
def services(tmp_path: Path, encoder: Encoder) -> Services:
    services = migrated_services(tmp_path / "home")
    services.encoder = encoder
    return services


def _publish(services: Services, rows: list[str], path: Path) -> None:
    with services.sessions() as session:
        import_catalog(session, write_catalog(path, rows), services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)


def test_a_live_product_has_its_picture_in_its_colour(services: Services, tmp_path: Path) -> None:
    _publish(services, SMALL_CATALOG, tmp_path / "c.csv")
    client = TestClient(create_app(services))
    response = client.get("/static/products/I2.svg")  # a red insulated jacket
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert "max-age" in response.headers["cache-control"] and response.headers["etag"]
    root = ET.fromstring(response.text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert COLOURS["red"] in {element.get("fill") for element in root.iter()}
    assert root.findtext("{http://www.w3.org/2000/svg}title") == "Ember Synthetic Hooded Jacket"
    tent = client.get("/static/products/T1.svg").text
    assert tent != response.text and COLOURS["orange"] in tent


def test_a_picture_not_changed_since_is_not_sent_again(services: Services, tmp_path: Path) -> None:
    _publish(services, SMALL_CATALOG, tmp_path / "c.csv")
    client = TestClient(create_app(services))
    etag = client.get("/static/products/R1.svg").headers["etag"]
    again = client.get("/static/products/R1.svg", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    recoloured = [SMALL_CATALOG[0].replace(",black,", ",yellow,"), *SMALL_CATALOG[1:]]
    _publish(services, recoloured, tmp_path / "d.csv")
    changed = client.get("/static/products/R1.svg", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and COLOURS["yellow"] in changed.text


def test_a_product_the_live_catalog_lacks_is_404(services: Services, tmp_path: Path) -> None:
    client = TestClient(create_app(services))
    assert client.get("/static/products/R1.svg").status_code == 404  # no catalog yet
    _publish(services, SMALL_CATALOG[:2], tmp_path / "c.csv")
    assert client.get("/static/products/R1.svg").status_code == 200
    assert client.get("/static/products/T1.svg").status_code == 404
    assert client.get("/static/products/nope.svg").status_code == 404


def test_pictures_stay_out_of_the_api_schema(services: Services) -> None:
    paths = TestClient(create_app(services)).get("/openapi.json").json()["paths"]
    assert not any(path.startswith("/static") for path in paths)


def test_a_picture_answers_head_and_a_conditional_request_for_any_version(services: Services, tmp_path: Path) -> None:
    # Link checkers, caches and `curl -I` ask with HEAD; `If-None-Match: *` means "any version you have".
    _publish(services, SMALL_CATALOG, tmp_path / "c.csv")
    client = TestClient(create_app(services))
    full = client.get("/static/products/R1.svg")
    head = client.head("/static/products/R1.svg")
    assert head.status_code == 200 and not head.content
    assert head.headers["etag"] == full.headers["etag"] and head.headers["content-type"] == "image/svg+xml"
    assert client.head("/static/products/nope.svg").status_code == 404
    assert client.get("/static/products/R1.svg", headers={"If-None-Match": "*"}).status_code == 304
    listed = f'"0123456789abcdef0123", W/{full.headers["etag"]}'
    assert client.get("/static/products/R1.svg", headers={"If-None-Match": listed}).status_code == 304
    assert client.get("/static/products/R1.svg", headers={"If-None-Match": '"0123456789abcdef0123"'}).status_code == 200
