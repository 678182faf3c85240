"""Bad input to the web API is a 422 naming the field, never a 500; anything unexpected is a 500 with a
request id and no internals."""

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.services import Services
from bot.web.app import create_app
from recommender.encoder import Encoder
from tests.bot.web_helpers import stocked_services


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> TestClient:
    services = stocked_services(tmp_path_factory.mktemp("validation"), encoder)
    return TestClient(create_app(services), raise_server_exceptions=False)


def fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    return [".".join(str(part) for part in error["loc"][1:]) for error in response.json()["detail"]]


@pytest.mark.parametrize(("body", "field"), [
    ({"filters": {"max_price": "abc"}}, "filters.max_price"),
    ({"filters": {"max_price": 1e308}}, "filters.max_price"),
    ({"filters": {"min_price": -1}}, "filters.min_price"),
    ({"filters": {"gender": 123}}, "filters.gender"),
    ({"filters": {"in_stock": "maybe"}}, "filters.in_stock"),
    ({"filters": {"colour": "red"}}, "filters.colour"),
    ({"text": "\u0000\ud800"}, "text"),
    ({"text": "x" * 501}, "text"),
    ({"answers": {"a": 1}}, "answers.a"),
    ({"answers": {"activity": {"a": 1}}}, "answers.activity"),
    ({"answers": {"budget": [1, 2, 3]}}, "answers.budget"),
    ({"k": 0}, "k"),
    ({"k": 10**20}, "k"),
    ({"exclude": ["x" * 65]}, "exclude.0"),
    ({"shopper_id": ""}, "shopper_id"),
])
def test_suggest_names_the_bad_field(client: TestClient, body: dict[str, Any], field: str) -> None:
    # Sent as JSON text with \u escapes, as a client would: a lone surrogate cannot be encoded otherwise.
    named = fields(client.post("/api/suggest", content=json.dumps(body), headers={"Content-Type": "application/json"}))
    assert any(name == field or name.startswith(field + ".") for name in named), named


def test_good_answers_in_every_shape_are_taken(client: TestClient) -> None:
    for budget in (150, "under 150", {"max": 150}, {"min": 50, "max": 150}):
        body = {"text": "jacket", "answers": {"activity": ["hiking"], "budget": budget}}
        response = client.post("/api/suggest", json=body)
        assert response.status_code == 200, (budget, response.text)
        assert all(s["price"] <= 150 or (s["sale_price"] or 1e9) <= 150 for s in response.json()["suggestions"])


@pytest.mark.parametrize("path", ["/api/products/R1/similar", "/api/products/R1/bought-together"])
@pytest.mark.parametrize("k", ["-1", "0", str(10**20), "many"])
def test_related_products_bound_k(client: TestClient, path: str, k: str) -> None:
    assert fields(client.get(path, params={"k": k})) == ["k"]


def test_search_names_the_bad_parameter(client: TestClient) -> None:
    assert fields(client.get("/api/search", params={"q": "tent\u0000"})) == ["q"]
    assert fields(client.get("/api/search", params={"q": "tent", "max_price": "inf"})) == ["max_price"]
    assert fields(client.get("/api/search", params={"q": "tent", "gender": "x" * 101})) == ["gender"]
    assert client.get("/api/search", params={"q": "tent"}).status_code == 200
    assert fields(client.get("/api/products/" + "x" * 65 + "/similar")) == ["sku"]


def test_a_blank_search_is_refused_as_its_schema_says(client: TestClient) -> None:
    # Blank words would be searched as nothing: ten arbitrary products for "q=  ", no filter for "gender=  ".
    for params, field in [({"q": "   "}, "q"), ({"q": "\t\n"}, "q"), ({"q": "tent", "gender": " "}, "gender"),
                          ({"q": "tent", "category": "  "}, "category")]:
        response = client.get("/api/search", params=params)
        assert fields(response) == [field] and "blank" in response.json()["detail"][0]["msg"]
    assert client.get("/api/search", params={"q": " tent "}).status_code == 200


def test_the_unexpected_is_a_500_with_a_request_id_and_the_traceback_only_in_the_log(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    services: Services = client.app.state.services  # type: ignore[attr-defined]

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret internals: /srv/db password=hunter2")

    monkeypatch.setattr(services.live_index, "get", broken)
    with caplog.at_level(logging.ERROR, logger="outfitter.web"):
        response = client.get("/api/search", params={"q": "tent"})
    assert response.status_code == 500
    body = response.json()
    assert body == {"detail": "internal error", "request_id": response.headers["X-Request-ID"]}
    assert "hunter2" not in response.text
    logged = caplog.text
    assert body["request_id"] in logged and "hunter2" in logged and "Traceback" in logged
