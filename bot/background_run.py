"""``outfitter run`` in the background, on a private home and free ports, and the browser that looks at it: what
the browser tests, the README's screenshots and the benchmarks drive, started exactly as ``make run`` starts it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings

READY = "Outfitter is running"
# Debian's Chromium, as the browser tests and the README's screenshots drive it: as root and offline, so no
# sandbox and none of Chromium's calls home (refused here, and slow to fail).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_SECONDS = 300  # a first run imports and embeds the demo catalog, then Rasa loads its model


class RunFailed(RuntimeError):
    """``outfitter run`` stopped or did not come up; the message ends with its output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def background_run(home: Path, env: Mapping[str, str] | None = None,
                   timeout: float = STARTUP_SECONDS) -> Iterator[Settings]:
    """Start ``outfitter run --skip-train`` on ``home`` with free ports; yield its settings once everything
    answers, and stop it (and its children) afterwards. ``env`` adds OUTFITTER_* settings."""
    ports = {"web_port": free_port(), "rasa_port": free_port(), "actions_port": free_port()}
    child_env = {**os.environ, "OUTFITTER_HOME": str(home), **(env or {}),
                 **{f"OUTFITTER_{name.upper()}": str(port) for name, port in ports.items()}}
    if not (env and "OUTFITTER_DATABASE_URL" in env):
        child_env.pop("OUTFITTER_DATABASE_URL", None)  # the home's own SQLite file unless asked otherwise
    home.mkdir(parents=True, exist_ok=True)
    log = home / "run.log"
    outfitter = Path(sys.executable).parent / "outfitter"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(outfitter), "run", "--skip-train"], cwd=PROJECT_ROOT, env=child_env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while READY not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RunFailed(f"outfitter run did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(1)
        yield Settings(home=home, **ports, **_settings_of(env or {}))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _settings_of(env: Mapping[str, str]) -> dict[str, str]:
    """The OUTFITTER_* variables of ``env`` as Settings fields, so the caller sees the run's own settings."""
    fields = Settings.model_fields
    found = {name.removeprefix("OUTFITTER_").lower(): value for name, value in env.items()
             if name.startswith("OUTFITTER_")}
    return {name: value for name, value in found.items() if name in fields and name != "home"}
