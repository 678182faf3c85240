"""Messages the bot cannot place go down the ladder (rephrase, then guided buttons), whatever intent the model
gave them: they never start the finder, fill an answer or get called off-topic."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.finder_form import ValidateFinderForm
from actions.help import ActionOutOfScope
from actions.suggest import ActionSuggest
from bot.finder.ladder import GUIDED_BUTTONS
from bot.finder.unplaced import english_words, unplaceable
from bot.services import Services
from recommender.encoder import PACKAGED_MODEL, resolve_model_path
from tests.actions.conftest import slots_of, texts, tracker

GIBBERISH = "blorf snargle wibble"


def run(action: Any, text: str, intent: str, **kwargs) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    return dispatcher, asyncio.run(action.run(dispatcher, tracker(text, intent, **kwargs), {}))


def test_words_nobody_knows_are_unplaceable_and_shoppers_words_are_not() -> None:
    known = english_words(resolve_model_path(PACKAGED_MODEL) / "vocab.txt") | {"kurta"}
    assert unplaceable(GIBBERISH, known) and unplaceable("zzkx qwop!", known)
    assert unplaceable("snorfle blimp quaxx", known), "one English word by chance does not make a message"
    for text in ("a kurtas for my wife", "lol", "hiking", "under 200", "/inform{\"gender\":\"men\"}", "Highmoor?"):
        assert not unplaceable(text, known | {"highmoor"}), text
    assert not unplaceable("waterprof", known, frozenset({"waterproof"})), "a typo of the shop's words is placed"


def test_an_unplaceable_request_does_not_start_the_finder(finder_services: Services) -> None:
    dispatcher, events = run(ValidateFinderForm(finder_services), GIBBERISH, "find_product")
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    slots = slots_of(events)
    assert slots == {"misunderstood": 1} and "say it another way" in texts(dispatcher)[0]
    dispatcher, events = run(ValidateFinderForm(finder_services), GIBBERISH, "find_product",
                             slots={"misunderstood": 1})
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [b["payload"] for b in GUIDED_BUTTONS]
    dispatcher, events = run(ActionSuggest(finder_services), GIBBERISH, "find_product")
    assert dispatcher.messages == [] and events == [], "no picks for a request nobody could read"


def test_an_unplaceable_answer_fills_nothing_and_the_second_offers_ways_out(finder_services: Services) -> None:
    asked = {"requested_slot": "activity", "category": "jacket"}
    dispatcher, events = run(ValidateFinderForm(finder_services), GIBBERISH, "inform", slots=asked)
    assert slots_of(events) == {"misunderstood": 1}, "not taken as an activity in the shopper's words"
    assert "say it another way" in texts(dispatcher)[0]
    dispatcher, events = run(ValidateFinderForm(finder_services), GIBBERISH, "inform",
                             slots={**asked, "misunderstood": 1})
    assert slots_of(events) == {"misunderstood": 2} and not any(e.get("event") == "active_loop" for e in events)
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/just_search", "/human_handoff"]


def test_out_of_scope_gibberish_is_asked_again_and_a_real_question_is_turned_down(finder_services: Services) -> None:
    dispatcher, events = run(ActionOutOfScope(finder_services), GIBBERISH, "out_of_scope")
    assert slots_of(events) == {"misunderstood": 1} and "say it another way" in texts(dispatcher)[0]
    dispatcher, events = run(ActionOutOfScope(finder_services), GIBBERISH, "out_of_scope",
                             slots={"misunderstood": 1})
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [b["payload"] for b in GUIDED_BUTTONS]
    dispatcher, events = run(ActionOutOfScope(finder_services), "what's the weather like tomorrow", "out_of_scope")
    assert texts(dispatcher)[0].startswith("That's outside what I can help with")
    assert slots_of(events) == {"misunderstood": 0}
