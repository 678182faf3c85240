"""The finder form: ``validate_finder_form`` reads each answer, ``action_ask_<question>`` asks the next one."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.deps import NO_CATALOG, UsesServices, entities_of, intent_of, send, text_of, unplaced
from bot.finder.form import read_turn
from bot.finder.questions import question
from bot.finder.reading import QUESTIONS
from bot.finder.reply import Reply
from bot.finder.state import FinderState
from recommender.index.versions import IndexVersionError


class ValidateFinderForm(UsesServices, FormValidationAction):
    def name(self) -> str:
        return "validate_finder_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        try:
            index = self.deps.live_index.get()
        except IndexVersionError:
            dispatcher.utter_message(text=NO_CATALOG)
            return []
        answers = FinderState.from_slots(tracker.current_slot_values()).answers
        text = text_of(tracker)

        def turn() -> Reply:
            return read_turn(index, answers, requested=tracker.get_slot("requested_slot"), intent=intent_of(tracker),
                             text=text, entities=entities_of(tracker), done=bool(tracker.get_slot("finder_done")),
                             misunderstood=int(tracker.get_slot("misunderstood") or 0),
                             unplaced=unplaced(self.deps, index, text))

        reply = await asyncio.to_thread(turn)
        return send(dispatcher, reply, tracker) + ([ActiveLoop(None)] if reply.stop else [])


class AskQuestion(UsesServices, Action):
    """Asks one of the finder's questions with buttons for what the catalog has."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        answers = FinderState.from_slots(tracker.current_slot_values()).answers
        asked = await asyncio.to_thread(question, self.deps.live_index.get(), self.slot, answers)
        return send(dispatcher, Reply().say(asked.text, buttons=asked.buttons()), tracker)


# rasa-sdk registers every Action subclass it finds in the module: one class per question.
for _slot in QUESTIONS:
    globals()[f"Ask{_slot.title()}"] = type(f"Ask{_slot.title()}", (AskQuestion,), {"slot": _slot})
