"""The assistant the load test starts for itself: ``outfitter run --production --rasa N --actions N --skip-train``
(nginx in front of N Rasa/action-server pairs, PostgreSQL, Redis) in a fresh home under a temporary folder, on a
fresh PostgreSQL database that is dropped afterwards, on free loopback ports; or plain ``outfitter run
--skip-train`` (SQLite, one pair) as the development baseline."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parent.parent
OUTFITTER = ROOT / ".venv/bin/outfitter"
READY = "Outfitter is running"
STARTUP_SECONDS = 900  # a fresh database imports and embeds the demo catalog, then each Rasa loads its model
DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class StartFailed(RuntimeError):
    """The assistant did not come up; the message ends with its output."""


@dataclass(frozen=True)
class Running:
    url: str  # the REST channel's webhook
    root: int  # pid of `outfitter run`: its descendants are the assistant
    database: str | None  # the PostgreSQL database's name, for its backends' command lines
    log: Path


def production_available() -> bool:
    """Whether this checkout's ``outfitter run`` has ``--production``."""
    shown = subprocess.run([str(OUTFITTER), "run", "--help"], capture_output=True, text=True, cwd=ROOT,
                           env=dict(os.environ, COLUMNS="200"), check=False)
    return "--production" in shown.stdout


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(count: int, taken: set[int]) -> int:
    """The first of ``count`` consecutive ports free on loopback, none of them in ``taken`` (which gets them).

    Drawn below the ephemeral range: the assistant binds them minutes later (after the catalog import), and a port
    the kernel hands out for outgoing connections or other programs' "free port" could be gone by then."""
    rng = random.Random()
    high = _ephemeral_low() - count
    for _ in range(500):
        first = rng.randrange(10_000, high)
        block = set(range(first, first + count))
        if block & taken:
            continue
        try:
            for port in block:
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        taken |= block
        return first
    raise StartFailed(f"found no {count} consecutive free ports")


@contextmanager
def fresh_database(admin_url: str) -> Iterator[tuple[str, str]]:
    """A new, empty PostgreSQL database next to ``admin_url``'s (the ``postgres`` one): its URL and name; dropped
    afterwards, connections and all."""
    admin = make_url(admin_url)
    if not admin.drivername.startswith("postgresql"):
        raise StartFailed(f"--postgres {admin_url!r}: a postgresql:// URL of the server's `postgres` database")
    name = f"outfitter_load_{uuid.uuid4().hex[:10]}"
    assert DATABASE_NAME.match(name)  # interpolated into SQL below: a fixed shape, never user text
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            _make_tracker_store(admin.set(database=name))
            yield admin.set(database=name).render_as_string(hide_password=False), name
        finally:
            with engine.connect() as connection:
                # production mode keeps Rasa's trackers in <app database>_trackers, which Rasa creates itself
                for made in (name, f"{name}_trackers"):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _make_tracker_store(app: URL) -> None:
    """Rasa's trackers database (<app database>_trackers) and its table, made once by Rasa's own tracker store.

    Left to them, N Rasa servers starting side by side on a fresh database race to create both, and the loser stops
    (duplicate key on pg_database, then on pg_type): seen here with --rasa 2."""
    rasa_python = ROOT / ".venv-rasa/bin/python"
    code = ("import sys; from rasa.core.tracker_store import SQLTrackerStore as S; "
            "S(dialect='postgresql', host=sys.argv[1], port=int(sys.argv[2]), db=sys.argv[3], "
            "username=sys.argv[4] or None, password=sys.argv[5] or None, login_db=sys.argv[6])")
    made = subprocess.run([str(rasa_python), "-c", code, app.host or "127.0.0.1", str(app.port or 5432),
                           f"{app.database}_trackers", app.username or "", app.password or "", str(app.database)],
                          capture_output=True, text=True, check=False, timeout=300)
    if made.returncode:
        raise StartFailed(f"could not make Rasa's trackers database:\n{made.stderr[-2000:]}")


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
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
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
    with fresh_database(admin_url) as made:
        yield made
