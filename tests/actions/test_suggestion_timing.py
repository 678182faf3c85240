"""The actions that show a list of products time it as one suggestion; the others do not."""

from __future__ import annotations

import asyncio
from typing import Any

from prometheus_client import CollectorRegistry
from rasa_sdk.executor import CollectingDispatcher

from actions import suggest
from actions.search_products import ActionKeywordSearch
from bot.metrics import Metrics
from bot.services import Services
from tests.actions.conftest import payloads, tracker
from tests.actions.test_suggestions import ONE_SHOT


def lists(metrics: Metrics) -> float:
    return metrics.registry.get_sample_value("outfitter_suggestion_seconds_count", {"via": "bot"}) or 0.0


def run(action: Any, **kwargs: Any) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker(**kwargs), {}))
    return dispatcher


def test_suggestions_and_keyword_search_are_timed(finder_services: Services) -> None:
    metrics = Metrics(CollectorRegistry())
    assert payloads(run(suggest.ActionSuggest(finder_services, metrics), slots=ONE_SHOT, sender="timed-1"))
    assert lists(metrics) == 1
    assert payloads(run(ActionKeywordSearch(finder_services, metrics), text="red backpacks", intent="search",
                        sender="timed-2"))
    assert lists(metrics) == 2


def test_comparing_the_products_on_screen_is_not_a_suggestion(finder_services: Services) -> None:
    metrics = Metrics(CollectorRegistry())
    run(suggest.ActionCompare(finder_services, metrics), text="compare them", intent="compare",
        slots={**ONE_SHOT, "shown": ["OF-RJK-0004", "OF-RJK-0017"], "finder_done": True}, sender="timed-3")
    assert lists(metrics) == 0
