"""The actions that show products record each page under the conversation it was shown in, and the carousel
carries the list's id for the widget's clicks."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions import suggest
from actions.search_products import ActionKeywordSearch
from bot.identity import ShopperSession
from bot.services import Services
from recommender.feedback.models import SuggestionList
from tests.actions.conftest import payloads, tracker
from tests.actions.test_suggestions import ONE_SHOT


def shown(services: Services, action: Any, **kwargs: Any) -> SuggestionList:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker(**kwargs), {}))
    list_id = payloads(dispatcher)[0]["suggestion_id"]
    with services.sessions() as session:
        found = session.get(SuggestionList, list_id)
        assert found is not None
        _ = found.items  # loaded while the session is open
        return found


def test_a_suggestion_page_is_recorded_for_its_conversation_and_shopper(finder_services: Services) -> None:
    session = finder_services.signer.sign(ShopperSession(anonymous_id="anon-lists"))
    found = shown(finder_services, suggest.ActionSuggest(finder_services), slots=ONE_SHOT, sender="conv-lists",
                  metadata={"session": session})
    assert (found.conversation_id, found.external_id, found.experiment_group) == \
        ("conv-lists", "anon-lists", "personalized")


def test_refinements_and_keyword_search_are_recorded_too(finder_services: Services) -> None:
    cheaper = shown(finder_services, suggest.ActionCheaper(finder_services), text="cheaper", intent="cheaper",
                    slots={**ONE_SHOT, "shown": ["OF-RJK-0004", "OF-RJK-0017"], "finder_done": True},
                    sender="conv-cheaper")
    assert (cheaper.conversation_id, cheaper.external_id, cheaper.experiment_group) == \
        ("conv-cheaper", "chat:conv-cheaper", "outside")
    found = shown(finder_services, ActionKeywordSearch(finder_services), text="red backpacks", intent="search",
                  sender="conv-search")
    assert found.conversation_id == "conv-search" and found.items
