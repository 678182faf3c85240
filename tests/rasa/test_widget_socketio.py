"""The widget's channel end to end: rasa-webchat's socket.io protocol carries the page's signed session as
`customData` (the message metadata the bot trusts), the opening uses the shopper's history, and suggestions
arrive as the custom `bot_uttered` message the widget's product cards draw."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.identity import ShopperSession
from bot.services import Services
from recommender.shoppers.recording import record_events
from tests.rasa.widget_client import Widget

pytestmark = pytest.mark.rasa


@pytest.fixture
def browsed(assistant: Services) -> Iterator[Widget]:
    """A shopper who looked at three women's rain jackets, with the widget open on the shop's page."""
    index = assistant.live_index.get()
    jackets = [str(index.column("sku")[r]) for r in range(len(index))
               if index.column("category")[r] == "rain jackets" and index.column("gender")[r] == "women"][:3]
    now = datetime.now(UTC)
    with assistant.sessions.begin() as db:
        record_events(db, [{"type": "track", "event": "Product Viewed", "anonymousId": "anon-widget-1",
                            "timestamp": (now - timedelta(minutes=3 - n)).isoformat(), "properties": {"sku": sku}}
                           for n, sku in enumerate(jackets)])
    session = assistant.signer.sign(ShopperSession("anon-widget-1"))
    page = Widget(f"http://127.0.0.1:{assistant.settings.rasa_port}", {"session": session})
    yield page
    page.client.disconnect()


def test_the_widget_hears_an_opening_from_history_and_a_carousel_it_can_draw(browsed: Widget,
                                                                             assistant: Services) -> None:
    browsed.say("/greet")
    assert browsed.hear("looking at rain jackets") == \
        "Hi! I see you've been looking at rain jackets. Want help choosing?"
    browsed.say("waterproof hiking jacket for women under 200")
    carousel = browsed.hear_payload("carousel")
    assert carousel["suggestion_id"].startswith("sug-") and len(carousel["products"]) == 3
    index = assistant.live_index.get()
    for n, card in enumerate(carousel["products"], 1):
        assert card["position"] == n and card["url"] == f"/products/{card['sku']}"
        assert card["image_url"] == f"/static/products/{card['sku']}.svg" and card["reasons"]
        assert card["match"] in ("high", "medium", "low") and card["buttons"][0]["title"] == "More like this"
        assert index.effective_price[index.row_of_sku(card["sku"])] <= 200
