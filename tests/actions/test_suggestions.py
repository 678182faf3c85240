"""action_suggest and the refinements, on the real recommender over the demo catalog."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import suggest
from actions.finder_form import ValidateFinderForm
from actions.help import ActionExplainTerm, ActionFallbackLadder
from actions.search_products import ActionKeywordSearch, ValidateSearchForm
from bot.finder import turns
from bot.finder.reading import SKIPPED
from bot.finder.state import PAGE
from bot.identity import ShopperSession
from bot.services import Services
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.models import StatedPreference
from tests.actions.conftest import payloads, slots_of, texts, tracker

ONE_SHOT = {"category": "jacket", "activity": "hiking", "conditions": SKIPPED, "features": ["waterproof"],
            "fit": "women", "budget": {"min": None, "max": 200.0}, "finder_done": False,
            "request_text": "waterproof hiking jacket for women under 200"}


def run(action: Any, text: str = "", intent: str = "inform", **kwargs) -> tuple[CollectingDispatcher, dict]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(text, intent, **kwargs), {}))
    return dispatcher, slots_of(events)


def facts(services: Services, sku: str) -> dict[str, Any]:
    index = services.live_index.get()
    row = index.row_of_sku(sku)
    return {"price": float(index.effective_price[row]), "gender": index.column("gender")[row],
            "category": index.column("category")[row], "brand": index.column("brand")[row],
            "color": index.column("color")[row]}


@pytest.fixture(scope="module")
def shown(finder_services: Services) -> tuple[CollectingDispatcher, dict]:
    session = finder_services.signer.sign(ShopperSession(anonymous_id="anon-finder"))
    return run(suggest.ActionSuggest(finder_services), slots=ONE_SHOT, metadata={"session": session})


def test_suggestions_are_a_carousel_that_keeps_the_answers(finder_services: Services, shown) -> None:
    dispatcher, slots = shown
    carousel = payloads(dispatcher)[0]
    assert carousel["type"] == "carousel" and 1 <= len(carousel["products"]) <= PAGE
    for n, card in enumerate(carousel["products"], 1):
        assert card["position"] == n and card["title"] and card["url"] and card["image_url"]
        assert card["match"] in ("high", "medium", "low") and card["reasons"]
        product = facts(finder_services, card["sku"])
        assert product["price"] <= 200 and product["gender"] in ("women", "unisex")
        assert product["category"].endswith("jackets")
    assert slots["shown"] == [c["sku"] for c in carousel["products"]] and slots["finder_done"] is True
    said = texts(dispatcher)
    assert said[0].startswith("Here are") and "hiking" in said[0]
    refine = dispatcher.messages[-1]
    assert [b["payload"] for b in refine["buttons"]][:2] == ["/cheaper", "/show_more"]


def test_the_answers_are_stored_as_the_shoppers_stated_preferences(finder_services: Services, shown) -> None:
    with finder_services.sessions() as session:
        shopper = shopper_id_of(session, "anon-finder")
        rows = session.scalars(select(StatedPreference).where(StatedPreference.shopper_id == shopper)).all()
    stored = {row.question: row.value for row in rows}
    assert stored["activity"] == "hiking" and stored["fit"] == "women" and stored["budget"]["max"] == 200
    assert "conditions" not in stored, "a question never asked is no stated preference"


def _after(shown_slots: dict) -> dict:
    return {**ONE_SHOT, **shown_slots}


def test_cheaper_lowers_the_budget_below_what_was_shown(finder_services: Services, shown) -> None:
    _, before = shown
    old = sorted(facts(finder_services, s)["price"] for s in before["shown"])
    dispatcher, slots = run(suggest.ActionCheaper(finder_services), "cheaper", "cheaper", slots=_after(before))
    new = [facts(finder_services, s)["price"] for s in slots["shown"]]
    assert slots["budget"]["max"] < old[len(old) // 2] and max(new) <= slots["budget"]["max"]
    assert texts(dispatcher)[0].startswith("Cheaper ones")


def test_in_black_is_a_colour_constraint(finder_services: Services, shown) -> None:
    _, before = shown
    events = asyncio.run(ValidateFinderForm(finder_services).run(
        CollectingDispatcher(), tracker("in black", entities=[{"entity": "color", "value": "black"}],
                                        slots=_after(before)), {}))
    changed = slots_of(events)
    assert changed["colour"] == "black"
    _, slots = run(suggest.ActionSuggest(finder_services), slots={**_after(before), **changed})
    assert slots["shown"] and all("black" in facts(finder_services, s)["color"] for s in slots["shown"])
    assert all(facts(finder_services, s)["category"].endswith("jackets") for s in slots["shown"])


def test_a_colour_nothing_has_shows_the_closest_of_the_same_kind_and_says_so(finder_services: Services) -> None:
    index = finder_services.live_index.get()
    jackets = [facts(finder_services, str(sku)) for sku in index.skus]
    jackets = [p for p in jackets if p["category"].endswith("jackets") and p["gender"] in ("women", "unisex")
               and p["price"] <= 200]
    colour = next(c for c in index.distinct("color") if not any(c in p["color"].lower() for p in jackets))
    dispatcher, slots = run(suggest.ActionSuggest(finder_services), slots={**ONE_SHOT, "colour": colour})
    assert texts(dispatcher)[0].startswith(f"Nothing fits in {colour}")
    assert slots["shown"] and all(facts(finder_services, s)["category"].endswith("jackets") for s in slots["shown"])


def test_show_more_shows_nothing_seen_before(finder_services: Services, shown) -> None:
    _, before = shown
    _, slots = run(suggest.ActionShowMore(finder_services), "show more", "show_more", slots=_after(before))
    assert slots["shown"] and not set(slots["shown"]) & set(before["shown"])
    assert set(before["shown"]) <= set(slots["seen"])


def test_more_like_the_second_one(finder_services: Services, shown) -> None:
    _, before = shown
    dispatcher, slots = run(suggest.ActionMoreLike(finder_services), "more like the second one", "more_like",
                            slots=_after(before))
    second = before["shown"][1]
    assert slots["focus"] == second and second not in slots["shown"]
    assert any("like the" in reason for card in payloads(dispatcher)[0]["products"] for reason in card["reasons"])


def test_not_that_brand_leaves_the_brand_out(finder_services: Services, shown) -> None:
    _, before = shown
    brand = facts(finder_services, before["shown"][0])["brand"]
    _, slots = run(suggest.ActionExcludeBrand(finder_services), "not that brand", "exclude_brand",
                   slots=_after(before))
    assert slots["excluded_brands"] == [brand.lower()]
    assert all(facts(finder_services, s)["brand"] != brand for s in slots["shown"])


def test_the_difference_between_1_and_2(finder_services: Services, shown) -> None:
    _, before = shown
    dispatcher, _ = run(suggest.ActionCompare(finder_services), "what's the difference between 1 and 3",
                        "compare", slots=_after(before))
    index = finder_services.live_index.get()
    said = texts(dispatcher)[0]
    first, third = (index.column("title")[index.row_of_sku(before["shown"][i])] for i in (0, 2))
    assert said.startswith(f"1. {first}") and f"3. {third}" in said
    assert "less." in said or "cost the same" in said


def test_start_over_forgets_the_answers(finder_services: Services, shown) -> None:
    _, before = shown
    _, slots = run(suggest.ActionStartOver(), "start over", "start_over", slots=_after(before))
    assert all(slots[q] is None for q in ("category", "activity", "fit", "budget"))
    assert slots["shown"] == [] and slots["finder_done"] is False


def test_refinements_before_any_suggestion_ask_what_is_wanted(finder_services: Services) -> None:
    dispatcher, slots = run(suggest.ActionCheaper(finder_services), "cheaper", "cheaper")
    assert texts(dispatcher) == [turns.NOTHING_SHOWN] and slots == {}


def test_a_term_is_explained_from_the_glossary() -> None:
    dispatcher, _ = run(ActionExplainTerm(), "what does breathable mean?", "explain_term")
    assert texts(dispatcher)[0].startswith("Breathable: Lets the sweat vapour")


def test_the_ladder_offers_guided_buttons_at_the_second_miss() -> None:
    dispatcher, slots = run(ActionFallbackLadder(), "blorp", "nlu_fallback")
    assert slots["misunderstood"] == 1 and "say it another way" in texts(dispatcher)[0]
    dispatcher, slots = run(ActionFallbackLadder(), "zzz", "nlu_fallback", slots={"misunderstood": 1})
    assert slots["misunderstood"] == 2
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/find_product", "/just_search",
                                                                         "/human_handoff"]


def test_just_search_returns_keyword_results(finder_services: Services) -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateSearchForm().run(
        dispatcher, tracker("skip the questions and search for red backpacks", "just_search"), {}))
    terms = slots_of(events)["search_terms"]
    assert terms == "red backpacks"
    dispatcher, slots = run(ActionKeywordSearch(finder_services), slots={"search_terms": terms})
    assert texts(dispatcher)[0].startswith("Results for “red backpacks”")
    assert all(facts(finder_services, s)["category"] == "backpacks" for s in slots["shown"])


def test_suggesting_runs_off_the_event_loop(finder_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """Embedding and FAISS block; run on the event loop's thread they would stall every other conversation."""
    threads: list[threading.Thread] = []
    real = turns.show

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(turns, "show", spy)

    async def both() -> threading.Thread:
        await suggest.ActionSuggest(finder_services).run(CollectingDispatcher(), tracker(slots=ONE_SHOT), {})
        return threading.current_thread()

    loop_thread = asyncio.run(both())
    assert threads and all(t is not loop_thread for t in threads)
