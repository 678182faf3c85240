"""Strangers are kept out of shoppers' data: a browser records and reads only its own history, a customer is
linked to a browser only by the shop's sign-in, and staff need their token."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.keys import Role
from bot.services import Services
from tests.bot.web_helpers import bearer, browser, migrated_services, sign_in
from tests.recommender.shoppers_helpers import order, product, track


@pytest.fixture
def services(tmp_path: Path) -> Services:
    services = migrated_services(tmp_path / "home")
    shop = browser(services)
    # The victim's order, as the shop's order system reports it.
    shop.post("/api/events", json=order("O-V", [product("R1", 149)], "victim-browser", user="victim-1"),
              headers=bearer(services, Role.SHOP)).raise_for_status()
    return services


def test_a_browser_cannot_link_itself_to_a_customer(services: Services) -> None:
    attacker = browser(services)
    response = attacker.post("/api/events", json={"type": "identify", "anonymousId": "attacker-anon",
                                                  "userId": "victim-1"})
    assert response.status_code == 403 and "anonymousId" in response.json()["detail"]
    own = attacker.get("/api/session").json()["anonymous_id"]
    response = attacker.post("/api/events", json={"type": "identify", "anonymousId": own, "userId": "victim-1"})
    assert response.status_code == 403 and "userId: only the shop's sign-in" in response.json()["detail"]
    response = attacker.post("/api/events", json={"type": "identify", "traits": {"email": "a@b.c"}})
    assert response.status_code == 403 and "identify: sign in on the shop" in response.json()["detail"]
    assert attacker.get("/api/shoppers/attacker-anon/profile").status_code == 404
    assert attacker.get("/api/shoppers/victim-1/profile").status_code == 404
    assert attacker.get(f"/api/shoppers/{own}/profile").status_code == 404  # nothing recorded for it


def test_profiles_need_a_session_or_a_staff_token(services: Services) -> None:
    stranger = TestClient(browser(services).app)
    response = stranger.get("/api/shoppers/victim-1/profile")
    assert response.status_code == 401 and "Authorization" in response.json()["detail"]
    wrong = stranger.get("/api/shoppers/victim-1/profile", headers={"Authorization": "Bearer guessed"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "Authorization: not a token of this shop"
    for role in Role:
        staff = stranger.get("/api/shoppers/victim-1/profile", headers=bearer(services, role))
        assert staff.status_code == 200 and staff.json()["frequency"] == 1


def test_a_browser_records_for_its_own_id_which_the_app_issues(services: Services) -> None:
    shopper = browser(services)
    first = shopper.post("/api/events", json=track("Product Viewed", sku="R1") | {"anonymousId": None})
    assert first.status_code == 200 and first.json()["recorded"] == 1
    assert "outfitter_session" in first.cookies
    own = shopper.get("/api/session").json()["anonymous_id"]
    assert shopper.post("/api/events", json=track("Product Added", own, sku="R1")).json()["recorded"] == 1
    profile = shopper.get(f"/api/shoppers/{own}/profile").json()
    assert [item["sku"] for item in profile["recently_carted"]] == ["R1"]
    other = shopper.post("/api/events", json=[track("Product Viewed", own, sku="R1"),
                                              track("Product Viewed", "someone-else", sku="R1")])
    assert other.status_code == 403 and other.json()["detail"].startswith("event 2: anonymousId")


def test_a_forged_or_tampered_session_is_no_session(services: Services) -> None:
    shopper = browser(services)
    token = shopper.get("/api/session").json()["token"]
    forged = TestClient(shopper.app, cookies={"outfitter_session": token[:-2] + "xx"})
    assert forged.get("/api/shoppers/victim-1/profile").status_code == 401
    assert forged.get("/api/session").json()["token"] != token  # a fresh session instead


def test_the_shops_sign_in_joins_the_browser_to_the_customer(services: Services) -> None:
    shopper = browser(services)
    shopper.post("/api/events", json=track("Product Viewed", sku="T1") | {"anonymousId": None})
    before = shopper.cookies.get("outfitter_session")
    session = sign_in(services, shopper, "victim-1")
    assert session["customer_id"] == "victim-1"
    profile = shopper.get("/api/shoppers/victim-1/profile").json()
    assert [p["sku"] for p in profile["recently_purchased"]] == ["R1"]
    assert {p["sku"] for p in profile["recently_viewed"]} >= {"T1"}
    # Events from the signed-in browser are the customer's.
    assert shopper.post("/api/events", json=track("Product Added", sku="T1") | {"anonymousId": None}).status_code == 200
    assert [p["sku"] for p in shopper.get("/api/shoppers/victim-1/profile").json()["recently_carted"]] == ["T1"]
    # The cookie from before the sign-in (left on a shared computer) does not open the customer's history.
    left_behind = TestClient(shopper.app, cookies={"outfitter_session": before})
    anonymous = left_behind.get("/api/session").json()["anonymous_id"]
    assert left_behind.get(f"/api/shoppers/{anonymous}/profile").status_code == 404
    # Signing out starts a new anonymous shopper.
    out = shopper.post("/api/session/sign-out").json()
    assert out["customer_id"] is None and out["anonymous_id"] != session["anonymous_id"]
    assert shopper.get("/api/shoppers/victim-1/profile").status_code == 404


def test_only_the_shop_signs_customers_in_and_only_the_shop_sends_for_anyone(services: Services) -> None:
    client = browser(services)
    body = {"customer_id": "victim-1", "anonymous_id": "attacker-anon"}
    assert client.post("/api/sessions", json=body).status_code == 401
    assert client.post("/api/sessions", json=body, headers=bearer(services, Role.SUPPORT)).status_code == 403
    forbidden = client.post("/api/events", json=track("Product Viewed", "x", sku="R1"),
                            headers=bearer(services, Role.MERCHANDISER))
    assert forbidden.status_code == 403


def test_signing_in_on_a_browser_another_customer_used_keeps_them_apart(services: Services) -> None:
    shopper = browser(services)
    first = sign_in(services, shopper, "victim-1")
    response = shopper.post("/api/sessions", json={"customer_id": "cust-2", "anonymous_id": first["anonymous_id"]},
                            headers=bearer(services, Role.SHOP))
    assert response.status_code == 200
    second = response.json()
    assert second["customer_id"] == "cust-2" and second["anonymous_id"] != first["anonymous_id"]
    support = bearer(services, Role.SUPPORT)
    assert shopper.get("/api/shoppers/cust-2/profile", headers=support).json()["frequency"] == 0
    assert shopper.get("/api/shoppers/victim-1/profile", headers=support).json()["frequency"] == 1
