"""A shopper in the demo shop, in Chromium: browsing shapes what the finder in the widget picks, a click on a
card lands on the product and is recorded with the suggestion it came from, and a shopper who comes back is
greeted with their earlier answers."""

from __future__ import annotations

import json
import uuid

import pytest
import requests
from sqlalchemy import select

from bot.widget_driver import Widget
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.models import Event
from tests.browser.conftest import Running

pytestmark = pytest.mark.browser
# The finder's answers, by the start of its question; anything else is "No preference".
ANSWERS = {"What will you mostly use it for": "Hiking", "What conditions": "Rain", "Which features": "Waterproof",
           "Who is it for": "Women"}
FINDER_REST = ['/find_product{"category":"rain jackets"}', '/inform{"activity":"hiking"}',
               '/inform{"condition":"rain"}', '/inform{"feature":"waterproof"}', '/inform{"gender":"women"}',
               "/no_preference"]


def anonymous_picks(running: Running) -> list[str]:
    """What the same answers get without any history, through the REST channel."""
    sender = f"nobody-{uuid.uuid4().hex[:8]}"
    url = f"http://127.0.0.1:{running.services.settings.rasa_port}/webhooks/rest/webhook"
    for message in FINDER_REST:
        answer = requests.post(url, json={"sender": sender, "message": message}, timeout=60).json()
    carousel = next(m["custom"] for m in answer if "custom" in m)
    return [p["sku"] for p in carousel["products"]]


def fits_hiking(running: Running, sku: str) -> bool:
    index = running.services.live_index.get()
    row = index.row_of_sku(sku)
    return index.stock[row] > 0 and "hiking" in index.attrs["activities"].iat[row]


def events_named(running: Running, anonymous_id: str, name: str) -> list[tuple[str, dict]]:
    """The shopper's recorded events called ``name``: each one's product and properties, oldest first."""
    with running.services.sessions() as db:
        shopper = shopper_id_of(db, anonymous_id)
        found = db.scalars(select(Event).where(Event.shopper_id == shopper, Event.name == name).order_by(Event.id))
        return [(e.items[0].sku, dict(e.properties)) for e in found]


def test_browsing_shapes_the_picks_and_a_click_is_recorded(running: Running, context) -> None:
    plain = anonymous_picks(running)
    page = context.new_page()
    page.goto(f"{running.url}/shop?category=rain%20jackets&gender=women")
    listed = page.locator("article.card").evaluate_all("cards => cards.map(c => c.dataset.sku)")
    # She opens three jackets she could buy for hiking, none of them what a stranger would be shown first.
    viewed = [sku for sku in listed if sku not in plain and fits_hiking(running, sku)][:3]
    assert len(viewed) == 3, listed
    for sku in viewed:
        page.goto(f"{running.url}/products/{sku}")
        page.wait_for_selector("html[data-events-sent='ok']", state="attached")
    anonymous_id = page.evaluate("fetch('/api/session').then(r => r.json()).then(s => s.anonymous_id)")
    assert [sku for sku, _ in events_named(running, anonymous_id, "Product Viewed")] == viewed

    chat = Widget(page)
    chat.open()
    assert chat.wait_for("I see you've been looking at rain jackets")
    before = chat.count()
    chat.tap("Help me choose rain jackets")
    chat.wait_for_new(before)
    chat.answer_the_finder(ANSWERS)

    cards = chat.cards()
    shown = cards.evaluate_all("cards => cards.map(c => c.dataset.sku)")
    reasons = " | ".join(cards.locator(".of-reasons").all_inner_texts())
    assert shown != plain, "the picks are the same as for a shopper with no history"
    assert set(shown) & set(viewed) and "you viewed this one" in reasons, (shown, viewed, reasons)
    first = cards.first
    assert first.locator(".of-card-image").get_attribute("src").endswith(".svg")
    assert first.locator(".of-match").inner_text().strip().endswith("match")
    assert first.locator(".of-price").inner_text().strip()

    sku = first.get_attribute("data-sku")
    list_id = page.locator(".of-cards").last.get_attribute("data-suggestion-id")
    first.locator("a.of-card-link").click()
    page.wait_for_url(f"**/products/{sku}")
    page.wait_for_selector("html[data-events-sent='ok']", state="attached")
    clicks = events_named(running, anonymous_id, "Product Clicked")
    assert [(clicked, p.get("list_id"), p.get("position")) for clicked, p in clicks] == [(sku, list_id, 1)]
    assert list_id and list_id.startswith("sug-")


def test_a_returning_shopper_hears_their_earlier_answers(running: Running, context) -> None:
    page = context.new_page()
    page.goto(f"{running.url}/")
    chat = Widget(page)
    chat.open()
    chat.wait_for("Hi! I'm Outfitter")
    before = chat.count()
    chat.say("I need a waterproof jacket for hiking, for women, under 200")
    chat.wait_for_new(before)
    chat.answer_the_finder(ANSWERS)

    # Another day: a new tab starts a new conversation (the widget keeps one per tab); the cookie is the same.
    later = context.new_page()
    later.goto(f"{running.url}/")
    again = Widget(later)
    again.open()
    greeting = again.wait_for("Welcome back! Still looking for")
    assert "hiking" in greeting and "waterproof" in greeting and "up to 200" in greeting
    before = again.count()
    again.tap("Yes, show me")
    again.wait_for_new(before)
    assert again.cards().count(), f"resuming shows the picks at once: {again.texts()}"
    assert json.dumps(again.texts()).count("What will you mostly use it for") == 0
