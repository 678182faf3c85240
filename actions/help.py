"""Help that keeps the conversation going: the glossary, and the ladder when the bot does not understand."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.deps import UsesServices, entities_of, send, text_of, unplaced
from bot.finder.glossary import explain
from bot.finder.ladder import misunderstood, out_of_scope
from bot.finder.reply import Reply
from recommender.index.versions import IndexVersionError


class ActionExplainTerm(Action):
    def name(self) -> str:
        return "action_explain_term"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, Reply().say(explain(text_of(tracker), entities_of(tracker))), tracker)


class ActionOutOfScope(UsesServices, Action):
    """Out of scope, unless most words of the message are known to nobody: the model is sure of itself on gibberish,
    which is a message to rephrase, not a request to turn down."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        try:
            gibberish = await asyncio.to_thread(unplaced, self.deps, self.deps.live_index.get(), text_of(tracker))
        except IndexVersionError:
            gibberish = False
        reply = out_of_scope(int(tracker.get_slot("misunderstood") or 0) + 1, unplaced=gibberish,
                             in_finder=tracker.active_loop_name == "finder_form")
        return send(dispatcher, reply, tracker)


class ActionFallbackLadder(Action):
    def name(self) -> str:
        return "action_fallback_ladder"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        count = int(tracker.get_slot("misunderstood") or 0) + 1
        reply = misunderstood(count, in_finder=tracker.active_loop_name == "finder_form")
        return send(dispatcher, reply, tracker)
