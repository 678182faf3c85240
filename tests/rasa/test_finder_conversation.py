"""The guided finder through the trained bot's REST channel, on the demo catalog, as a new shopper meets it:
answers to another question, the fit question, refinements of what is on screen, match levels and the
fallback ladder. Each conversation has its own sender id."""

from __future__ import annotations

import uuid

import pytest

from bot.finder.ladder import GUIDED_BUTTONS, REPHRASE
from bot.finder.questions import PROMPTS
from bot.services import Services
from tests.rasa.conftest import say, texts

pytestmark = pytest.mark.rasa

LEVELS = {"high": 2, "medium": 1, "low": 0}
GIBBERISH = "blorf snargle wibble"


def sender() -> str:
    return f"finder-{uuid.uuid4().hex[:10]}"


def carousel(messages: list[dict]) -> list[dict]:
    return next((m["custom"]["products"] for m in messages if (m.get("custom") or {}).get("type") == "carousel"), [])


def until(services: Services, who: str, prompt: str, answer: str = "no preference", *, turns: int = 8) -> list[dict]:
    """Answers "no preference" to every question until the bot asks ``prompt``; that reply."""
    for _ in range(turns):
        messages = say(services, who, answer)
        if prompt in texts(messages):
            return messages
    raise AssertionError(f"the bot never asked {prompt!r}")


def test_a_budget_said_at_who_is_it_for_is_taken_confirmed_and_the_question_comes_back(assistant: Services) -> None:
    who = sender()
    assert PROMPTS["activity"] in texts(say(assistant, who, "I need a jacket"))
    until(assistant, who, PROMPTS["fit"])
    said = texts(say(assistant, who, "under 200"))
    assert "Got it: up to 200 €." in said and PROMPTS["fit"] in said
    assert "didn't catch" not in said


def test_who_it_is_for_said_at_the_budget_question_is_confirmed(assistant: Services) -> None:
    who = sender()
    say(assistant, who, "I need a backpack")
    until(assistant, who, PROMPTS["budget"])
    said = texts(say(assistant, who, "actually for women"))
    assert "for women." in said and "couldn't read a budget" not in said and PROMPTS["budget"] in said


def test_the_fit_question_is_asked_and_its_answer_ranks(assistant: Services) -> None:
    who = sender()
    say(assistant, who, "I need a jacket")
    until(assistant, who, PROMPTS["fit"])
    asked = say(assistant, who, "for women")
    assert PROMPTS["cut"] in texts(asked)
    cuts = [b["payload"] for m in asked for b in m.get("buttons", []) if b["title"].endswith(" fit")]
    assert len(cuts) >= 2, cuts
    said = say(assistant, who, cuts[0])
    picks = said if carousel(said) else until(assistant, who, "picks")
    cut = cuts[0].lower()
    assert cut in texts(picks)
    assert all(f"{cut}, as you asked" in card["reasons"] for card in carousel(picks))


def test_more_like_the_second_shows_new_products_and_compare_uses_them(assistant: Services) -> None:
    who = sender()
    first = carousel(say(assistant, who, "waterproof hiking jacket for women under 200"))
    assert len(first) == 3
    more = carousel(say(assistant, who, "more like the second one"))
    assert more and not {c["sku"] for c in more} & {c["sku"] for c in first}
    said = texts(say(assistant, who, "compare the first two"))
    assert f"1. {more[0]['title']}" in said and f"2. {more[1]['title']}" in said


def test_match_levels_never_rise_going_down_and_reasons_never_repeat(assistant: Services) -> None:
    who = sender()
    cards = carousel(say(assistant, who, "a waterproof jacket for hiking in the rain"))
    cards += carousel(say(assistant, who, "show more"))
    for page in (cards[:3], cards[3:]):
        levels = [LEVELS[c["match"]] for c in page]
        assert levels == sorted(levels, reverse=True), [c["match"] for c in page]
    for card in cards:
        assert len(card["reasons"]) == len(set(card["reasons"]))
        assert not ("waterproof, as you asked" in card["reasons"]
                    and any(r.endswith("for the rain") for r in card["reasons"])), card["reasons"]


def test_a_colour_nothing_has_leaves_the_heading(assistant: Services) -> None:
    who = sender()
    first = carousel(say(assistant, who, "a tent for camping under 300"))
    assert first
    index = assistant.live_index.get()
    tents = {str(c) for c, cat in zip(index.column("color"), index.column("category"), strict=True)
             if cat == "tents"}
    colour = next(c for c in index.distinct("color") if c not in tents and " " not in c)
    said = texts(say(assistant, who, f"do you have it in {colour}?"))
    assert f"Nothing fits in {colour}" in said
    assert f"in {colour}" not in said.split(";", 1)[1]


def test_the_fallback_ladder_rephrase_then_guided_buttons(assistant: Services) -> None:
    who = sender()
    first = say(assistant, who, GIBBERISH)
    assert REPHRASE in texts(first) and not carousel(first)
    assert PROMPTS["category"] not in texts(first) and PROMPTS["activity"] not in texts(first), "no finder"
    second = say(assistant, who, "snorfle blimp quaxx")
    buttons = [b["payload"] for m in second for b in m.get("buttons", [])]
    assert buttons == [b["payload"] for b in GUIDED_BUTTONS], texts(second)


def test_an_unplaceable_answer_inside_the_finder_keeps_the_question(assistant: Services) -> None:
    who = sender()
    assert PROMPTS["activity"] in texts(say(assistant, who, "I need a jacket"))
    first = texts(say(assistant, who, GIBBERISH))
    assert REPHRASE in first and PROMPTS["activity"] in first
    second = say(assistant, who, "snorfle blimp quaxx")
    assert PROMPTS["activity"] in texts(second)
    payloads = [b["payload"] for m in second for b in m.get("buttons", [])]
    assert "/just_search" in payloads and "/human_handoff" in payloads
