"""Progress of long work for the library's ``progress(stage, done, total)`` callbacks.

On a terminal, one rich bar per stage. Piped (CI, a log collector) a bar draws nothing, so progress is
written as plain lines instead (``Embedding 4000/12491 (32%)``), at most every few seconds per stage and at
its end. Either way the same lines go to the log file.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from recommender.catalog.reader import Progress as ProgressCallback

LABELS = {"read": "Reading", "embed": "Embedding", "index": "Indexing", "load": "Loading", "profile": "Profiling",
          "cluster": "Clustering", "train": "Training", "write": "Writing", "rank": "Ranking"}
LINE_EVERY = 5.0  # seconds: often enough to see a long stage move, rare enough to keep a CI log readable

log = logging.getLogger("outfitter.progress")


def progress_line(stage: str, done: int, total: int | None) -> str:
    """``Embedding 4000/12491 (32%)``; without a total, ``Embedding 4000``."""
    label = LABELS.get(stage, stage)
    if total is None:
        return f"{label} {done}"
    share = 100 if total <= 0 else min(100, done * 100 // total)
    return f"{label} {done}/{total} ({share}%)"


class ProgressLines:
    """A progress callback that emits a line per stage at most every ``every`` seconds, and at its end."""

    def __init__(self, emit: Callable[[str], None], every: float = LINE_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.emit = emit
        self.every = every
        self.clock = clock
        self._last: dict[str, float] = {}
        self._ended: set[str] = set()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = self.clock()
        ended = total is not None and done >= total
        if stage in self._ended:
            if ended:
                return  # its end was said once
            self._ended.discard(stage)  # the stage runs again (a second batch of products to embed)
            self._last[stage] = now
        last = self._last.setdefault(stage, now)  # a stage's first line comes after `every`, or at its end
        if ended or now - last >= self.every:
            self._last[stage] = now
            if ended:
                self._ended.add(stage)
            self.emit(progress_line(stage, done, total))


@contextmanager
def progress_bars(console: Console) -> Iterator[ProgressCallback]:
    """Yield a callback that shows progress on ``console`` (stderr, so stdout stays clean) and logs it."""
    if not console.is_terminal:
        def piped(line: str) -> None:
            console.print(line, markup=False, highlight=False)
            log.info(line)

        yield ProgressLines(piped)
        return
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    logged = ProgressLines(log.info)
    with Progress(*columns, console=console, transient=False) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(LABELS.get(stage, stage), total=total)
            bars.update(tasks[stage], completed=done, total=total)
            logged(stage, done, total)

        yield update
