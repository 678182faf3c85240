"""The Rasa runtime `make` sets up is the one the Makefile pins, where a pin is there for a reason of ours."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.background_run import scratch_postgres
from bot.health import ping_redis, redis_client
from bot.launcher import rasa_command
from bot.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.rasa
LOCK_CHECK_DB = 14  # a Redis database no other test or service here uses
ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def pinned(name: str) -> str:
    found = re.search(rf"^{name} := (\S+)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE)
    assert found, f"the Makefile pins no {name}"
    return found.group(1)


def rasa_python() -> str:
    python = Settings().rasa_venv / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no {python}: `make test` creates it")
    return str(python)


def run_in_rasa(*arguments: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """``arguments`` run by .venv-rasa's Python, with TensorFlow quiet and Rasa's telemetry off."""
    return subprocess.run([rasa_python(), *arguments], capture_output=True, text=True, timeout=timeout,
                          env={"TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"})


def check_in_rasa(script: str, *arguments: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """tests/rasa/``script`` run by .venv-rasa's Python with the bot folder and ``arguments``; it must succeed."""
    done = run_in_rasa(str(PROJECT_ROOT / "tests" / "rasa" / script), str(PROJECT_ROOT / "bot"), *arguments,
                       timeout=timeout)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done


def installed(distribution: str) -> str:
    script = f"from importlib import metadata; print(metadata.version({distribution!r}))"
    return subprocess.run([rasa_python(), "-c", script], capture_output=True, text=True, check=True,
                          timeout=60).stdout.strip()


def test_rasa_checks_action_replies_with_the_pinned_jsonschema() -> None:
    # jsonschema 4 rebuilds and re-checks Rasa's event schema on every action server reply (benchmarks/
    # rasa_action_reply.py): a turn of the finder would spend most of its CPU there.
    assert installed("jsonschema") == pinned("JSONSCHEMA_VERSION")


def test_the_widget_channel_runs_on_the_pinned_python_socketio() -> None:
    assert installed("python-socketio") == pinned("SOCKETIO_VERSION")



def test_rasa_checks_action_replies_with_a_validator_built_once() -> None:
    script = """
import sys
sys.path.insert(0, sys.argv[1])
import jsonschema
import rasa_server
from rasa.core.actions.action import RemoteAction

rasa_server.check_replies_with_one_validator()
rasas_validate = jsonschema.validate
calls = []
def counted(*args, **kwargs):
    calls.append(1)
    return rasas_validate(*args, **kwargs)
jsonschema.validate = counted
action = RemoteAction("action_suggest", None)
good = {"events": [{"event": "slot", "name": "budget", "value": 150}], "responses": [{"text": "Here you are"}]}
assert action._validate_action_result(good) is True and action._validate_action_result(good) is True
assert not calls, "a good reply made Rasa build its validator again"
bad = {"events": [{"event": "slot", "value": 150}]}
try:
    action._validate_action_result(bad)
except jsonschema.ValidationError as error:
    assert "Failed to validate Action server response" in error.message, error.message
    print("refused by Rasa's own check")
"""
    done = run_in_rasa("-c", script, str(PROJECT_ROOT / "bot"), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "refused by Rasa's own check" in done.stdout


TRACKER_CHECKS = ["event types found by name, an unknown name refused as Rasa refuses it",
                  "a conversation read whole, then saved", "a turn saved after a read",
                  "a kept tracker reads as Rasa's read", "the tracker saved is the one read next",
                  "a kept tracker is handed out once",
                  "a tracker changed after its save is not handed out",
                  "a tracker kept under another domain is not handed out", "the other server reads it whole",
                  "a turn written by the other server is read",
                  "only rows after the last one read are read", "a deleted conversation is not read from memory",
                  "a new session: only the latest session is read",
                  "a conversation deleted between a read and its save is written whole"]


def test_rasa_reads_only_the_rows_of_a_conversation_it_has_not_read(tmp_path: Path) -> None:
    done = check_in_rasa("tracker_reads_check.py", str(tmp_path / "trackers.db"), timeout=180)
    assert held_lines(done) == TRACKER_CHECKS, done.stdout


def test_on_postgresql_rasa_reads_and_saves_new_rows_through_psycopg2_directly() -> None:
    try:
        with scratch_postgres(ADMIN_URL, "outfitter_trackcheck") as (_, name):
            done = check_in_rasa("tracker_reads_check.py", f"postgresql:{name}", timeout=180)
    except OperationalError as exc:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable: {exc.__class__.__name__}")
    expected = list(TRACKER_CHECKS)
    expected.insert(8, "on PostgreSQL a turn's read and save go straight to psycopg2")
    assert held_lines(done) == expected, done.stdout


def test_rasa_copies_a_slot_directly_and_as_copy_copy_would() -> None:
    script = """
import copy
import sys
sys.path.insert(0, sys.argv[1])
import rasa_server
from rasa.shared.core.slots import CategoricalSlot, Slot

slot = CategoricalSlot("fit", [{"type": "custom"}], values=["slim", "relaxed"], initial_value="slim")
slot.value = "relaxed"
rasa_server.copy_slots_directly()
def refused(*args):
    raise AssertionError("copied through __reduce_ex__")
Slot.__reduce_ex__ = refused
copied = copy.copy(slot)
assert type(copied) is CategoricalSlot and copied is not slot and copied.__dict__ == slot.__dict__
copied.value = "slim"
assert slot.value == "relaxed" and copied.value == "slim"
print("copied")
"""
    done = run_in_rasa("-c", script, str(PROJECT_ROOT / "bot"), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "copied" in done.stdout


def test_rasa_takes_a_conversations_lock_in_redis_in_one_script_each_way() -> None:
    try:
        ping_redis(redis_client(f"redis://127.0.0.1:6379/{LOCK_CHECK_DB}"))
    except Exception as exc:
        pytest.skip(f"Redis at 127.0.0.1:6379 is unreachable: {exc.__class__.__name__}")
    done = check_in_rasa("redis_lock_check.py", str(LOCK_CHECK_DB), timeout=180)
    held = [line.split(" (")[0] for line in held_lines(done)]
    assert held == ["tickets are issued in order, in the JSON Rasa reads",
                    "a ticket given back serves the next, and the last one deletes the lock",
                    "an expired ticket is dropped", "a turn's lock takes three round trips",
                    "servers issuing at once get distinct numbers"], done.stdout


def test_rasa_calls_the_action_server_over_a_kept_connection_with_the_same_json() -> None:
    done = check_in_rasa("action_calls_check.py", timeout=180)
    assert held_lines(done) == ["three calls, one connection",
                                "the body is the JSON json.dumps writes, the endpoint's headers are sent",
                                "an idle connection is dropped before it is used again",
                                "a body neither can encode is refused as json.dumps refuses it",
                                "the kept session is closed when the server stops"], done.stdout
    assert "Unclosed" not in done.stderr, done.stderr[-2000:]


def test_rasa_runs_its_graphs_in_order_and_diets_graph_directly_and_understands_everything_as_before() -> None:
    models = sorted((PROJECT_ROOT / "models").glob("*.tar.gz"))
    if not models:
        pytest.skip("no trained model in models/: `make test` trains it")
    done = check_in_rasa("model_calls_check.py", str(models[-1]), timeout=300)
    assert held_lines(done) == ["the graphs run in order without dask: every message understood and answered as before",
                                "every message gets the intent, ranking and entities Rasa's own call gives",
                                "DIET's graph is called without the tf.function's dispatch",
                                "features combined from a copy of the first: every message understood as before, "
                                "nothing deep-copied"], done.stdout


def test_rasas_own_parser_reads_the_launchers_command_whatever_the_token() -> None:
    # secrets.token_urlsafe begins with "-" once in 64 draws; as a separate argument argparse took it for an option
    command = rasa_command(Settings(), "-Dash1st_token", 5007, Path("endpoints.yml"))
    assert command[1].endswith("rasa_server.py"), command
    script = """
import json
import sys
sys.path.insert(0, sys.argv[1])
import rasa_server
from rasa.__main__ import create_argument_parser
argv = sys.argv[2:]
at_once = rasa_server.turns_at_once(argv)
parsed = create_argument_parser().parse_args(argv)
print(json.dumps({"at_once": at_once, "token": parsed.auth_token, "port": parsed.port}))
"""
    done = run_in_rasa("-c", script, str(PROJECT_ROOT / "bot"), *command[2:], timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"at_once": Settings().rasa_turns_at_once,
                                                                "token": "-Dash1st_token", "port": 5007}


def test_rasa_works_on_a_few_turns_at_once_and_queues_the_rest_in_order() -> None:
    # Rasa's handler is stood in for by one that takes a while and records who was in progress at once: what is
    # checked is the queue in front of it.
    script = """
import asyncio
import sys
sys.path.insert(0, sys.argv[1])
import rasa_server
import rasa_turn_queue
from rasa.core.agent import Agent

in_progress, most, started = [], [], []
async def handle(self, message):
    started.append(message)
    in_progress.append(message)
    most.append(len(in_progress))
    await asyncio.sleep(0.01)
    in_progress.remove(message)
    return [{"text": message}]
Agent.handle_message = handle
argv = ["rasa", "--turns-at-once", "3", "run", "--port", "5005"]
at_once = rasa_server.turns_at_once(argv)
assert at_once == 3 and argv == ["rasa", "run", "--port", "5005"], (at_once, argv)
assert rasa_server.turns_at_once(["rasa", "run"]) == rasa_turn_queue.TURNS_AT_ONCE
rasa_turn_queue.take_turns_in_order(at_once)
agent = object.__new__(Agent)
async def main():
    return await asyncio.gather(*(agent.handle_message(f"turn {n}") for n in range(20)))
answers = asyncio.run(main())
assert answers == [[{"text": f"turn {n}"}] for n in range(20)], answers
assert max(most) == 3, f"at most {max(most)} at once"
assert started == [f"turn {n}" for n in range(20)], started
print("queued in order")
"""
    done = run_in_rasa("-c", script, str(PROJECT_ROOT / "bot"), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "queued in order" in done.stdout


def test_the_turns_at_once_option_is_refused_by_name_when_it_is_not_a_number() -> None:
    for given in ("six", "0"):
        script = ("import sys; sys.path.insert(0, sys.argv[1]); import rasa_server; "
                  f"rasa_server.turns_at_once(['rasa', '--turns-at-once', {given!r}, 'run'])")
        done = run_in_rasa("-c", script, str(PROJECT_ROOT / "bot"), timeout=60)
        assert done.returncode != 0, given
        assert f"--turns-at-once {given}: a whole number of turns, at least 1" in done.stderr, done.stderr[-1000:]


def held_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.removeprefix("held: ") for line in done.stdout.splitlines() if line.startswith("held: ")]
