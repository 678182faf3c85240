"""Load test: C concurrent conversations (default 20) for D seconds (default 300) through the REST channel, each
a shopper's whole visit — greeting, the finder's questions answered by button or in words, the suggestions,
refinements ("cheaper", "more like the second one", "in black"), a support question (return policy, or an order's
status proven by its email), thanks and goodbye — each with a new sender id, one turn after the other (closed
loop; ``--think`` adds a pause between turns). See load_script.py for the phrasings, the turn types and what
counts as an error.

It prints per turn type the turns, turns/s, p50/p95/p99 and errors, the CPU each group of processes used while
the load ran, and which group saturates first.

    # against an assistant that is already running (loopback only)
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8080 [--conversations 20] [--duration 300]
    # start it (outfitter run --production, a fresh PostgreSQL database, Redis) for 1 and then 2 pairs
    .venv/bin/python benchmarks/load.py --pairs 1 2 [--duration 300]
    # the development baseline: plain `outfitter run` (SQLite, one pair)
    .venv/bin/python benchmarks/load.py --pairs 1 --plain

Bounded: only loopback URLs, at most 200 conversations and 3600 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import aiohttp
import load_script as script
from load_cluster import assistant
from load_cpu import ASSISTANT, CpuReport, CpuSampler, verdict
from load_stats import BoundsError, Summary, Turn, check_bounds, failing, loopback_url, rest_url, summarise
from rich.table import Table

from bot.background_run import RunFailed

from measure import err, out

MAX_FINDER_ANSWERS = 9  # questions answered before a conversation gives up waiting for suggestions
FLOOR_P95_MS = 600.0  # issue 16's floor: 20 conversations, p95 <= 600 ms with 2 pairs
ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/13"


@dataclass
class Shopper:
    """One conversation's connection to the bot: where, who, and where its turns are recorded."""

    client: aiohttp.ClientSession
    url: str
    sender: str
    record: Callable[[Turn], None]
    think: float

    async def say(self, said: script.Say) -> list[dict[str, Any]]:
        started = time.perf_counter()
        status, body, failure = None, None, None
        try:
            async with self.client.post(self.url, json={"sender": self.sender, "message": said.text}) as response:
                status = response.status
                body = await response.json(content_type=None) if status == 200 else None
        except TimeoutError:
            failure = "timeout"
        except aiohttp.ClientError as exc:
            failure = f"no answer ({type(exc).__name__})"
        except ValueError:
            failure = "not JSON"
        ms = (time.perf_counter() - started) * 1000
        messages = body if isinstance(body, list) else []
        self.record(Turn(script.classify(said.kind, messages), ms, failure or script.judge(status, body, said.expect),
                         said.text))
        if self.think:
            await asyncio.sleep(self.think)
        return messages


async def conversation(shopper: Shopper, rng: random.Random, deadline: float) -> None:
    """One shopper's visit; stops between turns once ``deadline`` (loop time) has passed."""
    loop = asyncio.get_running_loop()

    async def say(said: script.Say) -> list[dict[str, Any]] | None:
        return None if loop.time() >= deadline else await shopper.say(said)

    if await say(script.Say(rng.choice(script.GREETINGS), script.SMALL_TALK)) is None:
        return
    reply = await say(script.opening(rng))
    for _ in range(MAX_FINDER_ANSWERS):
        if reply is None or script.carousel(reply):
            break
        reply = await say(script.Say(script.finder_answer(reply, rng), script.FINDER))
    if reply and script.carousel(reply):
        for refinement in script.refinements(rng):
            if await say(refinement) is None:
                return
    for said in [*script.support_question(rng), *script.closing(rng)]:
        if await say(said) is None:
            return


async def run_load(url: str, conversations: int, duration: float, *, think: float, timeout: float,
                   seed: int) -> tuple[list[Turn], float]:
    """``conversations`` shoppers, each starting a new conversation as soon as one ends, for ``duration`` seconds;
    the turns and the seconds from the first turn to the last answer (turns in flight at the deadline finish)."""
    loopback_url(url)  # the bound holds for callers other than the command line too
    turns: list[Turn] = []
    run = uuid.uuid4().hex[:8]
    # aiohttp rather than httpx: the client shares the machine with the assistant, and httpx took 11% of a core
    # at 60 turns/s. trust_env=False: a proxy from the environment must never carry loopback traffic elsewhere.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conversations), trust_env=False,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as client:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + duration

        async def worker(n: int) -> None:
            rng = random.Random(seed * 1_000_003 + n)
            visit = 0
            while loop.time() < deadline:
                shopper = Shopper(client, url, f"load-{run}-{n}-{visit}", turns.append, think)
                await conversation(shopper, rng, deadline)
                visit += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(conversations)))
        return turns, time.perf_counter() - started


def measure(url: str, args: argparse.Namespace, root: int | None, database: str | None
            ) -> tuple[list[Summary], CpuReport]:
    if args.warmup:
        err.print(f"warming up: {args.conversations} conversations for {args.warmup:g} s …")
        asyncio.run(run_load(url, args.conversations, args.warmup, think=args.think, timeout=args.timeout,
                             seed=args.seed + 1))
    err.print(f"measuring: {args.conversations} conversations for {args.duration:g} s against {url} …")
    sampler = CpuSampler(root, database)
    sampler.start()
    try:
        turns, elapsed = asyncio.run(run_load(url, args.conversations, args.duration, think=args.think,
                                              timeout=args.timeout, seed=args.seed))
    finally:
        cpu = sampler.stop()
    for kind, said, why, n in failing(turns):
        err.print(f"  failed ×{n}: {kind} {said!r}: {why}")
    return summarise(turns, elapsed, script.TURN_TYPES), cpu


def show(title: str, rows: list[Summary], cpu: CpuReport, conversations: int) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("turn type", "turns", "turns/s", "p50 ms", "p95 ms", "p99 ms", "errors", "commonest errors"):
        table.add_column(column, justify="left" if column in ("turn type", "commonest errors") else "right")
    for row in rows:
        reasons = "; ".join(f"{reason} ×{n}" for reason, n in row.reasons)
        table.add_row(row.kind, f"{row.count:,}", f"{row.per_second:.1f}", f"{row.p50:.0f}", f"{row.p95:.0f}",
                      f"{row.p99:.0f}", f"{row.errors:,} ({100 * row.errors / row.count:.1f}%)", reasons,
                      style="bold" if row.kind == "all" else None)
    out.print(table)
    cpu_table = Table(title=f"CPU while the load ran (% of one core; {cpu.cores} cores)", title_justify="left")
    for column in ("process group", "processes", "mean %", "peak %", "of its ceiling"):
        cpu_table.add_column(column, justify="left" if column == "process group" else "right")
    for group in cpu.groups:
        if group.mean >= 0.5 or group.group in ASSISTANT:
            cpu_table.add_row(group.group, str(group.processes), f"{group.mean:.0f}", f"{group.peak:.0f}",
                              f"{100 * group.share(cpu.cores):.0f}%")
    out.print(cpu_table)
    out.print(verdict(cpu))
    overall = next(r for r in rows if r.kind == "all")
    met = "met" if overall.p95 <= FLOOR_P95_MS else "missed"
    out.print(f"all turns: {overall.per_second:.1f} turns/s, p95 {overall.p95:.0f} ms — floor p95 <= "
              f"{FLOOR_P95_MS:.0f} ms with {conversations} conversations: {met}")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running assistant on this machine: its base URL or its REST webhook")
    where.add_argument("--pairs", type=int, nargs="+", help="start the assistant with each number of Rasa/action "
                                                            "pairs in turn (production mode)")
    parser.add_argument("--plain", action="store_true", help="with --pairs 1: plain `outfitter run` (SQLite)")
    parser.add_argument("--conversations", type=int, default=20, help="concurrent conversations (default 20)")
    parser.add_argument("--duration", type=float, default=300, help="seconds of measured load (default 300)")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of load before measuring (default 20)")
    parser.add_argument("--think", type=float, default=0, help="seconds each shopper waits between turns")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a turn counts as timed out")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--postgres", default=ADMIN_URL, help="the PostgreSQL server's `postgres` database, where "
                                                              "each run's database is created and dropped")
    parser.add_argument("--redis", default=REDIS_URL, help="Redis for Rasa's lock store (a database number)")
    args = parser.parse_args(argv)
    try:
        check_bounds(args.conversations, args.duration, args.think, args.timeout)
        if args.warmup < 0 or args.warmup > 600:
            raise BoundsError(f"--warmup {args.warmup:g}: must be between 0 and 600 seconds")
        if args.url:
            args.url = rest_url(loopback_url(args.url))
        loopback_url(args.postgres, "--postgres", ("postgresql",))
        loopback_url(args.redis, "--redis", ("redis",))
        if args.pairs and not all(1 <= p <= 8 for p in args.pairs):
            raise BoundsError(f"--pairs {args.pairs}: each must be between 1 and 8")
    except BoundsError as exc:
        parser.error(str(exc))
    return args


def figures(setup: str, rows: list[Summary], cpu: CpuReport, args: argparse.Namespace) -> dict[str, Any]:
    return {"setup": setup, "conversations": args.conversations, "duration_s": args.duration, "think_s": args.think,
            "turns": [asdict(r) for r in rows], "cpu": asdict(cpu), "verdict": verdict(cpu)}


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    title = f"{args.conversations} concurrent conversations for {args.duration:g} s, think time {args.think:g} s"
    results: list[dict[str, Any]] = []

    def report(setup: str, rows: list[Summary], cpu: CpuReport) -> None:
        show(f"{title}, {setup}", rows, cpu, args.conversations)
        results.append(figures(setup, rows, cpu, args))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))

    if args.url:
        report(args.url, *measure(args.url, args, root=None, database=None))
        return
    production = not args.plain
    for pairs in args.pairs:
        mode = "production (nginx, PostgreSQL, Redis)" if production else "plain outfitter run (SQLite)"
        err.print(f"starting the assistant: {pairs} Rasa/action pair(s), {mode} …")
        try:
            with assistant(pairs, production=production, admin_url=args.postgres, redis_url=args.redis) as running:
                rows, cpu = measure(running.url, args, running.root, running.database)
        except RunFailed as exc:
            sys.exit(str(exc))
        report(f"{pairs} Rasa/action pair(s), {mode}", rows, cpu)


if __name__ == "__main__":
    main()
