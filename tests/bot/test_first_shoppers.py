"""A first run loads the demo shop's shoppers unless told not to (the fault tests need conversations, not a
shop's history, and a shop trying production mode on the demo catalog may not want them)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from bot.cli import events
from bot.db import upgrade
from bot.services import Services
from bot.settings import Settings


@pytest.mark.parametrize("wanted", [True, False])
def test_the_demo_shoppers_load_only_when_wanted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 wanted: bool) -> None:
    services = Services(Settings(home=tmp_path, demo_shoppers=wanted))
    upgrade(services.engine)
    asked: list[Any] = []

    def loader(session: Any, **_: Any) -> None:
        asked.append(session)  # None back: as for a shop's own catalog, so nothing more runs

    monkeypatch.setattr(events, "load_demo_shoppers", loader)
    events.load_first_shoppers(services, Console(file=io.StringIO()))
    assert bool(asked) is wanted
