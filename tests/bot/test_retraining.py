"""A catalog's words reach the model: after an import the shop's lookup tables are rebuilt from the live
catalog, the merchandiser is told a retrain is due when they changed, and training uses them."""

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import launcher
from bot.cli.main import app
from bot.nlu_lookups import LOOKUPS
from bot.retraining import retrain_due, shop_lookups, training_data
from bot.settings import PROJECT_ROOT, Settings
from tests.conftest import DEMO_CATALOG

FASHION = Path(__file__).parents[1] / "rasa" / "data" / "dresses_sarees_watches.csv"


@pytest.fixture
def settings(cli: CliRunner, tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def test_the_demo_catalog_keeps_the_shipped_tables(cli: CliRunner, settings: Settings) -> None:
    result = cli.invoke(app, ["catalog", "import", str(DEMO_CATALOG)])
    assert result.exit_code == 0, result.output
    assert "retrain" not in result.output
    assert not shop_lookups(settings).exists() and not retrain_due(settings, settings.home_dir / "models")
    assert training_data(settings) == [PROJECT_ROOT / "data"]


def test_a_catalog_with_new_words_makes_a_retrain_due_and_training_uses_its_tables(
        cli: CliRunner, settings: Settings) -> None:
    result = cli.invoke(app, ["catalog", "import", str(FASHION)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "a retrain is due" in said and "saanjh" in said, said  # a brand the model has never seen
    tables = shop_lookups(settings).read_text(encoding="utf-8")
    assert "- saanjh" in tables and "- sarees" in tables and "- watches" in tables
    data = training_data(settings)
    assert shop_lookups(settings) in data and LOOKUPS not in data
    assert any(path.name == "finder.yml" for path in data)
    models = settings.home_dir / "models"
    assert retrain_due(settings, models)  # no model at all yet
    status = cli.invoke(app, ["catalog", "status"])
    assert "due a retrain" in " ".join(status.output.split())

    models.mkdir()
    model = models / "trained.tar.gz"
    model.write_bytes(b"")
    later = shop_lookups(settings).stat().st_mtime + 5
    os.utime(model, (later, later))
    assert not retrain_due(settings, models)  # a model trained after the tables changed

    again = cli.invoke(app, ["catalog", "import", str(FASHION)])
    assert again.exit_code == 0 and "retrain" not in again.output  # nothing new: nothing due


def test_training_is_given_the_shop_tables(cli: CliRunner, settings: Settings,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.invoke(app, ["catalog", "import", str(FASHION)]).exit_code == 0
    commands: list[list[str]] = []
    monkeypatch.setattr(launcher.subprocess, "run", lambda command, **_: commands.append(command))
    launcher.train(settings)
    data = commands[0][commands[0].index("--data") + 1:]
    assert str(shop_lookups(settings)) in data and str(LOOKUPS) not in data
