"""``outfitter segments conversion`` on a private OUTFITTER_HOME: tables a merchandiser reads, and JSON."""

import json
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from bot.cli.main import app
from bot.services import Services
from recommender.feedback.holdout import CONTROL, PERSONALIZED
from recommender.feedback.recording import Segment, record_suggestions
from recommender.ranking.request import Suggestion
from recommender.shoppers.recording import record_events
from tests.recommender.shoppers_helpers import order, product, track


def suggestion(sku: str, match: str) -> Suggestion:
    return Suggestion(sku=sku, title=sku, brand=None, category=None, price=10.0, sale_price=None, currency="EUR",
                      image_url=None, url=None, score=0.5, match=match)


def test_no_list_yet_says_so(cli: CliRunner) -> None:
    result = cli.invoke(app, ["segments", "conversion"])
    assert result.exit_code == 0 and "No suggestion list was shown in this period." in result.output


def test_tables_and_json(cli: CliRunner) -> None:
    now = datetime.now(UTC)
    ago = lambda days: (now - timedelta(days=days)).isoformat()  # noqa: E731
    with Services().sessions() as session:
        old = record_suggestions(session, [suggestion("A", "high")], external_id="anon-9", conversation_id=None,
                                 segment=Segment("none", "none"), group=CONTROL, shown_at=now - timedelta(days=40))
        shown = record_suggestions(session, [suggestion("A", "high"), suggestion("B", "low")], external_id="anon-1",
                                   conversation_id="c1", segment=Segment("repeat · tents", "repeat"),
                                   group=PERSONALIZED, shown_at=now - timedelta(days=5))
        session.commit()
        record_events(session, [
            track("Product Clicked", "anon-1", when=ago(5), sku="A", list_id=shown, position=1),
            track("Product Clicked", "anon-9", when=ago(40), sku="A", list_id=old, position=1),
            order("O-1", [product("A", 120.5)], "anon-1", when=ago(4))])
        session.commit()
    result = cli.invoke(app, ["segments", "conversion", "--days", "30"])
    assert result.exit_code == 0, result.output
    for text in ("By match level", "By lifecycle", "repeat · tents", "By experiment group", "too few (1/2)",
                 "120.50", "too few to tell", "1 clicks are less than 7 days old"):
        assert text in result.output, text
    data = json.loads(cli.invoke(app, ["segments", "conversion", "--days", "60", "--json"]).output)
    assert (data["total"]["lists"], data["total"]["clicks"], data["total"]["orders"]) == (2, 2, 1)
    assert [r["key"] for r in data["by_group"]] == ["personalized", "control"]
    assert data["by_match"][0]["revenue"] == 120.5 and data["lifts"][0]["verdict"] == "too few to tell"
    assert cli.invoke(app, ["segments", "conversion", "--window", "0"]).exit_code == 2
