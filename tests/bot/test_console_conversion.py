"""The console's conversion section: suggestion lists shown, clicked and bought, by match level and segment, the
personalized group against the holdout with the lift, and the charts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from recommender.encoder import Encoder
from recommender.feedback.holdout import CONTROL, PERSONALIZED
from recommender.feedback.recording import Segment, record_suggestions
from recommender.ranking.request import Suggestion
from recommender.shoppers.recording import record_events
from tests.bot.console_helpers import Console, console_on
from tests.recommender.shoppers_helpers import order, product, track

REPEAT = Segment("repeat · rain jackets · ready-to-buy", "repeat")


@pytest.fixture
def console(tmp_path: Path, encoder: Encoder) -> Iterator[Console]:
    yield from console_on(tmp_path, encoder)


def ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def card(sku: str, match: str) -> Suggestion:
    return Suggestion(sku=sku, title=sku, brand=None, category=None, price=100.0, sale_price=None, currency="EUR",
                      image_url=None, url=None, score=0.5, match=match)


def shown(console: Console, shopper: str, cards: list[tuple[str, str]], *, days: float, group: str = PERSONALIZED,
          segment: Segment = REPEAT) -> str:
    with console.services.sessions() as session:
        list_id = record_suggestions(session, [card(sku, match) for sku, match in cards], external_id=shopper,
                                     conversation_id=f"conv-{shopper}", segment=segment, group=group,
                                     shown_at=ago(days))
        session.commit()
    return list_id


def happened(console: Console, calls: list[dict[str, Any]]) -> None:
    with console.services.sessions() as session:
        assert record_events(session, calls).rejected == []
        session.commit()


def test_conversion_by_match_level_and_segment_with_the_holdout_and_charts(console: Console) -> None:
    empty = console.ok("/api/console/conversion", params={"days": 30})
    assert empty["total"]["products"] == 0 and [r["key"] for r in empty["by_match"]] == ["high", "medium", "low"]
    assert {chart["name"] for chart in empty["charts"]} == {"match", "lifecycle", "groups"}

    first = shown(console, "anon-1", [("R1", "high"), ("R2", "medium"), ("F1", "low")], days=5)
    shown(console, "anon-2", [("T1", "high")], days=4, group=CONTROL, segment=Segment("none", "none"))
    shown(console, "anon-3", [("B1", "high")], days=60)  # before the period asked for
    happened(console, [
        track("Product Clicked", "anon-1", when=ago(4.9).isoformat(), sku="R1", list_id=first, position=1),
        track("Product Clicked", "anon-1", when=ago(4.8).isoformat(), sku="F1", list_id=first, position=3),
        order("O-1", [product("R1", 189.0), product("S1", 20.0)], "anon-1", when=ago(3).isoformat()),
    ])
    report = console.ok("/api/console/conversion", params={"days": 30})
    assert report["days"] == 30 and report["window_days"] == 7
    total = report["total"]
    assert (total["lists"], total["products"], total["clicks"], total["bought"], total["orders"], total["revenue"]) \
        == (2, 4, 2, 1, 1, 189.0)
    high, medium, low = report["by_match"]
    assert (high["key"], high["products"], high["clicks"], high["bought"], high["revenue"]) == ("high", 2, 1, 1, 189.0)
    assert high["ctr"] == {"hits": 1, "base": 2, "value": 0.5, "enough": False, "low": high["ctr"]["low"],
                           "high": high["ctr"]["high"]} and 0 < high["ctr"]["low"] < 0.5 < high["ctr"]["high"] < 1
    assert (medium["clicks"], low["clicks"], low["bought"]) == (0, 1, 0)
    segment = next(r for r in report["by_segment"] if r["key"] == REPEAT.micro_segment)
    assert (segment["clicks"], segment["orders"], segment["conversion"]["value"]) == (2, 1, 0.5)
    groups = {r["key"]: r for r in report["by_group"]}
    assert groups[PERSONALIZED]["clicks"] == 2 and groups[CONTROL]["products"] == 1
    assert [lift["verdict"] for lift in report["lifts"]] == ["too few to tell"] * 2
    assert report["lifts"][0]["lift"] is None and report["lifts"][0]["personalized"]["hits"] == 1
    assert all(chart["svg"].startswith("<svg") for chart in report["charts"])

    longer = console.ok("/api/console/conversion", params={"days": 90})
    assert longer["total"]["lists"] == 3
    for bad in ({"days": 0}, {"days": "a week"}, {"window_days": 91}):
        response = console.get("/api/console/conversion", params=bad)
        assert response.status_code == 422 and response.json()["detail"][0]["loc"][0] == "query"
