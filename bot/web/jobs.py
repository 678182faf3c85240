"""Long work started from the merchandiser console (a catalog import, a segment refresh), each run in a
background thread of the web app with its progress recorded, so the page can poll it instead of holding a
request open for minutes.

At most one job of a kind runs at a time. Jobs live in the web app's memory: the last few finished ones are
kept for the page to read their results, and a restart forgets them (the catalog and the index versions,
which are what matter, are in the database and on disk).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

log = logging.getLogger("outfitter.web")

JobState = Literal["running", "done", "failed"]
KEEP_FINISHED = 20  # results the page can still open; an import's result holds every rejected row


class JobBusy(RuntimeError):
    """A job of the same kind is running; ``running`` is a copy of it."""

    def __init__(self, running: Job) -> None:
        self.running = running
        super().__init__(f"a {running.kind} job is running (job {running.id})")


class JobFailed(Exception):
    """Raised by a job's work to end it as failed with words for the merchandiser; no traceback is logged."""


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    title: str
    started_at: datetime
    state: JobState = "running"
    stage: str | None = None
    done: int = 0
    total: int | None = None
    finished_at: datetime | None = None
    result: Any = None
    error: str | None = None


class JobProgress:
    """The progress protocol of the library's long work, ``progress(stage, done, total)``, recorded on a job."""

    def __init__(self, board: JobBoard, job_id: str) -> None:
        self.board = board
        self.job_id = job_id

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        self.board.update(self.job_id, stage=stage, done=done, total=total)


class JobBoard:
    """The jobs of one web app: start them, read them while they run, and their results after."""

    def __init__(self, keep: int = KEEP_FINISHED) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}  # oldest first

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self, kind: str) -> Job | None:
        with self._lock:
            return self._running(kind)

    def recent(self) -> list[Job]:
        """Every job kept, the latest first."""
        with self._lock:
            return list(reversed(self._jobs.values()))

    def update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job.state == "running":
                self._jobs[job_id] = dataclasses.replace(job, **changes)

    def start(self, kind: str, title: str, work: Callable[[JobProgress], Any],
              cleanup: Callable[[], None] | None = None) -> Job:
        """Run ``work`` in a thread as a new job; its return value becomes the job's result.

        ``cleanup`` runs after the job's state is final, whatever happened (it releases what the job held,
        e.g. the import lock: a caller that then gets the lock finds the job finished).

        Raises:
            JobBusy: when a job of ``kind`` is running; ``work`` is not run and ``cleanup`` is not called.
        """
        with self._lock:
            running = self._running(kind)
            if running is not None:
                raise JobBusy(running)
            job = Job(id=uuid.uuid4().hex[:12], kind=kind, title=title, started_at=datetime.now(UTC))
            self._jobs[job.id] = job
            self._prune()
        thread = threading.Thread(target=self._run, args=(job.id, work, cleanup), name=f"console-{kind}-{job.id}",
                                  daemon=True)  # a stopping app does not wait: an import not committed changes nothing
        thread.start()
        return job

    def _run(self, job_id: str, work: Callable[[JobProgress], Any], cleanup: Callable[[], None] | None) -> None:
        result, error, state = None, None, "done"
        try:
            result = work(JobProgress(self, job_id))
        except JobFailed as exc:
            error, state = str(exc), "failed"
            log.warning("console job %s failed: %s", job_id, error)
        except Exception:
            log.exception("console job %s failed unexpectedly", job_id)
            error, state = f"failed unexpectedly (the web app's log has the details under job {job_id})", "failed"
        with self._lock:
            job = self._jobs[job_id]
            self._jobs[job_id] = dataclasses.replace(job, state=state, result=result, error=error,
                                                     finished_at=datetime.now(UTC))
        if cleanup is not None:
            try:
                cleanup()
            except Exception:
                log.exception("console job %s: cleaning up failed", job_id)

    def _running(self, kind: str) -> Job | None:
        return next((job for job in self._jobs.values() if job.kind == kind and job.state == "running"), None)

    def _prune(self) -> None:
        finished = [job.id for job in self._jobs.values() if job.state != "running"]
        for job_id in finished[:max(0, len(finished) - self.keep)]:
            del self._jobs[job_id]
