"""REST round trips through the running assistant: a small-talk turn and a suggestion turn, p50/p95, with 1
and with 20 conversations at once.

The assistant is started the way ``make run`` starts it (``outfitter run --skip-train``: Rasa, the action
server and the web app, on the demo catalog) in a fresh home on free ports, and stopped at the end.

    .venv/bin/python benchmarks/bot_turns.py [--turns 10] [--concurrency 1 20]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import requests
from rich.table import Table

from bot.background_run import free_port

from measure import err, out

ROOT = Path(__file__).resolve().parent.parent
SMALL_TALK = "hi there"
SUGGESTION = "waterproof hiking jacket for women under 200"
STARTUP_SECONDS = 600  # the first run imports and embeds the demo catalog before starting the services



def start(home: Path, ports: dict[str, int]) -> subprocess.Popen[bytes]:
    env = dict(os.environ, OUTFITTER_HOME=str(home), OUTFITTER_RASA_PORT=str(ports["rasa"]),
               OUTFITTER_ACTIONS_PORT=str(ports["actions"]), OUTFITTER_WEB_PORT=str(ports["web"]))
    log = open(home / "outfitter-run.log", "wb")  # noqa: SIM115 (the child owns it)
    return subprocess.Popen([str(ROOT / ".venv/bin/outfitter"), "run", "--skip-train"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(process: subprocess.Popen[bytes], ports: dict[str, int], home: Path) -> None:
    urls = [f"http://127.0.0.1:{ports['rasa']}/", f"http://127.0.0.1:{ports['actions']}/health",
            f"http://127.0.0.1:{ports['web']}/health"]
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"outfitter run stopped; see {home / 'outfitter-run.log'}")
        try:
            if all(requests.get(url, timeout=2).ok for url in urls):
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    sys.exit(f"the assistant did not start in {STARTUP_SECONDS} s; see {home / 'outfitter-run.log'}")


def turn(rasa_port: int, sender: str, text: str) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    response = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=120)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000, response.json()


def conversation(rasa_port: int, turns: int) -> dict[str, list[float]]:
    """``turns`` small-talk and ``turns`` suggestion turns, alternating; each suggestion in a new
    conversation, so each is a whole finder request rather than a refinement."""
    timings: dict[str, list[float]] = {"small talk": [], "suggestion": []}
    for _ in range(turns):
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        ms, _ = turn(rasa_port, sender, SMALL_TALK)
        timings["small talk"].append(ms)
        ms, messages = turn(rasa_port, sender, SUGGESTION)
        if not any(m.get("custom", {}).get("type") == "carousel" for m in messages):
            sys.exit(f"a suggestion turn returned no carousel: {messages}")
        timings["suggestion"].append(ms)
    return timings


def measure(rasa_port: int, concurrency: int, turns: int) -> tuple[dict[str, list[float]], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: conversation(rasa_port, turns), range(concurrency)))
    elapsed = time.perf_counter() - started
    merged = {kind: [ms for r in results for ms in r[kind]] for kind in ("small talk", "suggestion")}
    return merged, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=10, help="turns of each kind per conversation")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 20])
    args = parser.parse_args()
    if not list((ROOT / "models").glob("*.tar.gz")):
        sys.exit(f"no trained model in {ROOT / 'models'}: run `make train`")
    taken: set[int] = set()
    ports = {"rasa": free_port(taken), "actions": free_port(taken), "web": free_port(taken)}
    with tempfile.TemporaryDirectory(prefix="outfitter-bench-") as folder:
        home = Path(folder)
        err.print(f"starting the assistant (outfitter run --skip-train) in {home} …")
        process = start(home, ports)
        try:
            wait_ready(process, ports, home)
            err.print("warming up …")
            conversation(ports["rasa"], 2)
            table = Table(title="REST round trip through Rasa and the action server, demo catalog (400 products)")
            for column in ("conversations at once", "turn", "p50 ms", "p95 ms", "turns", "turns/s"):
                table.add_column(column, justify="right" if column != "turn" else "left")
            for concurrency in args.concurrency:
                err.print(f"{concurrency} conversation(s) at once, {args.turns} turns of each kind each …")
                timings, elapsed = measure(ports["rasa"], concurrency, args.turns)
                total = sum(len(v) for v in timings.values())
                for kind, values in timings.items():
                    p50, p95 = np.percentile(values, [50, 95])
                    table.add_row(str(concurrency), kind, f"{p50:.0f}", f"{p95:.0f}", str(len(values)),
                                  f"{total / elapsed:.1f}" if kind == "suggestion" else "")
            out.print(table)
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
