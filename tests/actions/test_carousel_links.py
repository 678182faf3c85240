"""The carousel's product links and pictures open in the shop: every URL a card carries answers 200."""

from __future__ import annotations

from fastapi.testclient import TestClient

from actions import suggest
from bot.services import Services
from bot.web.app import create_app
from tests.actions.conftest import payloads
from tests.actions.test_suggestions import ONE_SHOT, run


def test_every_card_links_to_a_page_and_a_picture_the_shop_serves(finder_services: Services) -> None:
    shop = TestClient(create_app(finder_services))
    dispatcher, _ = run(suggest.ActionSuggest(finder_services), slots={**ONE_SHOT, "fit": "men"}, sender="links")
    cards = payloads(dispatcher)[0]["products"]
    assert cards
    for card in cards:
        page = shop.get(card["url"])
        assert page.status_code == 200 and card["sku"] in page.text, card["url"]
        picture = shop.get(card["image_url"])
        assert picture.status_code == 200 and picture.headers["content-type"].startswith("image/"), card["image_url"]
