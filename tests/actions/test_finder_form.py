"""validate_finder_form and the questions, against the demo catalog: what a message fills, what is asked."""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.finder_form import ValidateFinderForm
from bot.finder.questions import question
from bot.finder.reading import ANY, QUESTIONS, SKIPPED
from bot.services import Services
from recommender.ranking.cuts import CUTS, read_cut
from tests.actions.conftest import slots_of, texts, tracker


def validate(services: Services, text: str, intent: str = "inform", **kwargs) -> tuple[dict, list[str]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateFinderForm(services).run(dispatcher, tracker(text, intent, **kwargs), {}))
    return slots_of(events), texts(dispatcher)


def test_a_request_that_says_everything_goes_straight_to_suggestions(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "waterproof hiking jacket for women under 200", "find_product")
    assert slots["category"] == "jacket" and slots["activity"] == "hiking" and slots["fit"] == "women"
    assert slots["features"] == ["waterproof"] and slots["budget"] == {"min": None, "max": 200.0}
    assert all(slots.get(q) is not None for q in QUESTIONS), "every question answered or skipped: no more asked"
    assert slots["conditions"] == SKIPPED


def test_a_vague_request_leaves_questions_to_ask(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "I need a jacket", "find_product")
    assert slots["category"] == "jacket"
    assert "activity" not in slots, "the activity is the next question"


def test_budget_answers_in_words_become_budgets(finder_services: Services) -> None:
    asked = {"slots": {"requested_slot": "budget", "category": "jacket"}}
    slots, said = validate(finder_services, "100-200 euros", **asked)
    assert slots["budget"] == {"min": 100.0, "max": 200.0} and said == ["OK, 100–200 €."]
    slots, _ = validate(finder_services, "something cheap", **asked)
    assert slots["budget"]["max"] is not None and slots["budget"]["max"] < 200
    slots, _ = validate(finder_services, "money's no object", **asked)
    assert slots["budget"] == ANY


def test_a_budget_that_cannot_be_read_is_said_and_counted(finder_services: Services) -> None:
    slots, said = validate(finder_services, "a reasonable amount", slots={"requested_slot": "budget"})
    assert "budget" not in slots and slots["misunderstood"] == 1
    assert "couldn't read a budget" in said[0] and "a reasonable amount" in said[0]


def test_no_preference_answers_the_question_asked(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "don't mind", "no_preference",
                        slots={"requested_slot": "features", "category": "jacket"})
    assert slots["features"] == ANY


def test_a_change_of_mind_mid_form_is_taken_and_confirmed(finder_services: Services) -> None:
    slots, said = validate(finder_services, "actually make it for men",
                           slots={"requested_slot": "budget", "fit": "women", "category": "jacket"})
    assert slots["fit"] == "men" and "OK, for men." in said
    assert "budget" not in slots, "the question asked is still open"


def test_a_question_is_not_an_answer(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "what does breathable mean?", "explain_term",
                        slots={"requested_slot": "features"})
    assert slots == {}, "nothing filled, so the form hands the message to its rule and asks again"


def test_free_text_answers_are_kept_in_the_shoppers_words(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "walking the dog on the beach", slots={"requested_slot": "activity"})
    assert slots["activity"] == "walking the dog on the beach"


def test_button_payloads_fill_through_their_entities(finder_services: Services) -> None:
    slots, _ = validate(finder_services, '/inform{"condition":"rain"}', entities=[
        {"entity": "condition", "value": "rain"}], slots={"requested_slot": "conditions", "category": "jacket"})
    assert slots["conditions"] == ["rain"]


def test_typos_in_entities_reach_the_catalogs_words(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "waterprof", entities=[{"entity": "feature", "value": "waterprof"}],
                        slots={"requested_slot": "features", "category": "jacket"})
    assert slots["features"] == ["waterproof"]


def test_a_question_with_one_possible_answer_is_not_asked(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "a tent please", "find_product")
    assert slots["category"] == "tents"
    # tents come in one fit: after activity, conditions and features, the fit question is skipped
    slots, _ = validate(finder_services, "3 season", slots={
        "requested_slot": "features", "category": "tents", "activity": ANY, "conditions": ANY})
    assert slots["fit"] == SKIPPED


def test_an_unsure_classification_still_answers_when_the_catalog_knows_the_word(finder_services: Services) -> None:
    slots, _ = validate(finder_services, "snow", "nlu_fallback",
                        slots={"requested_slot": "conditions", "category": "jacket"})
    assert slots["conditions"] == ["snow"]
    slots, _ = validate(finder_services, "blorf snazzle", "nlu_fallback", slots={"requested_slot": "conditions"})
    assert slots == {}, "gibberish is left to the ladder"


def test_an_answer_to_another_question_is_taken_and_confirmed(finder_services: Services) -> None:
    slots, said = validate(finder_services, "under 200",
                           slots={"requested_slot": "fit", "category": "jacket", "activity": "hiking"})
    assert slots["budget"] == {"min": None, "max": 200.0}
    assert said == ["Got it: up to 200 €."], "confirmed, and not called unreadable"
    assert "fit" not in slots and slots["misunderstood"] == 0, "the question asked is asked again"


def test_an_audience_said_at_the_budget_question_is_confirmed_not_refused(finder_services: Services) -> None:
    slots, said = validate(finder_services, "actually for men",
                           slots={"requested_slot": "budget", "fit": "not asked", "category": "jacket"})
    assert slots["fit"] == "men" and "budget" not in slots
    assert not any("couldn't read" in s for s in said) and "Got it: for men." in said


def test_a_free_text_question_does_not_swallow_an_answer_to_another(finder_services: Services) -> None:
    slots, said = validate(finder_services, "under 150", slots={"requested_slot": "activity", "category": "jacket"})
    assert slots["budget"] == {"min": None, "max": 150.0} and "activity" not in slots
    assert said == ["Got it: up to 150 €."]


def test_the_fit_question_is_asked_when_the_products_come_in_several_cuts(finder_services: Services) -> None:
    answered = {"category": "jacket", "activity": ANY, "conditions": ANY, "features": ANY}
    slots, _ = validate(finder_services, "for women", slots={"requested_slot": "fit", **answered})
    assert slots["fit"] == "women" and slots.get("cut") is None, "the fit question comes next"
    asked = question(finder_services.live_index.get(), "cut", {**answered, "fit": "women"})
    assert asked.text == "Which fit do you like?"
    said = [b["payload"] for b in asked.buttons()[:-1]]
    assert len(said) >= 2 and {read_cut(words) for words in said} <= set(CUTS)


def test_a_fit_is_read_from_the_shoppers_own_words(finder_services: Services) -> None:
    answered = {"category": "insulated jackets", "activity": ANY, "conditions": ANY, "features": ANY, "fit": "men"}
    slots, _ = validate(finder_services, "something loose please", slots={"requested_slot": "cut", **answered})
    assert slots["cut"] == "relaxed"
    slots, _ = validate(finder_services, "Athletic fit", slots={"requested_slot": "cut", **answered})
    assert slots["cut"] == "athletic"
    slots, _ = validate(finder_services, "a slim fit fleece for women", "find_product")
    assert slots["cut"] == "slim" and slots["category"] == "fleeces"


def test_one_cut_is_no_choice(finder_services: Services) -> None:
    # the demo's women's rain jackets are all cut close to the body: nothing to ask
    slots, _ = validate(finder_services, "for women", slots={
        "requested_slot": "fit", "category": "rain jackets", "activity": ANY, "conditions": ANY, "features": ANY})
    assert slots["cut"] == SKIPPED


def test_an_unsure_classification_of_an_answer_to_another_question_is_taken(finder_services: Services) -> None:
    slots, said = validate(finder_services, "under 200", "nlu_fallback",
                           slots={"requested_slot": "fit", "category": "jacket", "activity": "hiking"})
    assert slots["budget"] == {"min": None, "max": 200.0} and said == ["Got it: up to 200 €."]
