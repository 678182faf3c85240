"""Refinements as a shopper meets them: what is on screen is what "the second one" and "the first two" mean."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import suggest
from bot.services import Services
from recommender.ranking.cuts import cuts_of
from tests.actions.conftest import payloads, texts
from tests.actions.test_suggestions import ONE_SHOT, _after, facts, run

SENDER = "refinements"  # a conversation of its own: its answers are stored as its shopper's preferences


@pytest.fixture(scope="module")
def shown(finder_services: Services) -> tuple[CollectingDispatcher, dict]:
    return run(suggest.ActionSuggest(finder_services), slots=ONE_SHOT, sender=SENDER)


def test_more_like_the_second_one_shows_nothing_already_on_screen(finder_services: Services, shown) -> None:
    _, before = shown
    _, slots = run(suggest.ActionMoreLike(finder_services), "more like the second one", "more_like",
                   slots=_after(before))
    assert slots["shown"] and not set(slots["shown"]) & set(before["shown"])
    assert set(before["shown"]) | set(slots["shown"]) <= set(slots["seen"])


@pytest.mark.parametrize(("on_screen", "said"), [(1, "There's only one product on screen."),
                                                 (2, "There are only 2 products on screen.")])
def test_more_like_a_product_beyond_the_screen_says_what_is_there(finder_services: Services, shown,
                                                                   on_screen: int, said: str) -> None:
    _, before = shown
    slots = {**_after(before), "shown": before["shown"][:on_screen]}
    dispatcher, after = run(suggest.ActionMoreLike(finder_services), "more like the third one", "more_like",
                            slots=slots)
    assert texts(dispatcher) == [said] and "shown" not in after
    _, first = run(suggest.ActionMoreLike(finder_services), "more like the first one", "more_like", slots=slots)
    assert first["shown"] and not set(first["shown"]) & set(slots["shown"])


def test_compare_after_more_like_compares_what_is_on_screen_now(finder_services: Services, shown) -> None:
    _, before = shown
    _, after = run(suggest.ActionMoreLike(finder_services), "more like the second one", "more_like",
                   slots=_after(before))
    dispatcher, _ = run(suggest.ActionCompare(finder_services), "compare the first two", "compare",
                        slots={**_after(before), **after})
    index = finder_services.live_index.get()
    first, second = (index.column("title")[index.row_of_sku(after["shown"][i])] for i in (0, 1))
    said = texts(dispatcher)[0]
    assert said.startswith(f"1. {first}") and f"2. {second}" in said


def test_a_colour_nothing_has_is_not_in_the_heading(finder_services: Services) -> None:
    index = finder_services.live_index.get()
    jackets = [facts(finder_services, str(sku)) for sku in index.skus]
    jackets = [p for p in jackets if p["category"].endswith("jackets") and p["gender"] in ("women", "unisex")
               and p["price"] <= 200]
    colour = next(c for c in index.distinct("color") if not any(c in p["color"].lower() for p in jackets))
    dispatcher, _ = run(suggest.ActionSuggest(finder_services), slots={**ONE_SHOT, "colour": colour}, sender=SENDER)
    heading = texts(dispatcher)[0]
    assert heading.startswith(f"Nothing fits in {colour}") and f"in {colour}" not in heading.split(";", 1)[1]
    assert all(facts(finder_services, card["sku"])["color"] != colour for card in payloads(dispatcher)[0]["products"])


def test_the_picks_for_a_fit_all_say_it(finder_services: Services) -> None:
    answers = {**ONE_SHOT, "activity": "any", "features": "any", "budget": "any", "cut": "slim"}
    dispatcher, _ = run(suggest.ActionSuggest(finder_services), slots=answers, sender=SENDER)
    index = finder_services.live_index.get()
    cards = payloads(dispatcher)[0]["products"]
    assert cards and all("slim" in cuts_of(index)[index.row_of_sku(card["sku"])] for card in cards)
    assert all("slim fit, as you asked" in card["reasons"] for card in cards)
    assert "slim fit" in texts(dispatcher)[0]
