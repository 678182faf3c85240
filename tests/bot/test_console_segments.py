"""The console's segments section: the report with its charts, as parts for the page and as the CLI's HTML page,
and the refresh as a background job that one at a time may run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.web import console_api
from bot.web.jobs import JobBoard
from recommender.encoder import Encoder
from recommender.shoppers.recording import record_events
from tests.bot.console_helpers import Console, console_on
from tests.recommender.shoppers_helpers import NOW, population


@pytest.fixture
def console(tmp_path: Path, encoder: Encoder) -> Iterator[Console]:
    yield from console_on(tmp_path, encoder)


def test_before_any_refresh_the_report_says_what_to_do(console: Console) -> None:
    report = console.ok("/api/console/segments/report")
    assert not report["refreshed"] and report["micro_segments"] == [] and report["charts"] == []
    assert report["hints"][0] == "No micro-segments yet: run `outfitter segments refresh`."
    page = console.get("/api/console/segments/report.html")
    assert page.status_code == 200 and "Not refreshed yet" in page.text


def test_a_refresh_from_the_console_then_the_report_with_its_charts(console: Console) -> None:
    with console.services.sessions() as session:
        record_events(session, population(), now=NOW)
        session.commit()
    started = console.post("/api/console/segments/refresh")
    assert started.status_code == 202, started.text
    job = console.wait(started.json()["id"])
    assert job["state"] == "done" and job["kind"] == "refresh", job
    result = job["result"]
    assert result["shoppers"] == 90 and result["message"].startswith("90 shoppers as of ")
    assert result["clusters"] and result["purchase_auc"] is not None and result["silhouette"] is not None

    report = console.ok("/api/console/segments/report")
    assert report["refreshed"] and report["shoppers"] == 90 and report["hints"] == []
    labels = [row["label"] for row in report["micro_segments"]]
    assert "browsing-prospect · boots · cart-abandoner" in labels
    assert abs(sum(row["revenue_share"] for row in report["micro_segments"]) - 1) < 0.01
    clusters = report["clusters"]
    assert len(clusters) == len(result["clusters"]) and all(c["traits"] and c["colour"] for c in clusters)
    charts = {chart["name"]: chart for chart in report["charts"]}
    assert set(charts) == {"sizes", "value", "map", "clusters", "silhouettes"}
    assert all(chart["svg"].startswith("<svg") and chart["caption"] for chart in charts.values())
    assert "<script" not in "".join(chart["svg"] for chart in charts.values())
    assert "Purchase model AUC (test window)" in [figure["name"] for figure in report["evaluation"]]

    page = console.get("/api/console/segments/report.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text.count("<svg") == 5 and "browsing-prospect · boots · cart-abandoner" in page.text
    # Opened on its own, the page may render its inline style and charts and nothing else.
    assert page.headers["content-security-policy"].endswith("sandbox") and "script-src" not in \
        page.headers["content-security-policy"]

    later = console.ok("/api/console/segments/report", params={"since": "2100-01-01"})
    assert later["since"].startswith("2100-01-01") and later["revenue"] == 0 and later["shoppers"] == 90
    bad = console.get("/api/console/segments/report", params={"since": "last tuesday"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "since"]


def test_a_second_refresh_while_one_runs_is_a_409_naming_it(console: Console) -> None:
    board = JobBoard()
    gate = threading.Event()
    running = board.start("refresh", "segment refresh", lambda progress: gate.wait(30))
    app = FastAPI()
    app.include_router(console_api.router(console.services, board))
    try:
        response = TestClient(app).post("/api/console/segments/refresh", headers=console.token)
        assert response.status_code == 409
        assert response.json()["detail"] == f"a segment refresh is already running (job {running.id})"
        assert [job.id for job in board.recent()] == [running.id]
    finally:
        gate.set()
