"""``action_search_products``: the shopper's words to a short list of products from the live index."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.deps import services
from recommender.index.versions import IndexVersionError
from recommender.search import product_cards, search

RESULTS = 3
NO_RESULTS = "I couldn't find anything for that. Could you describe it differently?"
NO_CATALOG = "The catalog isn't available right now, sorry. Please try again in a moment."


def _line(card: dict[str, Any]) -> str:
    price = f"{card['price']:.2f}"
    if card["sale_price"] is not None:
        price = f"{card['sale_price']:.2f} (was {price})"
    return f"• {card['title']} – {price} {card['currency'] or ''}".rstrip()


class ActionSearchProducts(Action):
    def name(self) -> str:
        return "action_search_products"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        deps = services()
        try:
            index = deps.live_index.get()
        except IndexVersionError:
            dispatcher.utter_message(text=NO_CATALOG)
            return []
        # Embedding and FAISS are blocking; off the event loop they cannot stall other conversations.
        result = await asyncio.to_thread(search, index, deps.encoder, text, RESULTS)
        cards = product_cards(index, result.hits)
        if not cards:
            dispatcher.utter_message(text=NO_RESULTS)
            return []
        dispatcher.utter_message(text="Here is what I found:\n" + "\n".join(_line(card) for card in cards))
        dispatcher.utter_message(json_message={"type": "products", "products": cards})
        return []
