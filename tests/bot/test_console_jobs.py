"""The console's background jobs: progress recorded as the work reports it, one job of a kind at a time, the
result or the reason kept, and the job's clean-up run once its state is final."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bot.web.jobs import Job, JobBoard, JobBusy, JobFailed, JobProgress
from bot.web.uploads import safe_filename, size_words
from recommender.encoder import Encoder
from tests.bot.console_helpers import console_on


def finished(board: JobBoard, job_id: str) -> Job:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job = board.get(job_id)
        assert job is not None
        if job.state != "running":
            return job
        time.sleep(0.01)
    raise AssertionError("the job did not finish")


def test_a_job_records_its_progress_then_its_result_and_cleans_up_after() -> None:
    board = JobBoard()
    reported, gate, seen = threading.Event(), threading.Event(), []

    def work(progress: JobProgress) -> str:
        progress("read", 10, 40)
        progress("embed", 3, None)
        reported.set()
        assert gate.wait(10)
        return "report"

    def cleanup() -> None:
        seen.append(board.get(job.id).state)  # type: ignore[union-attr]

    job = board.start("import", "c.csv", work, cleanup=cleanup)
    assert reported.wait(10)
    running = board.get(job.id)
    assert running is not None and (running.state, running.stage, running.done, running.total) == \
        ("running", "embed", 3, None)
    assert board.running("import") == running and board.running("refresh") is None
    with pytest.raises(JobBusy) as busy:
        board.start("import", "d.csv", work)
    assert busy.value.running.id == job.id
    gate.set()
    done = finished(board, job.id)
    assert (done.state, done.result, done.error) == ("done", "report", None) and done.finished_at is not None
    time.sleep(0.05)
    assert seen == ["done"]  # the clean-up saw the job finished: whoever it lets in finds the job over
    assert board.running("import") is None


def test_a_failed_job_keeps_its_reason_and_an_unexpected_error_is_not_shown() -> None:
    board = JobBoard()

    def refused(progress: JobProgress) -> None:
        raise JobFailed("c.csv: not a CSV file (binary content)")

    def broken(progress: JobProgress) -> None:
        raise KeyError("internal detail")

    first = finished(board, board.start("import", "c.csv", refused).id)
    assert (first.state, first.error, first.result) == ("failed", "c.csv: not a CSV file (binary content)", None)
    second = finished(board, board.start("import", "c.csv", broken).id)
    assert second.state == "failed" and "internal detail" not in (second.error or "")
    assert second.error == f"failed unexpectedly (the web app's log has the details under job {second.id})"


def test_the_board_keeps_the_latest_finished_jobs_and_every_running_one() -> None:
    board = JobBoard(keep=3)
    gate = threading.Event()
    running = board.start("refresh", "segment refresh", lambda progress: gate.wait(10))
    ids = [finished(board, board.start("import", f"{n}.csv", lambda progress, n=n: n).id).id for n in range(5)]
    board.start("import", "last.csv", lambda progress: None)
    kept = [job.id for job in board.recent()]
    assert running.id in kept and ids[0] not in kept and ids[1] not in kept and len(kept) == 5
    gate.set()


@pytest.mark.parametrize(("name", "safe"), [
    ("products.csv", "products.csv"),
    ("C:\\Users\\me\\Exports\\spring 2026.csv.gz", "spring 2026.csv.gz"),
    ("../../etc/passwd", "passwd"),
    (".hidden.jsonl", "hidden.jsonl"),
    ("Katalog für Ä.parquet", "Katalog f_r _.parquet"),
    ("", "upload"),
    ("x" * 300 + ".csv", "x" * 116 + ".csv"),
])
def test_an_uploaded_file_keeps_a_safe_name_and_its_extension(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_sizes_are_said_in_three_figures() -> None:
    assert [size_words(n) for n in (1_538_060, 1_000_000, 100_000_000, 2_500_000_000)] == \
        ["1.54 MB", "1 MB", "100 MB", "2,500 MB"]


def test_polling_a_job_the_app_does_not_have_is_a_404_that_says_why(tmp_path: Path, encoder: Encoder) -> None:
    for console in console_on(tmp_path, encoder):  # e.g. a page that kept polling across a restart
        for path in ("/api/console/jobs/0123456789ab", "/api/console/jobs/0123456789ab/rejections"):
            response = console.get(path)
            assert response.status_code == 404
            assert response.json()["detail"] == "job 0123456789ab: no such job (the web app keeps its last 20 " \
                                                 "finished jobs, until it restarts)"
        mistyped = console.get("/api/console/jobs/0123456789AB")
        assert mistyped.status_code == 422 and mistyped.json()["detail"][0]["loc"] == ["path", "job_id"]
