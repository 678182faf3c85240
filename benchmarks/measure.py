"""Measuring helpers shared by the benchmarks: wall-clock timing, latency percentiles, recall, tables."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

out = Console(width=None if sys.stdout.isatty() else 110)  # a log file gets the whole table
err = Console(stderr=True, highlight=False)


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def printer(label: str) -> Callable[[str, int, int | None], None]:
    """An import progress callback printing to stderr at most every 5 s (and at the end of each stage)."""
    last = {"at": 0.0}

    def report(stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last["at"] >= 5 or (total and done >= total):
            last["at"] = now
            share = f"{100 * done / total:.0f}%" if total else f"{done:,}"
            err.print(f"  {label}: {stage} {share}")

    return report


def latency(fn: Callable[[Any], Any], items: Sequence[Any]) -> tuple[list[Any], dict[str, float]]:
    """Call ``fn`` once per item; results and p50/p95/p99/mean in milliseconds."""
    results, ms = [], []
    for item in items:
        started = time.perf_counter()
        results.append(fn(item))
        ms.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return results, {"p50_ms": round(float(p50), 3), "p95_ms": round(float(p95), 3),
                     "p99_ms": round(float(p99), 3), "mean_ms": round(float(np.mean(ms)), 3)}


def recall(exact: Sequence[Sequence[int]], approx: Sequence[Sequence[int]]) -> float:
    """Mean share of the exact top-k found by the approximate search (k = size of each exact list)."""
    shares = [len(set(e) & set(a)) / len(e) for e, a in zip(exact, approx, strict=True) if len(e)]
    return round(float(np.mean(shares)), 4)


def ms(stats: dict[str, float]) -> str:
    return f"{stats['p50_ms']:.2f} / {stats['p95_ms']:.2f}"


def show(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, title_justify="left", show_header=bool(headers))
    table.add_column(headers[0] if headers else "", style="bold")
    for header in headers[1:] or [""]:
        table.add_column(header, justify="right")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row))
    out.print(table)


def note_load(figures: dict[str, Any], section: str) -> None:
    """Record the load average: with spinning OpenMP threads, other work on the box skews timings badly."""
    load = round(os.getloadavg()[0], 2)
    figures["environment"].setdefault("load_1min", {})[section] = load
    out.print(f"[dim]1-min load average after this section: {load} on {len(os.sched_getaffinity(0))} CPUs "
              "(this benchmark accounts for up to that many)[/dim]")


def shared_data_arguments(doc: str) -> argparse.ArgumentParser:
    """The options of the benchmarks that import Myntra and UCI Online Retail: where to keep the imports, which
    data to skip, and a quick run's slice of UCI."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=None, help="keep the imports here and reuse them")
    parser.add_argument("--skip-myntra", action="store_true")
    parser.add_argument("--skip-uci", action="store_true")
    parser.add_argument("--uci-lines", type=int, default=None, help="import only the first N lines (a quick run)")
    parser.add_argument("--query-precision", choices=["int8", "float32"], default="int8",
                        help="how a shopper's words are encoded (default int8, as the product runs)")
    return parser
