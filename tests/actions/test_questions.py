"""The finder's questions offer what the catalog has, always with "No preference"."""

from __future__ import annotations

import asyncio
import json

from rasa_sdk.executor import CollectingDispatcher

from actions import finder_form
from bot.finder.questions import question
from bot.services import Services
from tests.actions.conftest import tracker


def ask(services: Services, slot: str, **slots) -> dict:
    dispatcher = CollectingDispatcher()
    action = getattr(finder_form, f"Ask{slot.title()}")(services)
    asyncio.run(action.run(dispatcher, tracker(slots=slots), {}))
    return dispatcher.messages[0]


def test_each_question_has_catalog_buttons_and_no_preference(finder_services: Services) -> None:
    index = finder_services.live_index.get()
    features = {t for tags in index.tags("features") for t in tags}
    asked = ask(finder_services, "features", category="rain jackets")
    values = [json.loads(b["payload"].removeprefix("/inform"))["feature"] for b in asked["buttons"][:-1]]
    assert values and set(values) <= features
    assert asked["buttons"][-1] == {"title": "No preference", "payload": "/no_preference"}
    rain_jacket_rows = index.where("category", "rain jackets".__eq__)
    offered = {t for row in rain_jacket_rows.nonzero()[0] for t in index.tags("features")[row]}
    assert set(values) <= offered, "only features rain jackets have"


def test_budget_buttons_split_the_prices_that_fit(finder_services: Services) -> None:
    index = finder_services.live_index.get()
    asked = question(index, "budget", {"category": "tents"})
    assert len(asked.options) == 4
    tents = index.effective_price[index.where("category", "tents".__eq__)]
    assert asked.options[0].value.startswith("under ") and float(asked.options[0].value.split()[1]) >= tents.min()


def test_the_activity_question_reads_as_asked(finder_services: Services) -> None:
    asked = ask(finder_services, "activity", category="jacket")
    assert asked["text"] == "What will you mostly use it for?"
    assert "Hiking" in [b["title"] for b in asked["buttons"]]
