"""Catalog uploads to the console that go wrong on the way: a body that is not a file, one over the limit, a
client that leaves or stalls mid-upload, a second upload or a rollback while one runs, another process holding
the import lock, and the leftovers of an interrupted import."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from bot.web import console_catalog
from recommender.catalog.lock import import_lock
from recommender.encoder import Encoder
from tests.bot.console_helpers import IMPORTS, NEW_ROWS, Console, console_on, csv_bytes, started, uploads_left


@pytest.fixture
def console(tmp_path: Path, encoder: Encoder) -> Iterator[Console]:
    yield from console_on(tmp_path, encoder)


def multipart(parts: Sequence[tuple[str, str | None, bytes]], boundary: str = "b0undary") -> tuple[bytes, str]:
    """A multipart/form-data body written out by hand, for what a well-behaved client would not send."""
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_body_that_is_not_a_file_upload_is_refused_naming_why(console: Console) -> None:
    response = console.post("/api/console/catalog/imports", json={"file": "products.csv"})
    assert response.status_code == 415 and "multipart/form-data" in response.json()["detail"]
    body, kind = multipart([("file", "new.csv", csv_bytes(*NEW_ROWS))])
    response = console.post("/api/console/catalog/imports", content=body[:-40], headers={"content-type": kind})
    assert response.status_code == 400 and "closing boundary" in response.json()["detail"]
    body, kind = multipart([("map", None, b"sku=Product_ID")])
    response = console.post("/api/console/catalog/imports", content=body, headers={"content-type": kind})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "file"]
    body, kind = multipart([("file", "a.csv", csv_bytes(*NEW_ROWS)), ("file", "b.csv", csv_bytes(*NEW_ROWS))])
    response = console.post("/api/console/catalog/imports", content=body, headers={"content-type": kind})
    assert response.status_code == 422 and response.json()["detail"][0]["msg"] == "one file per upload"
    assert console.ok("/api/console/jobs")["jobs"] == [] and uploads_left(console) == []


def test_an_upload_over_the_limit_is_a_413_saying_the_limit(tmp_path: Path, encoder: Encoder) -> None:
    for console in console_on(tmp_path, encoder, upload_max_mb=1):
        padding = b"".join(f"Z{i},Filler {i},,,misc,,1.00,,,,,1\n".encode() for i in range(40_000))
        assert len(padding) > 1_000_000
        response = console.upload("big.csv", csv_bytes() + padding)
        assert response.status_code == 413, response.text
        assert response.json()["detail"] == "the upload is 1.54 MB, over the limit of 1 MB"
        # Sent in chunks without a length, it is cut off once it passes the limit.
        body, kind = multipart([("file", "big.csv", csv_bytes() + padding)])
        chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
        response = console.post("/api/console/catalog/imports", content=chunks, headers={"content-type": kind})
        assert response.status_code == 413 and response.json()["detail"] == "the upload is over the limit of 1 MB"
        assert uploads_left(console) == []
        # Nothing stays locked: a file within the limit imports.
        assert console.wait(started(console.upload("new.csv", csv_bytes(*NEW_ROWS)))["id"])["state"] == "done"


def test_a_client_that_goes_away_mid_upload_leaves_nothing_behind(console: Console) -> None:
    body, kind = multipart([("file", "new.csv", csv_bytes(*NEW_ROWS))])
    messages = [{"type": "http.request", "body": body[:100], "more_body": True}, {"type": "http.disconnect"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(name.lower().encode(), value.encode()) for name, value in console.token.items()]
    scope = {"type": "http", "http_version": "1.1", "method": "POST", "scheme": "http", "path": "/api/console/"
             "catalog/imports", "raw_path": b"/api/console/catalog/imports", "query_string": b"", "root_path": "",
             "headers": [*headers, (b"content-type", kind.encode())], "client": ("127.0.0.1", 1),
             "server": ("testserver", 80)}
    asyncio.run(console.client.app(scope, receive, send))
    assert sent[0]["status"] == 400 and b"the upload was interrupted" in sent[1]["body"]
    assert uploads_left(console) == [] and console.ok("/api/console/jobs")["jobs"] == []
    assert console.wait(started(console.upload("new.csv", csv_bytes(*NEW_ROWS)))["id"])["state"] == "done"


def test_an_upload_that_stalls_is_dropped_and_frees_the_catalog(console: Console,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console_catalog, "UPLOAD_IDLE_SECONDS", 0.2)
    body, kind = multipart([("file", "new.csv", csv_bytes(*NEW_ROWS))])

    async def stalled() -> AsyncIterator[bytes]:  # a laptop closed mid-upload: the connection stays, nothing comes
        yield body[:100]
        await asyncio.Event().wait()
        yield body[100:]

    async def upload() -> httpx.Response:
        transport = httpx.ASGITransport(app=console.client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.post(IMPORTS, content=stalled(), headers=console.token | {"content-type": kind})

    response = asyncio.run(asyncio.wait_for(upload(), 30))
    assert response.status_code == 408
    assert response.json()["detail"] == "the upload stalled: nothing arrived for 0.2 s; send the file again"
    assert uploads_left(console) == [] and console.ok("/api/console/jobs")["jobs"] == []
    assert console.wait(started(console.upload("new.csv", csv_bytes(*NEW_ROWS)))["id"])["state"] == "done"


# --- one at a time -------------------------------------------------------------------------------------------------

class GatedEncoder:
    """The real encoder, holding an import inside its embedding step until the test opens the gate."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.gate = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def encode_documents(self, texts: Sequence[str], *args: Any, **kwargs: Any) -> np.ndarray:
        self.entered.set()
        assert self.gate.wait(60), "the test never opened the gate"
        return self.inner.encode_documents(texts, *args, **kwargs)


def test_a_second_upload_or_a_rollback_while_an_import_runs_is_a_409_naming_it(console: Console) -> None:
    gated = GatedEncoder(console.services.encoder)
    console.services.__dict__["encoder"] = gated
    try:
        first = started(console.upload("new.csv", csv_bytes(*NEW_ROWS)))
        assert gated.entered.wait(30)
        running = console.ok(f"/api/console/jobs/{first['id']}")
        # The file is read; its first batch is being embedded.
        assert running["state"] == "running" and running["stage"] == "read" and running["percent"] == 100
        assert running["stage_label"] == "Reading"
        second = console.upload("other.csv", csv_bytes(NEW_ROWS[0]))
        assert second.status_code == 409
        assert second.json()["detail"] == f"an import is running: new.csv (job {first['id']}, reading 100%); wait " \
                                          "for it to finish"
        rollback = console.post("/api/console/index/rollback")
        assert rollback.status_code == 409 and rollback.json()["detail"].startswith("an import is running: new.csv")
    finally:
        gated.gate.set()
    assert console.wait(first["id"])["state"] == "done"
    assert console.wait(started(console.upload("other.csv", csv_bytes(NEW_ROWS[0])))["id"])["state"] == "done"


def test_while_a_file_is_still_arriving_a_second_upload_or_a_rollback_is_told_so(console: Console) -> None:
    body, kind = multipart([("file", "new.csv", csv_bytes(*NEW_ROWS))])
    gate = asyncio.Event()

    async def slowly() -> AsyncIterator[bytes]:  # a slow connection: the rest of the file comes later
        yield body[:100]
        await gate.wait()
        yield body[100:]

    async def meanwhile() -> tuple[httpx.Response, ...]:
        transport = httpx.ASGITransport(app=console.client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            first = asyncio.create_task(client.post(IMPORTS, content=slowly(),
                                                    headers=console.token | {"content-type": kind}))
            while not uploads_left(console):  # its folder is made once it holds the lock
                await asyncio.sleep(0.01)
            second = await client.post(IMPORTS, files={"file": ("other.csv", csv_bytes(NEW_ROWS[0]))},
                                       headers=console.token)
            rollback = await client.post("/api/console/index/rollback", headers=console.token)
            gate.set()
            return await first, second, rollback

    first, second, rollback = asyncio.run(asyncio.wait_for(meanwhile(), 60))
    for refused in (second, rollback):
        assert refused.status_code == 409
        assert re.fullmatch(r"a catalog file is being uploaded to this console \(since \d\d:\d\d:\d\d UTC\) and "
                            r"imports next; wait for it to finish", refused.json()["detail"]), refused.text
    assert console.wait(started(first)["id"])["result"]["added"] == 2


def test_an_import_elsewhere_holding_the_lock_is_a_409_and_nothing_is_read(console: Console) -> None:
    before = console.ok("/api/console/catalog/status")
    with import_lock(console.home, wait=False):  # as `outfitter catalog import` holds it
        response = console.upload("new.csv", csv_bytes(*NEW_ROWS))
        assert response.status_code == 409
        assert response.json()["detail"].startswith("another import, index build or rollback is running (process")
        assert console.post("/api/console/index/rollback").status_code == 409
    assert console.ok("/api/console/jobs")["jobs"] == [] and uploads_left(console) == []
    assert console.ok("/api/console/catalog/status") == before


def test_leftovers_of_an_interrupted_import_are_swept_under_the_lock(console: Console) -> None:
    stale_upload = console.services.settings.uploads_dir / "import-crashed" / "old.csv"
    stale_upload.parent.mkdir(parents=True)
    stale_upload.write_text("sku,title,price\n")
    stale_build = console.services.settings.index_dir / ".tmp-crashed"
    stale_build.mkdir()
    console.wait(started(console.upload("new.csv", csv_bytes(*NEW_ROWS)))["id"])
    assert not stale_upload.parent.exists() and not stale_build.exists() and uploads_left(console) == []
