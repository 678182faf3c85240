"""Cart and checkout: the events the pages send, and an order the support desk finds with its Order Completed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.services import Services
from bot.support.models import Order
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.models import Event
from tests.bot.shop.conftest import page_events, send_events


def sized_sku(services: Services) -> tuple[str, str]:
    index = services.live_index.get()
    for row in range(len(index)):
        sizes = list(index.attrs["sizes"].iat[row])
        if sizes and not (index.stock[row] <= 0):
            return str(index.column("sku")[row]), sizes[0]
    raise AssertionError("the demo catalog has sized products")


def test_adding_to_the_cart_and_checking_out_places_an_order(shopper: TestClient, shop_services: Services) -> None:
    sku, size = sized_sku(shop_services)
    added = shopper.post("/cart/items", data={"sku": sku, "size": size, "quantity": "2"})
    assert added.status_code == 200 and added.url.path == "/cart"  # followed the redirect
    events = page_events(added.text)
    assert [e["event"] for e in events] == ["Product Added", "Cart Viewed"]
    assert events[0]["properties"]["sku"] == sku and events[0]["properties"]["quantity"] == 2
    assert send_events(shopper, added.text)["recorded"] == 2
    assert page_events(shopper.get("/cart").text)[0]["event"] == "Cart Viewed", "the added event is sent once"

    checkout = shopper.get("/checkout")
    [started] = page_events(checkout.text)
    assert started["event"] == "Checkout Started" and started["properties"]["products"][0]["quantity"] == 2

    refused = shopper.post("/checkout", data={"email": "not-an-address"})
    assert refused.status_code == 422 and "email:" in refused.text
    placed = shopper.post("/checkout", data={"email": "jo@example.org"})
    assert placed.status_code == 200 and placed.url.path.startswith("/orders/OF-2")
    number = placed.url.path.rsplit("/", 1)[1]
    assert number in placed.text and shopper.get("/cart").text.count("data-sku") == 0

    anonymous = shopper.get("/api/session").json()["anonymous_id"]
    with shop_services.sessions() as db:
        order = db.scalar(select(Order).where(Order.order_number == number))
        assert order is not None and order.email == "jo@example.org" and order.status == "paid"
        assert order.lines[0].sku == sku and order.lines[0].quantity == 2
        completed = db.scalar(select(Event).where(Event.order_id == number))
        assert completed is not None and completed.name == "Order Completed"
        assert completed.shopper_id == shopper_id_of(db, anonymous)
        assert completed.revenue == order.total


def test_a_size_the_product_lacks_is_refused_by_name(shopper: TestClient, shop_services: Services) -> None:
    sku, _ = sized_sku(shop_services)
    refused = shopper.post("/cart/items", data={"sku": sku, "size": "XXXXL"})
    assert refused.status_code == 422 and "size: choose one of" in refused.text
    assert shopper.post("/cart/items", data={"sku": "NOPE"}).status_code == 422


def test_removing_a_line_sends_product_removed(shopper: TestClient, shop_services: Services) -> None:
    sku, size = sized_sku(shop_services)
    shopper.post("/cart/items", data={"sku": sku, "size": size})
    removed = shopper.post("/cart/items/1/remove")
    assert [e["event"] for e in page_events(removed.text)] == ["Product Removed"]
    assert "Your cart is empty" in removed.text


def test_an_order_page_is_only_for_the_browser_that_placed_it(shopper: TestClient, shop_services: Services) -> None:
    sku, size = sized_sku(shop_services)
    shopper.post("/cart/items", data={"sku": sku, "size": size})
    number = shopper.post("/checkout", data={"email": "kim@example.org"}).url.path.rsplit("/", 1)[1]
    stranger = TestClient(shopper.app)
    response = stranger.get(f"/orders/{number}")
    assert response.status_code == 404 and "kim@example.org" not in response.text


def test_signing_in_as_a_demo_customer_links_the_browser(shopper: TestClient, shop_services: Services) -> None:
    anonymous = shopper.get("/api/session").json()["anonymous_id"]
    signed = shopper.post("/account/sign-in", data={"customer": "alex"})
    assert signed.status_code == 200 and 'data-test="signed-in"' in signed.text
    session = shopper.get("/api/session").json()
    assert session["customer_id"] == "demo-alex" and session["anonymous_id"] == anonymous
    sku, size = sized_sku(shop_services)
    shopper.post("/cart/items", data={"sku": sku, "size": size})
    assert 'value="alex@example.com"' in shopper.get("/checkout").text, "the customer's email is filled in"
    assert shopper.post("/account/sign-in", data={"customer": "mallory"}).status_code == 422
    shopper.post("/account/sign-out")
    assert shopper.get("/api/session").json()["customer_id"] is None


def test_a_product_sold_out_since_its_page_was_opened_is_refused(shopper: TestClient,
                                                                 shop_services: Services) -> None:
    index = shop_services.live_index.get()
    sold_out = next(str(s) for s in index.column("sku") if index.stock[index.row_of_sku(str(s))] <= 0)
    sizes = list(index.attrs["sizes"].iat[index.row_of_sku(sold_out)])
    refused = shopper.post("/cart/items", data={"sku": sold_out, "size": sizes[0] if sizes else ""})
    assert refused.status_code == 422 and "is out of stock" in refused.text
    assert "Your cart is empty" in shopper.get("/cart").text
