"""``outfitter run`` in the background, on a private home and free ports, and the browser that looks at it: what
the browser tests, the fault tests, the README's screenshots and the benchmarks drive, started exactly as
``make run`` (or ``make run-production``, on a scratch PostgreSQL database) starts it."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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


def free_port(taken: set[int] | None = None) -> int:
    """One port free on loopback, drawn as :func:`free_ports` draws them (and added to ``taken``)."""
    return free_ports(1, set() if taken is None else taken)


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(count: int, taken: set[int]) -> int:
    """The first of ``count`` consecutive ports free on loopback, none of them in ``taken`` (which gets them).
    Production mode's Rasa and action servers take the ports after their balancer's.

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
    raise RunFailed(f"found no {count} consecutive free ports")


@contextmanager
def scratch_postgres(admin_url: str, prefix: str) -> Iterator[tuple[str, str]]:
    """A new, empty PostgreSQL database on ``admin_url``'s server (the ``postgres`` database): its URL and name.
    Dropped afterwards, connections and all, with the ``<name>_trackers`` database production mode makes."""
    admin = make_url(admin_url)
    if admin.get_backend_name() != "postgresql":
        raise RunFailed(f"{admin_url!r}: give a postgresql:// URL of the server's `postgres` database")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"  # interpolated into SQL below: a fixed shape, never user text
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin.set(database=name).render_as_string(hide_password=False), name
        finally:
            with engine.connect() as connection:
                for made in (name, f"{name}_trackers"):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)'))
    finally:
        engine.dispose()


def stop(process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """SIGTERM to ``outfitter run``'s group (it stops its services), SIGKILL when it does not end in time."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def background_run(home: Path, env: Mapping[str, str] | None = None,
                   timeout: float = STARTUP_SECONDS) -> Iterator[Settings]:
    """Start ``outfitter run --skip-train`` on ``home`` with free ports; yield its settings once everything
    answers, and stop it (and its children) afterwards. ``env`` adds OUTFITTER_* settings."""
    taken: set[int] = set()
    ports = {"web_port": free_port(taken), "rasa_port": free_port(taken), "actions_port": free_port(taken)}
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
        stop(process)


def _settings_of(env: Mapping[str, str]) -> dict[str, str]:
    """The OUTFITTER_* variables of ``env`` as Settings fields, so the caller sees the run's own settings."""
    fields = Settings.model_fields
    found = {name.removeprefix("OUTFITTER_").lower(): value for name, value in env.items()
             if name.startswith("OUTFITTER_")}
    return {name: value for name, value in found.items() if name in fields and name != "home"}
