"""Only the merchandiser token opens the console's API: every route refuses a stranger (401), another role or a
shopper's session (403), before it reads a body, and nothing changes without the token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.keys import Role
from recommender.encoder import Encoder
from tests.bot.console_helpers import Console, console_on, csv_bytes
from tests.bot.web_helpers import bearer

ROW = "N1,Fjord Insulated Winter Boot,A warm boot.,Northwind,boots,women,159.00,,brown,insulated,hiking,5"
UPLOAD = {"files": {"file": ("new.csv", csv_bytes(ROW), "text/csv")}, "data": {"replace": "true"}}
# Routes that start or change something, with what the merchandiser's token gets for them.
WRITES = {"/api/console/catalog/imports": 202, "/api/console/index/rollback": 200,
          "/api/console/segments/refresh": 202}


@pytest.fixture
def console(tmp_path: Path, encoder: Encoder) -> Iterator[Console]:
    yield from console_on(tmp_path, encoder)


def routes(console: Console) -> list[tuple[str, str]]:
    """Every console route as the OpenAPI lists it, with a real path for each parameter."""
    job = console.wait(console.upload("seed.csv", csv_bytes(ROW)).json()["id"])  # a job to name; makes v000002
    found = []
    for path, operations in console.client.get("/openapi.json").json()["paths"].items():
        if path.startswith("/api/console"):
            found += [(method.upper(), path.replace("{job_id}", job["id"])) for method in operations]
    return found


def state(console: Console) -> tuple[Any, ...]:
    """What a console route could change: the catalog, the index versions, the jobs, the uploads folder."""
    uploads = console.services.settings.uploads_dir
    return (console.ok("/api/console/catalog/status"), console.ok("/api/console/index/versions"),
            console.ok("/api/console/jobs"), sorted(uploads.rglob("*")) if uploads.exists() else [],
            console.services.segment_store.path.exists())


def test_every_console_route_needs_the_merchandiser_token_and_changes_nothing_without_it(console: Console) -> None:
    found = routes(console)
    assert len(found) == 11
    assert {path for method, path in found if method == "POST"} == set(WRITES)
    stranger = TestClient(console.client.app)
    shopper = TestClient(console.client.app)
    shopper.get("/api/session").raise_for_status()  # a browser with its own signed session
    before = state(console)
    for method, path in found:
        body = UPLOAD if path.endswith("/imports") else {}
        anonymous = stranger.request(method, path, **body)
        assert anonymous.status_code == 401, (path, anonymous.text)
        assert anonymous.json()["detail"] == "Authorization: a staff token is required"
        guessed = stranger.request(method, path, headers={"Authorization": "Bearer guessed"}, **body)
        assert guessed.status_code == 401, (path, guessed.text)
        for role in (Role.SHOP, Role.SUPPORT):
            other = stranger.request(method, path, headers=bearer(console.services, role), **body)
            assert other.status_code == 403, (path, role, other.text)
            assert other.json()["detail"] == "Authorization: needs the merchandiser role"
        assert shopper.request(method, path, **body).status_code == 403, path
        if method == "POST":  # a bad body without the token is refused as unauthorized, not examined
            assert stranger.post(path, content=b"\xff" * 64, headers={"content-type": "text/csv"}).status_code == 401
    assert state(console) == before
    for method, path in found:  # and the merchandiser's token gets in everywhere
        response = console.client.request(method, path, headers=console.token,
                                          **(UPLOAD if path.endswith("/imports") else {}))
        assert response.status_code == WRITES.get(path, 200), (path, response.text)
        if response.status_code == 202:
            console.wait(response.json()["id"])


def test_the_openapi_documents_every_console_answer(console: Console) -> None:
    paths = console.client.get("/openapi.json").json()["paths"]
    api = {path: ops for path, ops in paths.items() if path.startswith("/api/console")}
    for path, operations in api.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "422"} <= codes and codes & {"200", "202"}, (path, method)
            if "{job_id}" in path:
                assert "404" in codes, (path, method)
            if method == "post":
                assert "409" in codes, (path, method)
            assert {"staffToken": []} in operation["security"], (path, method)
    upload = api["/api/console/catalog/imports"]["post"]
    assert {"202", "400", "413", "415"} <= set(upload["responses"])
    schema = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["file"] and set(schema["properties"]) == {"file", "map", "replace", "currency"}
    assert "text/html" in api["/api/console/segments/report.html"]["get"]["responses"]["200"]["content"]
    assert "/console" not in paths  # the page is not part of the API
