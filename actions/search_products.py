"""Keyword search for a shopper who would rather search than answer questions."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.deps import NO_CATALOG, UsesServices, intent_of, send, shopper_of, text_of
from bot.finder import turns
from bot.finder.reply import Reply
from bot.finder.search_terms import search_terms
from recommender.index.versions import IndexVersionError

# Messages that steer the conversation rather than name what to search for.
COMMANDS = ("start_over", "explain_term", "bot_challenge", "goodbye", "human_handoff", "nlu_fallback")


class ValidateSearchForm(FormValidationAction):
    def name(self) -> str:
        return "validate_search_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        text, intent = text_of(tracker), intent_of(tracker)
        if tracker.get_slot("requested_slot") is None:  # the message that asked to search
            terms = search_terms(text)
        else:
            terms = None if intent in COMMANDS or text.startswith("/") else text.strip()
        return [SlotSet("search_terms", terms)] if terms else []


class ActionAskSearchTerms(Action):
    def name(self) -> str:
        return "action_ask_search_terms"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="What should I search for?")
        return []


class ActionKeywordSearch(UsesServices, Action):
    def name(self) -> str:
        return "action_keyword_search"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        terms = tracker.get_slot("search_terms") or search_terms(text_of(tracker)) or text_of(tracker)
        try:
            with self.metrics.suggestion_timer("bot"):
                reply = await asyncio.to_thread(lambda: turns.search(self.deps, terms,
                                                                     shopper_of(self.deps, tracker),
                                                                     conversation_id=tracker.sender_id))
        except IndexVersionError:
            reply = Reply().say(NO_CATALOG)
        return send(dispatcher, reply, tracker)
