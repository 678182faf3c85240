"""The events API records Segment calls from the shop's pages and servers; the profile API shows what they
add up to."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.keys import Role
from bot.services import Services
from bot.web.app import create_app
from tests.bot.web_helpers import bearer, migrated_services
from tests.recommender.shoppers_helpers import order, product, track


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return migrated_services(tmp_path / "home")


@pytest.fixture
def shop(services: Services) -> TestClient:
    """The shop's servers: they send events for any shopper with the shop's token."""
    return TestClient(create_app(services), headers=bearer(services, Role.SHOP))


def test_one_call_a_list_and_a_segment_batch(shop: TestClient) -> None:
    response = shop.post("/api/events", json=track("Product Viewed", "web-1", sku="R1", message="m1"))
    assert response.status_code == 200 and response.json()["recorded"] == 1
    body = shop.post("/api/events", json={"batch": [
        track("Product Viewed", "web-1", sku="R1", message="m1"),  # a retry
        track("Product Added", "web-1", sku="R1"),
        track("Product Added", "web-1", price=5),
    ]}).json()
    assert (body["recorded"], body["duplicates"]) == (1, 1)
    assert body["rejected"] == [{"position": 3, "event": "Product Added",
                                 "reason": "properties.sku/product_id: this event is about one product; name it"}]
    listed = shop.post("/api/events", json=[order("O1", [product("R1", 149)], "web-1", user="c-9")]).json()
    assert listed["recorded"] == 1


def test_nothing_good_is_a_bad_request_that_names_the_field(shop: TestClient) -> None:
    response = shop.post("/api/events", json={"event": "Product Viewed", "properties": {"sku": "A"}})
    assert response.status_code == 400
    assert "anonymousId/userId" in response.json()["rejected"][0]["reason"]
    assert shop.post("/api/events", json=[]).status_code == 400
    assert shop.post("/api/events", content=b"{not json", headers={"Content-Type": "application/json"}).json() \
        == {"detail": "body: not valid JSON"}


def test_a_body_too_large_is_refused_before_it_is_parsed(shop: TestClient) -> None:
    huge = track("Products Searched", "web-1", query="x" * 1_100_000)
    response = shop.post("/api/events", json=huge)
    assert response.status_code == 413 and "at most 1,000,000 bytes" in response.json()["detail"]


def test_the_profile_follows_the_shopper_across_identification(shop: TestClient) -> None:
    calls = [track("Product Viewed", "web-2", sku="R1"),
             order("O2", [product("R1", 149, category="rain jackets")], "web-2", user="c-2")]
    for call in calls:
        del call["timestamp"]  # received now, as from a live page
    shop.post("/api/events", json=calls)
    by_browser = shop.get("/api/shoppers/web-2/profile").json()
    by_customer = shop.get("/api/shoppers/c-2/profile").json()
    assert by_browser == by_customer | {"as_of": by_browser["as_of"]}
    assert by_customer["lifecycle"] == "first-time-buyer" and by_customer["frequency"] == 1
    assert [p["sku"] for p in by_customer["recently_purchased"]] == ["R1"]
    assert shop.get("/api/shoppers/nobody/profile").status_code == 404


def test_absurd_values_are_rejected_naming_the_field_and_the_profile_stays_sane(shop: TestClient) -> None:
    good = order("O-ok", [product("R1", 149)], "web-3")
    calls = [order("O-huge", [product("R1", 149)], "web-3", total=1e308),
             order("O-many", [product("R1", 149, quantity=10**12)], "web-3"),
             order("O-half", [product("R1", 149, quantity=1.5)], "web-3"),
             track("Product Viewed", "web-3", sku="R1", when="9999-01-01T00:00:00Z"),
             track("Product Viewed", "web-3", sku="R1") | {"timestamp": 12345},
             track("Product Viewed", "x" * 1_000, sku="R1"),
             good]
    body = shop.post("/api/events", json=calls).json()
    reasons = {r["position"]: r["reason"] for r in body["rejected"]}
    assert body["recorded"] == 1 and sorted(reasons) == [1, 2, 3, 4, 5, 6]
    assert reasons[1].startswith("properties.total") and reasons[2].startswith("properties.products[0].quantity")
    assert reasons[3].startswith("properties.products[0].quantity") and reasons[4].startswith("timestamp")
    assert reasons[5].startswith("timestamp") and reasons[6].startswith("anonymousId")
    profile = shop.get("/api/shoppers/web-3/profile").json()
    assert profile["monetary"] == 149 and profile["frequency"] == 1
