"""The first run's demo shoppers: how long ``outfitter run`` takes to record them and refresh the segments.

In a fresh home with the demo catalog imported and published (not timed), the first run's own step,
``bot.cli.events.load_first_shoppers``, is timed end to end (reading the gzipped calls, checking and recording
them, one segment refresh and saving its model), on a fresh copy of that home each round, with the one-line
summary it printed.

Run from the repository root::

    .venv/bin/python benchmarks/demo_shoppers.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from bot.cli.events import load_first_shoppers
from bot.db import upgrade
from bot.demo import DEMO_CATALOG
from bot.services import Services
from bot.settings import Settings
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index

from measure import err, note_load, show


def template(folder: Path) -> Path:
    """A home with the demo catalog imported and its index published, as the first run has it by then."""
    services = Services(Settings(home=folder, database_url=None))
    upgrade(services.engine)
    with services.sessions() as session:
        import_catalog(session, DEMO_CATALOG, services.encoder)
        publish_index(session, services.index_store, services.encoder.model_name)
    services.engine.dispose()
    return folder


def one_round(home: Path) -> tuple[float, str]:
    services = Services(Settings(home=home, database_url=None))
    console = Console(file=io.StringIO(), width=200)
    started = time.perf_counter()
    load_first_shoppers(services, console)
    seconds = time.perf_counter() - started
    services.engine.dispose()
    return seconds, console.file.getvalue()  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, Any] = {"environment": {}}
    with tempfile.TemporaryDirectory(prefix="outfitter-demo-shoppers-") as tmp:
        err.print("importing the demo catalog into a template home …")
        source = template(Path(tmp) / "template")
        rows, times = [], []
        for n in range(1, args.rounds + 1):
            home = Path(tmp) / f"round-{n}"
            shutil.copytree(source, home)
            seconds, output = one_round(home)
            summary = next((line for line in output.splitlines() if line.startswith("shoppers (")), "no summary")
            times.append(seconds)
            rows.append((f"round {n}", f"{seconds:.1f} s", summary.split(": ", 1)[-1]))
            shutil.rmtree(home)
        rows.append(("median", f"{statistics.median(times):.1f} s", ""))
    show("First run: record the demo shoppers and refresh the segments", ["", "time", "what it said"], rows)
    note_load(figures, "first run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
