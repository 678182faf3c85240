"""CPU per process group while the load runs, and which group saturates first.

Every second the sampler reads each process's CPU time (user + system) and adds the difference since the last
sample to its group: the Rasa servers, the action servers, the web app, nginx, the PostgreSQL backends of the
run's database, the PostgreSQL server's own processes, Redis, the load client itself, and everything else on the
machine. With the assistant's process tree known (``root``), only its descendants count as the assistant; without
it every process is grouped by its command line, other people's Rasa servers included.

A group's *ceiling* is one core per process, at most the machine's cores: one Rasa server (one event loop) can
use about one core, two can use two. The group closest to its ceiling is what saturates first; when the machine
itself is nearly all busy, that is said too, since then every group competes for the same cores.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import psutil

RASA, ACTIONS, WEB, NGINX = "Rasa servers", "action servers", "web app", "nginx"
PG_BACKENDS, PG_SERVER, REDIS = "PostgreSQL backends (this run's databases)", "PostgreSQL (other processes)", "Redis"
LAUNCHER, CLIENT, OTHER = "outfitter run (launcher)", "load client (this script)", "other processes on the machine"
TREE_OTHER = "other processes of the assistant"
ASSISTANT = (RASA, ACTIONS, WEB, NGINX, PG_BACKENDS, REDIS)
BUSY_MACHINE = 0.9  # share of all cores busy from which the machine itself is called saturated


def group_of(cmdline: str, name: str, *, in_tree: bool | None, database: str | None, own: bool) -> str:
    """The group of one process from its command line and name. ``in_tree``: whether it descends from the
    assistant's launcher (None: unknown, judged by the command line alone)."""
    if own:
        return CLIENT
    if name.startswith("postgres") or cmdline.startswith("postgres"):
        # a backend's title names its database: the run's own, or its trackers' (<name>_trackers)
        ours = database is not None and any(word.startswith(database) for word in cmdline.split())
        return PG_BACKENDS if ours else PG_SERVER
    if name.startswith("redis-server"):
        return REDIS
    if in_tree is False:
        return OTHER
    if "rasa_sdk" in cmdline or "bot.action_server" in cmdline:
        return ACTIONS
    if "uvicorn" in cmdline and "bot.web" in cmdline:
        return WEB
    if name.startswith("nginx"):
        return NGINX
    if "rasa run" in cmdline or ("rasa" in cmdline and " run" in cmdline and ".venv-rasa" in cmdline):
        return RASA
    if "outfitter" in cmdline and in_tree:
        return LAUNCHER
    return TREE_OTHER if in_tree else OTHER


@dataclass
class GroupLoad:
    group: str
    processes: int  # the most processes seen in the group in one sample
    mean: float  # % of one core, averaged over the samples
    peak: float

    def ceiling(self, cores: int) -> float:
        return 100.0 * max(1, min(self.processes, cores))

    def share(self, cores: int) -> float:
        return self.mean / self.ceiling(cores)


@dataclass
class CpuReport:
    cores: int
    machine_busy: float  # mean share of all cores busy
    groups: list[GroupLoad] = field(default_factory=list)


def verdict(report: CpuReport, watched: Iterable[str] = ASSISTANT) -> str:
    """Which of the assistant's groups saturates first, in a sentence; and how busy the machine was, and with what
    else (other people's work on a shared machine skews every figure)."""
    candidates = [g for g in report.groups if g.group in set(watched)]
    machine = (f"the machine's {report.cores} cores were {100 * report.machine_busy:.0f}% busy on average"
               + (" (saturated: every group competes for them)" if report.machine_busy >= BUSY_MACHINE else ""))
    other = next((g for g in report.groups if g.group == OTHER), None)
    if other and other.mean >= 25:
        machine += f"; work outside the assistant and this script took {other.mean:.0f}% of a core"
    if not candidates:
        return f"no process of the assistant was seen; {machine}"
    top = max(candidates, key=lambda g: g.share(report.cores))
    per = f"{top.mean:.0f}% of a core" + (f" over {top.processes} processes" if top.processes > 1 else "")
    return (f"saturates first: {top.group}, {per}, {100 * top.share(report.cores):.0f}% of its ceiling of "
            f"{top.ceiling(report.cores) / 100:.0f} core(s); {machine}")


class CpuSampler:
    """Samples CPU per group every ``interval`` seconds in a thread, between ``start()`` and ``stop()``."""

    def __init__(self, root: int | None, database: str | None, interval: float = 1.0) -> None:
        self.root, self.database, self.interval = root, database, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="cpu-sampler", daemon=True)
        self._last: dict[int, float] = {}  # pid -> CPU seconds at the last sample
        self._at: float | None = None
        self._machine: tuple[float, float] = (0.0, 0.0)  # idle and total CPU seconds of the machine
        self._sums: dict[str, float] = defaultdict(float)  # group -> sum of its % over the samples
        self._peaks: dict[str, float] = defaultdict(float)
        self._counts: dict[str, int] = defaultdict(int)
        self._samples = 0
        self._busy = 0.0

    def start(self) -> None:
        self._read()  # the baseline
        self._thread.start()

    def stop(self) -> CpuReport:
        self._stop.set()
        self._thread.join()
        samples = max(1, self._samples)
        groups = [GroupLoad(g, self._counts[g], total / samples, self._peaks[g]) for g, total in self._sums.items()]
        groups.sort(key=lambda g: -g.mean)
        return CpuReport(psutil.cpu_count() or 1, self._busy / samples, groups)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._read()

    def _tree(self) -> set[int] | None:
        if self.root is None:
            return None
        try:
            return {self.root, *(p.pid for p in psutil.Process(self.root).children(recursive=True))}
        except psutil.Error:
            return set()

    def _read(self) -> None:
        tree, own = self._tree(), os.getpid()
        times = psutil.cpu_times()
        now = time.monotonic()
        seconds: dict[str, float] = defaultdict(float)
        members: dict[str, int] = defaultdict(int)
        current: dict[int, float] = {}
        for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
            info = process.info
            if info["cpu_times"] is None:
                continue  # gone, or not ours to read
            cpu = info["cpu_times"].user + info["cpu_times"].system
            group = group_of(" ".join(info["cmdline"] or []), info["name"] or "",
                             in_tree=None if tree is None else process.pid in tree, database=self.database,
                             own=process.pid == own)
            current[process.pid] = cpu
            members[group] += 1
            if process.pid in self._last:  # a process born since the last sample counts from the next one
                seconds[group] += max(0.0, cpu - self._last[process.pid])
        idle, total = times.idle + getattr(times, "iowait", 0.0), sum(times)
        if self._at is not None:
            elapsed = max(1e-6, now - self._at)
            for group, used in seconds.items():
                self._sums[group] += 100.0 * used / elapsed
                self._peaks[group] = max(self._peaks[group], 100.0 * used / elapsed)
            spent = total - self._machine[1]
            self._busy += 1.0 - (idle - self._machine[0]) / spent if spent > 0 else 0.0
            self._samples += 1
            for group, count in members.items():
                self._counts[group] = max(self._counts[group], count)
        self._last, self._at, self._machine = current, now, (idle, total)
