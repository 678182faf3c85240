"""The assistant the load test starts for itself: ``outfitter run --production --rasa N --actions N --skip-train``
(nginx in front of N Rasa/action-server pairs, PostgreSQL, Redis) in a fresh home under a temporary folder, on a
fresh PostgreSQL database that is dropped afterwards, on free loopback ports; or plain ``outfitter run
--skip-train`` (SQLite, one pair) as the development baseline."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

from bot.background_run import RunFailed, free_ports, scratch_postgres, stop

ROOT = Path(__file__).resolve().parent.parent
OUTFITTER = ROOT / ".venv/bin/outfitter"
READY = "Outfitter is running"
STARTUP_SECONDS = 900  # a fresh database imports and embeds the demo catalog, then each Rasa loads its model


class StartFailed(RunFailed):
    """The assistant did not come up; the message ends with its output."""


@dataclass(frozen=True)
class Running:
    url: str  # the REST channel's webhook
    root: int  # pid of `outfitter run`: its descendants are the assistant
    database: str | None  # the PostgreSQL database's name, for its backends' command lines
    log: Path


def _wait_ready(process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while READY not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            why = "stopped" if process.poll() is not None else f"did not start in {timeout:.0f} s"
            # the home is a temporary folder: keep the logs that say why
            kept = Path(tempfile.mkdtemp(prefix="outfitter-load-failed-"))
            shutil.copytree(log.parent, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("index", "*.db"))
            raise StartFailed(f"outfitter run {why}; its logs are kept in {kept}; its output:\n"
                              f"{log.read_text(errors='replace')[-3000:]}")
        time.sleep(1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to `outfitter run` (it stops its services), then SIGKILL to whatever of its tree is left."""
    try:
        tree = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        tree = []
    stop(process, timeout=90)
    for child in tree:
        with contextlib.suppress(psutil.Error):  # already stopped, as it should be
            child.kill()


@contextmanager
def assistant(pairs: int, *, production: bool, admin_url: str, redis_url: str,
              timeout: float = STARTUP_SECONDS) -> Iterator[Running]:
    """The assistant with ``pairs`` Rasa/action-server pairs, up and answering; stopped (and its database dropped)
    afterwards. Plain mode has one pair and SQLite in its home."""
    if not production and pairs != 1:
        raise StartFailed(f"--pairs {pairs}: plain `outfitter run` has one Rasa/action pair; use production mode")
    with tempfile.TemporaryDirectory(prefix="outfitter-load-") as folder, _database(production, admin_url) as db:
        home = Path(folder)
        # production: nginx balances Rasa on OUTFITTER_RASA_PORT and the servers take the next ports; same for
        # the action servers
        ports, taken = pairs + 1 if production else 1, set[int]()
        rasa, actions, web = free_ports(ports, taken), free_ports(ports, taken), free_ports(1, taken)
        env = {k: v for k, v in os.environ.items() if not k.startswith("OUTFITTER_")}
        env.update(OUTFITTER_HOME=str(home), OUTFITTER_RASA_PORT=str(rasa), OUTFITTER_ACTIONS_PORT=str(actions),
                   OUTFITTER_WEB_PORT=str(web))
        command = [str(OUTFITTER), "run", "--skip-train"]
        entry = rasa
        if production:
            url = db[0]
            entry = free_ports(1, taken)
            env.update(OUTFITTER_DATABASE_URL=url, OUTFITTER_REDIS_URL=redis_url, OUTFITTER_BALANCER_PORT=str(entry))
            command += ["--production", "--rasa", str(pairs), "--actions", str(pairs)]
        log = home / "outfitter-run.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        try:
            _wait_ready(process, log, timeout)
            yield Running(f"http://127.0.0.1:{entry}/webhooks/rest/webhook", process.pid,
                          db[1] if production else None, log)
        finally:
            _stop(process)


@contextmanager
def _database(production: bool, admin_url: str) -> Iterator[tuple[str, str]]:
    if not production:
        yield "", ""
        return
    with scratch_postgres(admin_url, "outfitter_load") as made:
        yield made
