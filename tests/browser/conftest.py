"""Browser tests: Debian's Chromium, driven by Playwright, against the assistant started as `make run` starts it
(`outfitter run --skip-train`) on a private home and free ports. A failing test leaves a screenshot in
var/test-screenshots/."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.services import Services
from bot.settings import PROJECT_ROOT, Settings
from bot.web import widget_assets

CHROMIUM = Path("/usr/bin/chromium")
# As root and offline: no sandbox, and none of Chromium's calls home (refused here, and slow to fail).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_SECONDS = 300
SCREENSHOTS = PROJECT_ROOT / "var" / "test-screenshots"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """`outfitter run --skip-train` on a fresh home: the demo catalog and orders, Rasa, actions and the web app."""
    _skip_unless_ready()
    home = tmp_path_factory.mktemp("run")
    ports = {"OUTFITTER_WEB_PORT": free_port(), "OUTFITTER_RASA_PORT": free_port(),
             "OUTFITTER_ACTIONS_PORT": free_port()}
    # No holdout group here: a test shopper drawn into it would be shown popular products, not their own.
    env = {**os.environ, "OUTFITTER_HOME": str(home), "OUTFITTER_HOLDOUT_SHARE": "0",
           **{k: str(v) for k, v in ports.items()}}
    env.pop("OUTFITTER_DATABASE_URL", None)
    log = home / "run.log"
    outfitter = Path(sys.executable).parent / "outfitter"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(outfitter), "run", "--skip-train"], cwd=PROJECT_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "Outfitter is running" not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"outfitter run did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(1)
        settings = Settings(home=home, web_port=ports["OUTFITTER_WEB_PORT"], rasa_port=ports["OUTFITTER_RASA_PORT"],
                            holdout_share=0)
        yield Running(f"http://127.0.0.1:{settings.web_port}", Services(settings))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
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
