"""Suggestions as the running services give them: ``outfitter eval``, the suggestions API, cached profiles."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db import upgrade
from bot.keys import Role
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.ranking.live_signals import LiveSignals
from recommender.shoppers.profile_cache import ProfileCache
from recommender.shoppers.recording import record_events
from tests.bot.web_helpers import bearer
from tests.conftest import DEMO_CATALOG, ROOT
from tests.recommender.shoppers_helpers import order, product, track

QUERIES, QRELS = ROOT / "data/catalog/demo_queries.jsonl", ROOT / "data/catalog/demo_qrels.jsonl"


def test_eval_prints_each_method_and_each_query(cli: CliRunner, tmp_path: Path) -> None:
    assert cli.invoke(app, ["catalog", "import", str(DEMO_CATALOG)]).exit_code == 0
    per_query = tmp_path / "per-query.jsonl"
    result = cli.invoke(app, ["eval", str(QUERIES), str(QRELS), "--k", "5", "--per-query", str(per_query),
                              "--calibrate"])
    assert result.exit_code == 0, result.output
    assert "40 judged queries" in result.output and "NDCG@5" in result.output
    for method in ("hybrid", "bm25", "dense"):
        assert method in result.output
    assert "d40" in result.output and "W_COSINE" in result.output
    assert len(per_query.read_text().splitlines()) == 40


def test_eval_names_the_bad_line(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": 1, "query": "tent"}\n{"query": "boots"}\n')
    result = cli.invoke(app, ["eval", str(bad), str(QRELS)])
    assert result.exit_code == 1 and "q.jsonl line 2: id missing" in result.output


@pytest.fixture
def client(tmp_path: Path, encoder: Encoder) -> TestClient:
    services = Services(Settings(home=tmp_path / "home"))
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, DEMO_CATALOG, encoder)
        publish_index(session, services.index_store, encoder.model_name)
    services.__dict__["encoder"] = encoder  # the session's encoder, already loaded
    return TestClient(create_app(services))


def test_the_suggestions_api_personalizes_and_explains(client: TestClient) -> None:
    jacket = "OF-RJK-0004"
    shop = bearer(client.app.state.services, Role.SHOP)  # type: ignore[attr-defined]
    client.post("/api/events", json=[track("Product Added", "web-7", sku=jacket, price=119.9),
                                     order("o-1", [product(jacket, 119.9), product("OF-FLC-0001", 60)], "web-8")],
                headers=shop)
    body = client.post("/api/suggest", json={"text": "rain jacket for women", "k": 4, "shopper_id": "web-7"},
                       headers=shop).json()
    assert body["filters"] == {"gender": "women", "category": "rain jackets", "in_stock": True}
    first = body["suggestions"][0]
    assert first["sku"] == jacket and first["reasons"][0] == {"code": "in_cart", "text": "still in your cart"}
    assert {"title", "price", "sale_price", "image_url", "url", "match"} <= set(first)

    bad = client.post("/api/suggest", json={"text": "tent", "filters": {"colour": "red"}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "filters", "colour"]
    stranger = client.post("/api/suggest", json={"text": "rain jacket", "shopper_id": "web-7"})
    assert stranger.status_code == 403 and stranger.json()["detail"].startswith("shopper_id:")
    # A browser's own session personalizes its page without naming anyone.
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()  # a cart left a day ago is abandoned
    client.post("/api/events", json={"type": "track", "event": "Product Added", "properties": {"sku": jacket},
                                     "timestamp": yesterday})
    own = client.post("/api/suggest", json={"text": "rain jacket for women", "k": 4}).json()["suggestions"][0]
    assert own["sku"] == jacket and own["reasons"][0]["code"] == "in_cart"

    similar = client.get(f"/api/products/{jacket}/similar?k=3").json()["similar"]
    assert len(similar) == 3 and all(item["sku"] != jacket for item in similar)
    assert client.get(f"/api/products/{jacket}/bought-together").json()["bought_together"][0]["sku"] == "OF-FLC-0001"
    assert client.get("/api/products/NOPE/similar").status_code == 404


def test_a_cached_profile_is_rebuilt_only_when_something_new_is_known(session: Session) -> None:
    record_events(session, [track("Product Viewed", "anon-5", sku="A1")])
    session.commit()
    cache = ProfileCache()
    first = cache.get(session, "anon-5")
    assert first is not None and [i.sku for i in first.recently_viewed] == ["A1"]
    assert cache.get(session, "anon-5") is first
    record_events(session, [track("Product Viewed", "anon-5", sku="B2")])
    session.commit()
    again = cache.get(session, "anon-5")
    assert again is not first and {i.sku for i in again.recently_viewed} == {"A1", "B2"}
    assert cache.get(session, "nobody") is None


def test_live_signals_catch_up_with_new_orders_in_the_background(tmp_path: Path) -> None:
    services = Services(Settings(home=tmp_path / "home"))
    upgrade(services.engine)
    live = LiveSignals(services.sessions, interval=0.0)
    assert live.get().bought_with("A") == []
    with services.sessions() as session:
        record_events(session, [order("o-1", [product("A"), product("B")], "anon-1")])
        session.commit()
    deadline = time.monotonic() + 10
    while not live.get().bought_with("A") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [sku for sku, _ in live.get().bought_with("A")] == ["B"]
