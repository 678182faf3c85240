"""The words around a page of suggestions: the intro framed for the shopper's segment, and the summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.finder.page import carousel, intro, quick_replies, summary
from bot.finder.reading import ANY, SKIPPED
from recommender.query import Filters
from recommender.ranking import Reason, Suggestion, Suggestions
from recommender.shoppers.profile import Profile, build_profile

ANSWERS = {"category": "jacket", "activity": "hiking", "conditions": SKIPPED, "features": ["waterproof"],
           "fit": "women", "budget": {"min": None, "max": 200.0}, "colour": None}


def item(sku: str, *, sale: float | None = None, reasons: tuple[Reason, ...] = ()) -> Suggestion:
    return Suggestion(sku=sku, title=f"Jacket {sku}", brand="Northwind", category="rain jackets", price=180.0,
                      sale_price=sale, currency="EUR", image_url=f"/img/{sku}.jpg", url=f"/p/{sku}", score=1.0,
                      match="high", reasons=reasons or (Reason("features", "waterproof, as you asked"),))


def page(*items: Suggestion) -> Suggestions:
    return Suggestions(list(items), Filters(), "")


@pytest.fixture
def visitor() -> Profile:
    return build_profile(1, [], [], datetime(2026, 11, 1, tzinfo=UTC))


def test_the_summary_says_what_the_picks_are_for() -> None:
    assert summary(ANSWERS) == "jacket · hiking · waterproof · women · up to 200 €"
    assert summary({**ANSWERS, "budget": ANY, "colour": "black"}) == "jacket · hiking · waterproof · women · in black"


def test_an_anonymous_shopper_gets_the_plain_intro() -> None:
    said = intro(None, page(item("A"), item("B")), ANSWERS)
    assert said == "Here are 2 picks for jacket · hiking · waterproof · women · up to 200 €."


def test_deal_seekers_hear_value_first(visitor: Profile) -> None:
    said = intro(replace(visitor, price_sensitivity="deal-seeker"), page(item("A", sale=150.0), item("B")), ANSWERS)
    assert said.startswith("Best value first") and "1 of them on sale" in said


def test_premium_shoppers_hear_what_is_new(visitor: Profile) -> None:
    new = item("A", reasons=(Reason("new", "new arrival"),))
    said = intro(replace(visitor, price_sensitivity="premium"), page(new, item("B")), ANSWERS)
    assert "1 new arrival" in said


def test_repeat_customers_are_recognised(visitor: Profile) -> None:
    goes_with = item("A", reasons=(Reason("complement", "often bought with the Ridge Pack you have"),))
    said = intro(replace(visitor, lifecycle="repeat"), page(goes_with), ANSWERS)
    assert said.startswith("Welcome back!") and "go with what you already have" in said


def test_a_cart_abandoner_hears_their_cart_first(visitor: Profile) -> None:
    carted = item("A", reasons=(Reason("in_cart", "still in your cart"),))
    said = intro(replace(visitor, lifecycle="repeat", price_sensitivity="deal-seeker"), page(carted), ANSWERS)
    assert said.startswith("The Jacket A from your cart still fits")


def test_the_carousel_numbers_products_and_carries_what_the_widget_draws() -> None:
    payload = carousel(page(item("A", sale=150.0), item("B")))
    assert payload["type"] == "carousel"
    first = payload["products"][0]
    assert first["position"] == 1 and first["sale_price"] == 150.0 and first["price"] == 180.0
    assert first["image_url"] == "/img/A.jpg" and first["url"] == "/p/A" and first["match"] == "high"
    assert first["reasons"] == ["waterproof, as you asked"]
    assert first["buttons"][0]["payload"] == '/more_like{"position":"1"}'


def test_one_pick_is_said_as_one() -> None:
    assert intro(None, page(item("A")), {}) == "Here is 1 pick."


def test_one_pick_offers_no_comparison() -> None:
    assert [r["title"] for r in quick_replies(1)] == ["Cheaper", "Show more", "Start over"]
    assert [r["title"] for r in quick_replies(3)] == ["Cheaper", "Show more", "Compare 1 and 2", "Start over"]
