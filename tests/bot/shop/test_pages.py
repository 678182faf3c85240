"""The shop's browsing pages over the demo catalog: what they show, and the events each one sends."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.db import upgrade
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from tests.bot.shop.conftest import page_events, send_events


def skus_on(html: str) -> list[str]:
    return re.findall(r'<article class="card" data-sku="([^"]+)"', html)


def test_the_home_page_shows_categories_and_starts_a_session(shopper: TestClient) -> None:
    response = shopper.get("/")
    assert response.status_code == 200
    assert "outfitter_session" in response.cookies
    assert 'href="/shop?category=rain%20jackets"' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    [listed] = page_events(response.text)
    assert listed["event"] == "Product List Viewed" and listed["properties"]["products"]


def test_a_listing_filters_pages_and_counts_products_not_colours(shopper: TestClient,
                                                                  shop_services: Services) -> None:
    index = shop_services.live_index.get()
    response = shopper.get("/shop", params={"category": "rain jackets", "gender": "women"})
    assert response.status_code == 200
    skus = skus_on(response.text)
    assert skus and all(index.column("category")[index.row_of_sku(s)] == "rain jackets" and
                        index.column("gender")[index.row_of_sku(s)] in ("women", "unisex") for s in skus)
    # One card per product: the colour variants of a jacket share a card and are listed on it.
    titles = [re.sub(r" – \w+$", "", index.column("title")[index.row_of_sku(s)]) for s in skus]
    assert len(titles) == len(set(titles))
    [listed] = page_events(response.text)
    assert [p["sku"] for p in listed["properties"]["products"]] == skus
    assert listed["properties"]["category"] == "rain jackets"

    first, second = shopper.get("/shop", params={"page": 1}), shopper.get("/shop", params={"page": 2})
    assert set(skus_on(first.text)).isdisjoint(skus_on(second.text)) and len(skus_on(first.text)) == 24
    cheap = shopper.get("/shop", params={"max_price": 30, "sort": "price-desc"})
    prices = [float(index.effective_price[index.row_of_sku(s)]) for s in skus_on(cheap.text)]
    assert prices and max(prices) <= 30 and prices == sorted(prices, reverse=True)


def test_a_sale_item_shows_its_sale_price_beside_its_list_price(shopper: TestClient, shop_services: Services) -> None:
    index = shop_services.live_index.get()
    on_sale = shopper.get("/shop", params={"on_sale": "true"})
    sku = skus_on(on_sale.text)[0]
    row = index.row_of_sku(sku)
    card = on_sale.text.split(f'data-sku="{sku}"')[1].split("</article>")[0]
    sale, listed = f"{index.sale_price[row]:,.2f} €", f"{index.price[row]:,.2f} €"
    assert f'<span class="sale">{sale}</span><s aria-label="was">{listed}</s>' in card


def test_search_shows_one_card_per_product_and_sends_its_events(shopper: TestClient) -> None:
    response = shopper.get("/search", params={"q": "waterproof rain jacket"})
    assert response.status_code == 200
    skus = skus_on(response.text)
    assert skus and len(skus) == len(set(skus))
    searched, listed = page_events(response.text)
    assert searched["event"] == "Products Searched" and searched["properties"]["query"] == "waterproof rain jacket"
    assert [p["sku"] for p in listed["properties"]["products"]] == skus
    report = send_events(shopper, response.text)
    assert report["recorded"] == 2 and not report["rejected"]


def test_a_product_page_shows_the_product_and_what_goes_with_it(shopper: TestClient,
                                                                 shop_services: Services) -> None:
    index = shop_services.live_index.get()
    sku = next(s for s in index.column("sku") if index.column("category")[index.row_of_sku(s)] == "rain jackets"
               and index.stock[index.row_of_sku(s)] > 0)
    response = shopper.get(f"/products/{sku}")
    assert response.status_code == 200
    assert index.column("title")[index.row_of_sku(sku)] in html.unescape(response.text)
    assert 'data-test="similar"' in response.text and 'action="/cart/items"' in response.text
    [viewed] = page_events(response.text)
    assert viewed["event"] == "Product Viewed" and viewed["properties"]["sku"] == sku
    assert send_events(shopper, response.text)["recorded"] == 1


def test_an_unknown_product_is_a_page_that_says_so(shopper: TestClient) -> None:
    response = shopper.get("/products/NO-SUCH-SKU")
    assert response.status_code == 404 and "NO-SUCH-SKU" in response.text


def test_a_bad_filter_is_named_on_a_page(shopper: TestClient) -> None:
    response = shopper.get("/shop", params={"page": "two"}, headers={"accept": "text/html"})
    assert response.status_code == 422 and "<b>page</b>" in response.text
    api = shopper.get("/shop", params={"sort": "cheapest"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "sort"]


def test_a_catalog_without_pictures_shows_the_drawn_ones(tmp_path: Path, small_catalog: Path) -> None:
    services = Services(Settings(home=tmp_path / "home"))
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, small_catalog, services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)
        session.commit()
    browser = TestClient(create_app(services))
    listing = browser.get("/shop").text
    pictures = re.findall(r'<img src="([^"]*)"', listing)
    assert pictures and all(p.startswith("/static/products/") and p.endswith(".svg") for p in pictures)
    assert all(browser.get(p).status_code == 200 for p in pictures)
    assert '<img class="main" src="/static/products/R1.svg"' in browser.get("/products/R1").text


@pytest.mark.parametrize(("gender", "heading"), [("women", "Women's rain jackets"), ("girls", "Girls' rain jackets"),
                                                 ("unisex", "Unisex rain jackets")])
def test_a_listing_heading_names_its_audience_as_english_does(shopper: TestClient, gender: str, heading: str) -> None:
    response = shopper.get("/shop", params={"category": "rain jackets", "gender": gender})
    assert f"<h1>{heading}</h1>" in response.text.replace("&#39;", "'")
