"""The bot's opening: what it says to a stranger, to a shopper who answered the finder before, to one with a cart
left behind and to one who has been browsing a category; and a tap on "Yes, show me" gives the finder back the
earlier answers."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

from rasa_sdk.executor import CollectingDispatcher

from actions.deps import channel_payload
from actions.opening import ActionGreet
from bot.finder.reading import read_message
from bot.identity import ShopperSession
from bot.services import Services
from recommender.shoppers.preferences import record_answers_for
from recommender.shoppers.recording import record_events
from tests.actions.conftest import texts, tracker


def greet(services: Services, shopper: str | None) -> CollectingDispatcher:
    metadata = {"session": services.signer.sign(ShopperSession(shopper))} if shopper else {}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGreet(services).run(dispatcher, tracker("hi", "greet", metadata=metadata), {}))
    return dispatcher


def seen(services: Services, shopper: str, event: str, skus: list[str], *, hours_ago: float = 0) -> None:
    now = datetime.now(UTC) - timedelta(hours=hours_ago)
    calls = [{"type": "track", "event": event, "anonymousId": shopper,
              "timestamp": (now - timedelta(minutes=len(skus) - n)).isoformat(), "properties": {"sku": sku}}
             for n, sku in enumerate(skus)]
    with services.sessions.begin() as session:
        assert record_events(session, calls).recorded == len(calls)


def skus_of(services: Services, category: str, gender: str, count: int) -> list[str]:
    index = services.live_index.get()
    rows = [r for r in range(len(index)) if index.column("category")[r] == category
            and index.column("gender")[r] == gender]
    return [str(index.column("sku")[r]) for r in rows[:count]]


def test_a_stranger_gets_the_plain_welcome(finder_services: Services) -> None:
    dispatcher = greet(finder_services, None)
    assert texts(dispatcher)[0].startswith("Hi! I'm Outfitter.")
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["Help me choose", "Just search", "Track an order"]


def test_earlier_answers_are_said_back_and_a_tap_resumes_them(finder_services: Services) -> None:
    shopper = f"anon-{uuid.uuid4().hex[:8]}"
    with finder_services.sessions.begin() as session:
        record_answers_for(session, shopper, {"category": "rain jackets", "activity": "hiking",
                                              "features": ["waterproof", "packable"], "fit": "women",
                                              "budget": {"min": None, "max": 200.0}})
    dispatcher = greet(finder_services, shopper)
    assert texts(dispatcher)[0] == ("Welcome back! Still looking for rain jackets for hiking "
                                    "(waterproof, packable, women, up to 200 €)?")
    resume = dispatcher.messages[0]["buttons"][0]
    assert resume["title"] == "Yes, show me"
    intent, _, raw = resume["payload"].partition("{")
    assert intent == "/find_product"
    entities = [{"entity": name, "value": value} for name, values in json.loads("{" + raw).items()
                for value in (values if isinstance(values, list) else [values])]
    index = finder_services.live_index.get()
    read = read_message(resume["payload"], entities, index, index.effective_price)
    assert read["category"] == "rain jackets" and read["activity"] == "hiking"
    assert set(read["features"]) == {"waterproof", "packable"} and read["fit"] == "women"
    assert read["budget"].max == 200


def test_a_cart_left_behind_is_mentioned_by_name(finder_services: Services) -> None:
    shopper = f"anon-{uuid.uuid4().hex[:8]}"
    sku = skus_of(finder_services, "hiking boots", "men", 1)[0]
    seen(finder_services, shopper, "Product Added", [sku], hours_ago=3)  # a cart from an earlier visit
    index = finder_services.live_index.get()
    title = index.column("title")[index.row_of_sku(sku)]
    assert texts(greet(finder_services, shopper))[0].startswith(f"Welcome back! The {title} is still in your cart.")


def test_browsing_a_category_is_offered_help_with_it(finder_services: Services) -> None:
    shopper = f"anon-{uuid.uuid4().hex[:8]}"
    seen(finder_services, shopper, "Product Viewed", skus_of(finder_services, "rain jackets", "women", 3))
    dispatcher = greet(finder_services, shopper)
    assert texts(dispatcher)[0] == "Hi! I see you've been looking at rain jackets. Want help choosing?"
    assert dispatcher.messages[0]["buttons"][0]["payload"] == '/find_product{"category":"rain jackets"}'


def test_socketio_gets_custom_payloads_under_data_and_rest_as_they_are() -> None:
    carousel = {"type": "carousel", "products": []}
    # Rasa 3.6's socket.io channel calls emit(event, **payload): only "data" reaches the widget.
    assert channel_payload(carousel, "socketio") == {"data": carousel}
    assert channel_payload(carousel, "rest") is carousel
    assert channel_payload(None, "socketio") is None
