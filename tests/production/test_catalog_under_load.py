"""The catalog changes under live conversations: an import while 20 conversations run, and an index build
killed half-way. No turn fails, no answer mixes two index versions, and a killed build leaves the live version
serving and the next import completing."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bot.settings import PROJECT_ROOT
from tests.conftest import DEMO_CATALOG
from tests.production.conftest import SOAK, Cluster
from tests.production.conversation import carousel, new_sender

CONVERSATIONS = 20
AFTER_IMPORT_SECONDS = 60 if SOAK else 8
SUGGESTION_TURNS = ("I need a rain jacket for women under 200", "show me hiking boots", "cheaper",
                    "a warm fleece for camping", "in black")


def marked_catalog(folder: Path, mark: str) -> Path:
    """The demo catalog with ``mark`` at the end of every title: a card shows which version it came from."""
    with DEMO_CATALOG.open(newline="") as source:
        rows = list(csv.DictReader(source))
    path = folder / f"catalog{mark.strip().replace(' ', '-')}.csv"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "title": row["title"] + mark} for row in rows)
    return path


def live_version(cluster: Cluster) -> str:
    return requests.get(f"{cluster.entry}/health", timeout=10).json()["index_version"]


class Shoppers:
    """``count`` conversations at once, each a new shopper asking for suggestions turn after turn."""

    def __init__(self, cluster: Cluster, count: int) -> None:
        self.cluster = cluster
        self.failures: list[str] = []
        self.pages: list[tuple[float, list[dict[str, Any]]]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._converse) for _ in range(count)]

    def __enter__(self) -> Shoppers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=180)

    def _converse(self) -> None:
        while not self._stop.is_set():
            who = new_sender("load")
            for message in SUGGESTION_TURNS:
                try:
                    response = self.cluster.say(who, message, timeout=120)
                except requests.RequestException as exc:
                    self.failures.append(f"{message!r}: {exc}")
                    continue
                if response.status_code != 200 or not response.json():
                    self.failures.append(f"{message!r}: {response.status_code} {response.text[:200]}")
                elif products := carousel(response.json()):
                    self.pages.append((time.monotonic(), products))


def test_an_import_while_twenty_conversations_run_fails_no_turn_and_mixes_no_versions(
        healthy: Cluster, tmp_path: Path) -> None:
    mark = " (new season)"
    before = live_version(healthy)
    with Shoppers(healthy, CONVERSATIONS) as shoppers:
        time.sleep(5)
        imported = healthy.outfitter("catalog", "import", str(marked_catalog(tmp_path, mark)))
        assert imported.returncode == 0, imported.stderr[-2000:]
        done = time.monotonic()
        time.sleep(AFTER_IMPORT_SECONDS)
    assert live_version(healthy) != before
    assert not shoppers.failures, shoppers.failures[:5]
    mixed = [page for _, page in shoppers.pages if len({p["title"].endswith(mark) for p in page}) > 1]
    assert not mixed, [[p["title"] for p in page] for page in mixed[:2]]
    new = [page for at, page in shoppers.pages if at > done + 2 and page[0]["title"].endswith(mark)]
    late = [page for at, page in shoppers.pages if at > done + 2]
    assert late and len(new) == len(late), "an action server kept serving the previous version"


def test_a_killed_index_build_leaves_the_live_version_serving_and_the_next_import_completes(
        healthy: Cluster, tmp_path: Path) -> None:
    before = live_version(healthy)
    catalog = marked_catalog(tmp_path, " (restocked)")
    command = [str(Path(sys.executable).parent / "outfitter"), "catalog", "import", str(catalog)]
    build = subprocess.Popen(command, cwd=PROJECT_ROOT, env=healthy.env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
    time.sleep(4)  # into the embedding of 400 changed titles
    assert build.poll() is None, build.stdout.read().decode()[-2000:] if build.stdout else ""
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert live_version(healthy) == before
    who = new_sender("after-kill")
    response = healthy.say(who, "I need a rain jacket for women under 200")
    assert response.status_code == 200 and response.json()
    again = healthy.outfitter("catalog", "import", str(catalog))
    assert again.returncode == 0, again.stderr[-2000:]
    after = live_version(healthy)
    assert after != before
    index_dir = healthy.home / "index"
    assert not list(index_dir.glob(".tmp-*")), "the killed build's leftovers were not removed"
    status = healthy.outfitter("catalog", "status")
    assert after in status.stdout + status.stderr
