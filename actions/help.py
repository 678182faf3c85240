"""Help that keeps the conversation going: the glossary, and the ladder when the bot does not understand."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.deps import entities_of, send, text_of
from bot.finder.glossary import explain
from bot.finder.ladder import misunderstood
from bot.finder.reply import Reply


class ActionExplainTerm(Action):
    def name(self) -> str:
        return "action_explain_term"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, Reply().say(explain(text_of(tracker), entities_of(tracker))), tracker)


class ActionFallbackLadder(Action):
    def name(self) -> str:
        return "action_fallback_ladder"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        count = int(tracker.get_slot("misunderstood") or 0) + 1
        reply = misunderstood(count, in_finder=tracker.active_loop_name == "finder_form")
        return send(dispatcher, reply, tracker)
