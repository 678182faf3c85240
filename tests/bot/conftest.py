"""The CLI as a merchandiser runs it: ``cli`` invokes ``outfitter`` on a private, migrated OUTFITTER_HOME."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("OUTFITTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OUTFITTER_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return runner
