"""The merchandiser console on a private home: a web app with a small catalog live as v000001, and the
merchandiser's calls, uploads and the wait for a background job."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.db import upgrade
from bot.keys import Role
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.bot.web_helpers import bearer
from tests.conftest import CATALOG_HEADER, SMALL_CATALOG, write_catalog

JOB_SECONDS = 120  # an import of a few rows takes well under a second; a refresh of 90 shoppers a few


@dataclass
class Console:
    services: Services
    client: TestClient
    home: Path

    @property
    def token(self) -> dict[str, str]:
        return bearer(self.services, Role.MERCHANDISER)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.token, **kwargs)

    def post(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.client.post(path, headers=self.token | (headers or {}), **kwargs)

    def ok(self, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.get(path, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def upload(self, name: str, content: bytes, **data: Any) -> Any:
        return self.post("/api/console/catalog/imports", files={"file": (name, content, "application/octet-stream")},
                         data=data)

    def wait(self, job_id: str) -> dict[str, Any]:
        """The job once it is no longer running."""
        deadline = time.monotonic() + JOB_SECONDS
        while time.monotonic() < deadline:
            job = self.ok(f"/api/console/jobs/{job_id}")
            if job["state"] != "running":
                return job
            time.sleep(0.05)
        raise AssertionError(f"job {job_id} still running after {JOB_SECONDS} s")

    def search(self, query: str) -> list[str]:
        return [p["sku"] for p in self.client.get("/api/search", params={"q": query}).json()["results"]]


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([CATALOG_HEADER, *rows]) + "\n").encode()


def console_on(tmp_path: Path, encoder: Encoder, engine: Engine | None = None, **settings: Any) -> Iterator[Console]:
    """A console whose home holds the small catalog, live as index v000001."""
    services = Services(Settings(home=tmp_path / "home", **settings))
    if engine is not None:
        services.__dict__["engine"] = engine  # the parametrized database, SQLite or PostgreSQL
    else:
        upgrade(services.engine)
    services.__dict__["encoder"] = encoder  # the session's already-loaded model
    with services.sessions() as session:
        import_catalog(session, write_catalog(tmp_path / "first.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
    client = TestClient(create_app(services))
    yield Console(services, client, services.settings.home_dir)
    client.close()
    if engine is None:
        services.engine.dispose()


NEW_ROWS = (
    "N1,Fjord Insulated Winter Boot,A warm waterproof boot for snowy trails.,Northwind,boots,women,159.00,,brown,"
    "insulated|waterproof,hiking,5",
    "N2,Lumen Headlamp,A bright headlamp.,Summit Forge,headlamps,unisex,-3,,black,,camping,5",
    "N3,,A shell with no title.,Tidewater,rain jackets,men,99.00,,blue,waterproof,travel,5",
    "N4,Cirrus Down Sleeping Bag,A light down sleeping bag for cold nights.,Alpenlite,sleeping bags,unisex,249.00,,"
    "green,lightweight,camping,3",
)
IMPORTS = "/api/console/catalog/imports"


def uploads_left(console: Console) -> list[str]:
    folder = console.services.settings.uploads_dir
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def started(response: Any) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["kind"] == "import" and job["state"] in ("running", "done")
    return job
