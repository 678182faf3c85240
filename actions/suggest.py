"""``action_suggest`` and the refinements of the products on screen: thin adapters to ``bot.finder.turns``."""

from __future__ import annotations

import asyncio
from contextlib import nullcontext
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.deps import NO_CATALOG, UsesServices, entities_of, send, shopper_of, text_of, unplaced
from bot.finder import turns
from bot.finder.reply import Reply
from bot.finder.state import FinderState
from bot.services import Services
from recommender.index.versions import IndexVersionError


class FinderTurn(UsesServices, Action):
    """Runs one turn function off the event loop: suggesting embeds and searches, which block."""

    action = ""
    suggests = True  # the turn produces a list of suggestions: timed as one

    def name(self) -> str:
        return self.action

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        state = FinderState.from_slots(tracker.current_slot_values())
        try:
            with self.metrics.suggestion_timer("bot") if self.suggests else nullcontext():
                reply = await asyncio.to_thread(self.turn, self.deps, state, tracker)
        except IndexVersionError:
            reply = Reply().say(NO_CATALOG)
        return send(dispatcher, reply, tracker)


class ActionSuggest(FinderTurn):
    action = "action_suggest"

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        if unplaced(deps, deps.live_index.get(), text_of(tracker)):
            return Reply()  # the finder refused a message it could not place: the ladder has answered it
        return turns.show(deps, state, shopper_of(deps, tracker), record=True, conversation_id=tracker.sender_id)


class ActionCheaper(FinderTurn):
    action = "action_cheaper"

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        return turns.cheaper(deps, state, shopper_of(deps, tracker), conversation_id=tracker.sender_id)


class ActionShowMore(FinderTurn):
    action = "action_show_more"

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        return turns.show_more(deps, state, shopper_of(deps, tracker), conversation_id=tracker.sender_id)


class ActionMoreLike(FinderTurn):
    action = "action_more_like"

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        return turns.more_like(deps, state, shopper_of(deps, tracker), text_of(tracker), entities_of(tracker),
                               conversation_id=tracker.sender_id)


class ActionExcludeBrand(FinderTurn):
    action = "action_exclude_brand"

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        return turns.exclude_brand(deps, state, shopper_of(deps, tracker), text_of(tracker), entities_of(tracker),
                                   conversation_id=tracker.sender_id)


class ActionCompare(FinderTurn):
    action = "action_compare"
    suggests = False  # compares the products on screen

    def turn(self, deps: Services, state: FinderState, tracker: Tracker) -> Reply:
        return turns.compare_shown(deps, state, text_of(tracker), entities_of(tracker))


class ActionStartOver(Action):
    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, turns.start_over(), tracker)
