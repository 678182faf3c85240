"""What two parts of a Rasa turn cost, as Rasa 3.6 runs them and as ``bot/rasa_server.py`` runs them; runs under
.venv-rasa's Python 3.10.

    .venv-rasa/bin/python benchmarks/rasa_turn_parts.py [--turns 300] [--model models/<model>.tar.gz]

- the tracker store on PostgreSQL (127.0.0.1:5432, a scratch database dropped afterwards): a turn's read of the
  conversation and its save of five new events, 20 conversations taking turns. Rows: Rasa's own store, the store
  reading only new rows through SQLAlchemy (``bot/rasa_tracker_reads.py`` on any other database), the same
  through psycopg2's cursor, and that with the tracker a save was given handed to the next read (what production
  mode runs).
- memory: what a tracker of a 15-turn conversation holds (tracemalloc) against its rows' stored text, the
  ratio ``TRACKER_WEIGHT`` in ``bot/rasa_tracker_reads.py`` rounds up (a kept tracker counts that many times its
  text against the memory bound).
- NLU: one message parsed by the trained model, with Rasa's own call of DIET's graph, with the direct call
  (``bot/rasa_diet_calls.py``), and with that and the features combined from a copy rather than a deep copy
  (``bot/rasa_server.py``; what production mode runs).

Each variant runs in a process of its own (the changes are made to Rasa's classes). CPU is the process's CPU time
(all threads) per turn or message; wall is the time the call took.

Imports only Rasa, what it installs and the rasa_*.py modules beside ``bot/rasa_server.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before Rasa's import: TensorFlow's start-up chatter
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ["hi there", "I need a rain jacket for hiking in the hills", "under 150 please", "something cheaper",
            "where is my order 12345", "more like the second one", "waterproof and breathable", "thanks, bye"]
STORE_VARIANTS = {"rasa's own store": "rasa", "new rows, through SQLAlchemy": "sqlalchemy",
                  "new rows, through psycopg2": "psycopg2",
                  "new rows, psycopg2, the saved tracker kept (production)": "kept"}
NLU_VARIANTS = {"Rasa's own call of DIET": "rasa", "DIET's graph called directly": "direct",
                "DIET direct, features combined from a copy (production)": "copy"}


def timed_turns(turns: int, run_one: Callable[[int], object]) -> dict[str, float]:
    cpu, wall = [], []
    for n in range(turns):
        started_cpu, started = time.process_time(), time.perf_counter()
        run_one(n)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}


def store_variant(variant: str, database: str, turns: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "bot"))
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    if variant != "rasa":
        import rasa_tracker_reads

        rasa_tracker_reads.read_only_new_rows(keep_trackers=variant == "kept")
        if variant == "sqlalchemy":
            rasa_tracker_reads.on_psycopg2 = lambda store: False
    domain = Domain.from_yaml('version: "3.1"\nintents: [inform]\nslots:\n  budget:\n    type: float\n'
                              '    mappings: [{type: custom}]\n')
    store = SQLTrackerStore(domain, dialect="postgresql", host="127.0.0.1", port=5432, username="postgres",
                            db=database, login_db="postgres")
    loop = asyncio.new_event_loop()

    def one_turn(n: int) -> None:
        async def turn() -> None:
            tracker = await store.get_or_create_tracker(f"shopper-{n % 20}")
            for event in [UserUttered("under 150", {"name": "inform", "confidence": 0.99}),
                          ActionExecuted("action_finder"), SlotSet("budget", 150.0 + n),
                          BotUttered(f"Under {150 + n}, then"), ActionExecuted("action_listen")]:
                tracker.update(event)
            await store.save(tracker)
        loop.run_until_complete(turn())

    for n in range(40):  # every conversation started and a turn in
        one_turn(n)
    return timed_turns(turns, one_turn)


def tracker_memory(turns: int = 15) -> tuple[int, int]:
    """Bytes a tracker of ``turns`` turns holds (built from its rows, as a server keeps it) and its rows' text."""
    import tracemalloc

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "domain.yml"))
    events = [ActionExecuted("action_listen")]
    for n in range(turns):
        parse = {"text": MESSAGES[n % len(MESSAGES)], "intent": {"name": "inform", "confidence": 0.99},
                 "entities": [], "intent_ranking": [{"name": "inform", "confidence": 0.99}] * 10}
        events += [UserUttered(parse["text"], parse["intent"], [], parse), ActionExecuted("action_finder"),
                   SlotSet("budget", 150.0 + n), BotUttered(f"Under {150 + n}, then", {"buttons": [
                       {"title": "Hiking", "payload": "/inform"}] * 4}), ActionExecuted("action_listen")]
    texts = [json.dumps(event.as_dict()) for event in events]
    tracemalloc.start()
    tracker = DialogueStateTracker.from_dict("shopper", [json.loads(text) for text in texts], domain.slots)
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(tracker.events) == len(events)
    return held, sum(map(len, texts))


def nlu_variant(variant: str, model: str, turns: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "bot"))
    from rasa.core.agent import Agent

    if variant in ("direct", "copy"):
        import rasa_diet_calls

        rasa_diet_calls.call_diet_directly()
    if variant == "copy":
        import rasa_server

        rasa_server.combine_features_from_a_copy()
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()
    for text in MESSAGES:
        loop.run_until_complete(agent.parse_message(text))
    return timed_turns(turns, lambda n: loop.run_until_complete(agent.parse_message(MESSAGES[n % len(MESSAGES)])))


def in_own_process(part: str, variant: str, target: str, turns: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--part", part, "--variant", variant, "--target", target,
                           "--turns", str(turns)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{part} / {variant} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def scratch_database() -> tuple[str, object]:
    import psycopg2

    admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    admin.autocommit = True
    name = f"outfitter_turnparts_{uuid.uuid4().hex[:8]}"
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    return name, admin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--model", default=None, help="a trained model (default: the newest in models/)")
    parser.add_argument("--part", choices=["store", "nlu"], help=argparse.SUPPRESS)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "store":
        print(json.dumps(store_variant(args.variant, args.target, args.turns)))
        return
    if args.part == "nlu":
        print(json.dumps(nlu_variant(args.variant, args.target, args.turns)))
        return

    print(f"{'':78} {'CPU ms':>8} {'wall ms':>8}   (medians of {args.turns})")
    for label, variant in STORE_VARIANTS.items():
        database, admin = scratch_database()
        try:
            took = in_own_process("store", variant, database, args.turns)
        finally:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')  # type: ignore[attr-defined]
        print(f"{'tracker read + save, ' + label:78} {took['cpu']:8.2f} {took['wall']:8.2f}")
    held, text = tracker_memory()
    print(f"{'kept tracker of 15 turns: bytes held / characters of its rows':78} {held / text:8.2f}"
          f"   ({held:,} / {text:,})")
    model = args.model or max((str(path) for path in (ROOT / "models").glob("*.tar.gz")), default=None)
    if model is None:
        raise SystemExit("no trained model in models/: run `make train` first, or give --model")
    for label, variant in NLU_VARIANTS.items():
        took = in_own_process("nlu", variant, model, args.turns)
        print(f"{'NLU parse of a message, ' + label:78} {took['cpu']:8.2f} {took['wall']:8.2f}")


if __name__ == "__main__":
    main()
