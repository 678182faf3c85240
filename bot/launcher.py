"""Start the assistant's processes (action server, Rasa, web app), train the model when needed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.settings import PROJECT_ROOT, Settings

RASA_FILES = ("config.yml", "domain.yml", "data")
STARTUP_SECONDS = 180  # Rasa loads TensorFlow and the model: about 30 s on 2 cores


class LaunchError(RuntimeError):
    """A process did not come up; the message says which and where its log is."""


def rasa_executable(settings: Settings) -> Path:
    rasa = settings.rasa_venv / "bin" / "rasa"
    if not rasa.exists():
        raise LaunchError(f"{rasa} not found: run `make .venv-rasa` (Rasa 3.6 needs Python 3.10)")
    return rasa


def train(settings: Settings, *, force: bool = False) -> None:
    """Train the Rasa model on the project's data and the shop's lookup tables; Rasa itself skips training when
    none of them changed."""
    from bot.retraining import training_data  # the tables' builder reads the catalog's models: only here

    data = [str(path) for path in training_data(settings)]
    command = [str(rasa_executable(settings)), "train", "--out", str(settings.models_dir), "--data", *data]
    if force:
        command.append("--force")
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, env=child_env(settings))


def child_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["OUTFITTER_HOME"] = str(settings.home_dir)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Rasa, the action server and the web app share two cores; OpenMP threads that spin-wait between
    # FAISS calls would take them from whichever process has work.
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return env


def write_endpoints(settings: Settings) -> Path:
    """Rasa's endpoints for this home: where the action server listens and where trackers are kept."""
    path = settings.home_dir / "rasa-endpoints.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{settings.actions_port}/webhook\n"
        "tracker_store:\n  type: SQL\n  dialect: sqlite\n"
        f"  db: {settings.home_dir / 'rasa-trackers.db'}\n"
    )
    return path


@dataclass
class Service:
    name: str
    command: Sequence[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)  # beyond child_env's
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)


def rasa_command(settings: Settings, rasa_token: str, port: int, endpoints: Path) -> list[str]:
    """`rasa run` through bot/rasa_server.py, which runs Rasa with the changes its docstring lists."""
    python = rasa_executable(settings).parent / "python"
    return [str(python), str(PROJECT_ROOT / "bot" / "rasa_server.py"), "--turns-at-once",
            str(settings.rasa_turns_at_once), "run", "--enable-api",
            # one argument with its value: a token may begin with "-", which argparse takes for an option
            f"--auth-token={rasa_token}", "--interface", "127.0.0.1", "--cors", "*",
            "--model", str(settings.models_dir), "--endpoints", str(endpoints),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--port", str(port)]


def actions_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bot.action_server", "--actions", "actions", "--host", "127.0.0.1",
            "--port", str(port)]


def web_command(port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "bot.web.app:create_app", "--factory", "--host", "127.0.0.1",
            "--port", str(port)]


def services(settings: Settings, rasa_token: str) -> list[Service]:
    """The three processes. Rasa listens on loopback and its HTTP API (conversation trackers, which are
    transcripts) answers only with ``rasa_token``; the shop's pages reach it through its channels."""
    return [
        Service("actions", actions_command(settings.actions_port), f"http://127.0.0.1:{settings.actions_port}/health"),
        Service("rasa", rasa_command(settings, rasa_token, settings.rasa_port, write_endpoints(settings)),
                f"http://127.0.0.1:{settings.rasa_port}/"),
        Service("web", web_command(settings.web_port), f"http://127.0.0.1:{settings.web_port}/health"),
    ]


def start(service: Service, settings: Settings) -> None:
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    log = open(settings.log_dir / f"{service.name}.log", "ab")  # noqa: SIM115 (the child owns it)
    service.process = subprocess.Popen(service.command, cwd=PROJECT_ROOT, env={**child_env(settings), **service.env},
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(service: Service, settings: Settings, timeout: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process is not None and service.process.poll() is not None:
            break
        try:
            if requests.get(service.health_url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    log = settings.log_dir / f"{service.name}.log"
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise LaunchError(f"{service.name} did not start; see {log}. It ended with:\n{tail}")


@contextmanager
def signals_ignored() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP do nothing inside (only the main thread can change that; elsewhere, nothing
    changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    kinds = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {kind: signal.getsignal(kind) for kind in kinds}
    for kind in kinds:
        signal.signal(kind, signal.SIG_IGN)
    try:
        yield
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)


def stop(running: Sequence[Service]) -> None:
    """SIGTERM to every service, then SIGKILL to any still running after 20 s. A second signal while stopping
    (`make` passes its own SIGTERM on to `outfitter run`; a shopper's admin presses Ctrl-C twice) must not cut
    this short and leave servers running with nothing to stop them: it is ignored until every one is down."""
    with signals_ignored():
        _stop(running)


def _stop(running: Sequence[Service]) -> None:
    for service in running:
        if service.process and service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGTERM)
    for service in running:
        if service.process:
            try:
                service.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(service.process.pid, signal.SIGKILL)
