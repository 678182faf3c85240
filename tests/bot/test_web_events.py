"""The events API records Segment calls from the shop's pages and servers; the profile API shows what they
add up to."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.keys import Role
from bot.services import Services
from bot.web.app import create_app
from recommender.shoppers.models import Event
from recommender.shoppers.spec import EVENTS
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


ONE_OF_EACH = {  # a valid call of every event the API records, with what it is about
    "Product Viewed": {"sku": "R1", "price": 189},
    "Product List Viewed": {"list_id": "rain", "products": [product("R1", 189), product("R2", 99)]},
    "Products Searched": {"query": "rain jacket"},
    "Product Added": {"sku": "R1", "price": 189},
    "Product Removed": {"sku": "R1"},
    "Cart Viewed": {"products": [product("R1", 189)]},
    "Checkout Started": {"products": [product("R1", 189)], "revenue": 189},
    "Order Completed": {"order_id": "O-7", "products": [product("R1", 189)]},
    "Order Refunded": {"order_id": "O-7", "products": [product("R1", 189)]},
    "Coupon Applied": {"coupon_id": "SPRING"},
    "Product Clicked": {"sku": "R2", "list_id": "sug-abc", "position": 2},
}


@pytest.mark.parametrize("event", list(ONE_OF_EACH))
def test_each_event_type_is_recorded_with_its_products(services: Services, shop: TestClient, event: str) -> None:
    body = shop.post("/api/events", json=track(event, "web-9", **ONE_OF_EACH[event])).json()
    assert (body["recorded"], body["rejected"]) == (1, [])
    with services.sessions() as session:
        stored = session.scalars(select(Event)).one()
        skus = [item.sku for item in stored.items]
    assert stored.name == event and stored.properties == ONE_OF_EACH[event]
    wanted = ONE_OF_EACH[event].get("sku")
    assert skus == ([wanted] if wanted else [p["sku"] for p in ONE_OF_EACH[event].get("products", [])])


def test_every_event_the_spec_accepts_is_in_that_list() -> None:
    assert set(ONE_OF_EACH) == set(EVENTS)


def test_a_click_names_its_list_and_position_or_is_rejected_naming_the_field(shop: TestClient) -> None:
    calls = [track("Product Clicked", "web-8", sku="R1", list_id="sug-1", position=0),
             track("Product Clicked", "web-8", sku="R1", list_id="sug-1", position=True),
             track("Product Clicked", "web-8", sku="R1", list_id="x" * 121, position=1),
             track("Product Clicked", "web-8", list_id="sug-1", position=1)]
    reasons = [r["reason"] for r in shop.post("/api/events", json=calls).json()["rejected"]]
    assert [r.split(":")[0] for r in reasons] == ["properties.position", "properties.position", "properties.list_id",
                                                  "properties.sku/product_id"]


def test_a_boolean_is_no_price_quantity_or_order_value(services: Services, shop: TestClient) -> None:
    calls = [track("Product Added", "web-5", sku="R1", price=True),
             track("Product Added", "web-5", sku="R1", quantity=True),
             track("Product Viewed", "web-5", sku="R1", price=189, list_price=False),
             order("O-5", [product("R1", 189)], "web-5", revenue=True),
             track("Product Added", "web-5", sku="R1", price="189", quantity="2")]  # numbers as text are numbers
    body = shop.post("/api/events", json=calls).json()
    assert [r["reason"] for r in body["rejected"]] == [
        "properties.price: expected a number, got a boolean",
        "properties.quantity: expected a whole number, got a boolean",
        "properties.list_price: expected a number, got a boolean",
        "properties.revenue: expected a number, got a boolean"]
    with services.sessions() as session:
        assert [(i.price, i.quantity) for e in session.scalars(select(Event)) for i in e.items] == [(189.0, 2)]


def test_a_bad_line_is_named_by_its_path_and_the_good_calls_are_kept(services: Services, shop: TestClient) -> None:
    calls = [order("O-8", [product("R1", 189), product("R2", -5)], "web-7"), track("Product Viewed", "web-7", sku="R1")]
    body = shop.post("/api/events", json=calls).json()
    assert body["recorded"] == 1
    assert body["rejected"][0]["reason"] == "properties.products[1].price: Input should be greater than or equal to 0"
    with services.sessions() as session:
        assert session.scalars(select(Event.name)).all() == ["Product Viewed"]


def test_a_click_is_recorded_but_is_no_view_in_the_profile(shop: TestClient) -> None:
    click = track("Product Clicked", "web-6", sku="R1", category="rain jackets", list_id="sug-1", position=1)
    del click["timestamp"]
    assert shop.post("/api/events", json=click).json()["recorded"] == 1
    profile = shop.get("/api/shoppers/web-6/profile").json()
    assert profile["recently_viewed"] == [] and profile["category_affinity"] == []
    shop.post("/api/events", json=track("Product Viewed", "web-6", sku="R1", category="rain jackets")
              | {"timestamp": None})
    viewed = shop.get("/api/shoppers/web-6/profile").json()
    assert [p["sku"] for p in viewed["recently_viewed"]] == ["R1"]
