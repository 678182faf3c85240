"""Rich progress bars for the library's ``progress(stage, done, total)`` callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from recommender.catalog.reader import Progress as ProgressCallback

LABELS = {"read": "Reading", "embed": "Embedding", "index": "Indexing", "load": "Loading", "profile": "Profiling",
          "cluster": "Clustering", "train": "Training", "write": "Writing"}


@contextmanager
def progress_bars(console: Console) -> Iterator[ProgressCallback]:
    """Yield a callback that draws one bar per stage (shown on stderr, so stdout stays clean)."""
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(LABELS.get(stage, stage), total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
