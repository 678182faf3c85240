"""``outfitter segments refresh|report`` and ``outfitter shopper profile`` on a private OUTFITTER_HOME."""

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app
from bot.services import Services
from recommender.shoppers.recording import record_events
from tests.recommender.shoppers_helpers import NOW, population


def test_report_before_any_refresh_says_what_to_do(cli: CliRunner) -> None:
    result = cli.invoke(app, ["segments", "report"])
    assert result.exit_code == 1 and "run `outfitter segments refresh` first" in result.output


def test_refresh_report_and_profile(cli: CliRunner, tmp_path: Path) -> None:
    with Services().sessions() as session:
        record_events(session, population(), now=NOW)
        session.commit()
    result = cli.invoke(app, ["segments", "refresh", "--as-of", "2026-06-01T12:00:00+00:00"])
    assert result.exit_code == 0, result.output
    assert "90 shoppers as of 2026-06-01 12:00 UTC" in result.output
    assert "k chosen by the best silhouette" in result.output and "AUC" in result.output

    page = tmp_path / "report" / "segments.html"
    result = cli.invoke(app, ["segments", "report", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "Micro-segments" in result.output and "browsing-prospect · boots · cart-abandoner" in result.output
    assert "Clusters" in result.output
    assert page.read_text(encoding="utf-8").count("<svg") >= 3

    result = cli.invoke(app, ["shopper", "profile", "cust-0", "--json", "--as-of", "2026-06-01T12:00:00Z"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    assert profile["lifecycle"] in ("repeat", "loyal-high-value") and profile["cluster_label"]
    assert 0 <= profile["purchase_probability"] <= 1
    table = cli.invoke(app, ["shopper", "profile", "cust-0"])
    assert table.exit_code == 0 and "micro_segment" in table.output


def test_bad_input_is_named(cli: CliRunner) -> None:
    result = cli.invoke(app, ["segments", "refresh", "--as-of", "last tuesday"])
    assert result.exit_code == 2 and "--as-of: 'last tuesday' is not a date" in result.output
    result = cli.invoke(app, ["shopper", "profile", "ghost"])
    assert result.exit_code == 1 and "shopper 'ghost' is not known" in result.output
