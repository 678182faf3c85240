"""Production mode's supervision: a process that stops is started again and the restart is said; one that
keeps stopping ends the run with its log named."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from bot import launcher
from bot.cluster import RESTARTS_ALLOWED, Supervisor
from bot.settings import Settings


def quitter(name: str) -> launcher.Service:
    return launcher.Service(name, [sys.executable, "-c", "raise SystemExit(3)"], "http://127.0.0.1:9/health")


def sleeper(name: str) -> launcher.Service:
    return launcher.Service(name, [sys.executable, "-c", "import time; time.sleep(60)"], "http://127.0.0.1:9/health")


def test_a_stopped_process_is_started_again_and_the_others_are_left_alone(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    said: list[str] = []
    steady, failing = sleeper("rasa-1"), quitter("actions-1")
    for service in (steady, failing):
        launcher.start(service, settings)
    supervisor = Supervisor(settings, [steady, failing], said.append)
    try:
        first, steady_pid = failing.process, steady.process
        assert first is not None and steady_pid is not None
        first.wait(timeout=30)
        assert supervisor.check(now=0.0)
        assert failing.process is not first and steady.process is steady_pid
        assert said == ["[yellow]actions-1 stopped (exit code 3); restarting; the other servers answer meanwhile[/]"]
        recorded = json.loads((tmp_path / "processes.json").read_text())
        assert {row["name"]: row["pid"] for row in recorded}["actions-1"] == failing.process.pid
    finally:
        launcher.stop([steady, failing])


def test_a_process_that_keeps_stopping_ends_the_run_naming_its_log(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    said: list[str] = []
    failing = quitter("web")
    supervisor = Supervisor(settings, [failing], said.append)
    launcher.start(failing, settings)
    for second in range(RESTARTS_ALLOWED):
        assert failing.process is not None
        failing.process.wait(timeout=30)
        assert supervisor.check(now=float(second))
    assert failing.process is not None
    failing.process.wait(timeout=30)
    assert not supervisor.check(now=float(RESTARTS_ALLOWED))
    assert "web stopped 6 times" in said[-1] and str(tmp_path / "logs" / "web.log") in said[-1]
    # Outside the window the count starts again: a process that crashes once a day is restarted every time.
    assert supervisor.check(now=10_000.0)
    launcher.stop([failing])


def slow_to_stop(name: str) -> launcher.Service:
    """A server that takes two seconds to stop after SIGTERM, as Rasa and uvicorn take some; it says "ready" on
    its output once it handles SIGTERM."""
    code = ("import signal, sys, time\n"
            "signal.signal(signal.SIGTERM, lambda *_: (time.sleep(2), sys.exit(0)))\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n")
    return launcher.Service(name, [sys.executable, "-c", code], "http://127.0.0.1:9/health")


def test_a_second_signal_while_stopping_does_not_leave_a_server_running(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    services = [slow_to_stop("rasa-1"), slow_to_stop("rasa-2"), sleeper("actions-1")]
    for service in services:
        launcher.start(service, settings)
    logs = [tmp_path / "logs" / f"{name}.log" for name in ("rasa-1", "rasa-2")]
    deadline = time.monotonic() + 30
    while not all(log.exists() and "ready" in log.read_text() for log in logs) and time.monotonic() < deadline:
        time.sleep(0.05)

    def interrupt(signum: int, _frame: object) -> None:  # as `outfitter run` turns SIGTERM into Ctrl-C
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        # `make` passes its SIGTERM on to `outfitter run` while it is already stopping its servers.
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()
        launcher.stop(services)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert all(s.process is not None and s.process.poll() is not None for s in services)
    assert signal.getsignal(signal.SIGTERM) is previous
