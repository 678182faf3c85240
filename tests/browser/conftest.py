"""Browser tests: Debian's Chromium, driven by Playwright, against the assistant started as `make run` starts it
(`outfitter run --skip-train`) on a private home and free ports. A failing test leaves a screenshot in
var/test-screenshots/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.background_run import CHROMIUM, CHROMIUM_ARGS, background_run
from bot.services import Services
from bot.settings import PROJECT_ROOT
from bot.web import widget_assets

SCREENSHOTS = PROJECT_ROOT / "var" / "test-screenshots"

pytestmark = pytest.mark.browser


@dataclass
class Running:
    url: str  # the shop
    services: Services  # the same home, to look at what the pages and the bot stored


def _skip_unless_ready() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    if shutil.which("node") is None or not widget_assets.installed():
        pytest.skip("the chat widget's npm packages are missing: `make setup` installs them")
    if not (PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa").exists():
        pytest.skip("no Rasa in .venv-rasa: `make test` creates it")
    if not list((PROJECT_ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained model in models/: `make test` trains it")


# Package scope, here and for the browser: the assistant and Chromium stop after the last browser test rather
# than idling (and holding Playwright's event loop) through the rest of the suite.
@pytest.fixture(scope="package")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """`outfitter run --skip-train` on a fresh home: the demo catalog and orders, Rasa, actions and the web app."""
    _skip_unless_ready()
    # No holdout group here: a test shopper drawn into it would be shown popular products, not their own.
    with background_run(tmp_path_factory.mktemp("run"), {"OUTFITTER_HOLDOUT_SHARE": "0"}) as settings:
        yield Running(f"http://127.0.0.1:{settings.web_port}", Services(settings))


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    _skip_unless_ready()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make setup`")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser profile (no cookies, no storage); every open page is photographed if the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(45_000)
    yield context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for n, page in enumerate(context.pages):
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{n}.png"), full_page=True)
    context.close()
