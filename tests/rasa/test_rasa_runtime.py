"""The Rasa runtime `make` sets up is the one the Makefile pins, where a pin is there for a reason of ours."""

from __future__ import annotations

import re
import subprocess

import pytest

from bot.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.rasa


def pinned(name: str) -> str:
    found = re.search(rf"^{name} := (\S+)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE)
    assert found, f"the Makefile pins no {name}"
    return found.group(1)


def installed(distribution: str) -> str:
    python = Settings().rasa_venv / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no {python}: `make test` creates it")
    script = f"from importlib import metadata; print(metadata.version({distribution!r}))"
    return subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=True,
                          timeout=60).stdout.strip()


def test_rasa_checks_action_replies_with_the_pinned_jsonschema() -> None:
    # jsonschema 4 rebuilds and re-checks Rasa's event schema on every action server reply (benchmarks/
    # rasa_action_reply.py): a turn of the finder would spend most of its CPU there.
    assert installed("jsonschema") == pinned("JSONSCHEMA_VERSION")


def test_the_widget_channel_runs_on_the_pinned_python_socketio() -> None:
    assert installed("python-socketio") == pinned("SOCKETIO_VERSION")
