"""A web app on a private home with something behind every route (a catalog and its index, orders, support
cases, a shopper with history, a finished import job), the credentials its callers may hold, and a snapshot
of everything a request could change."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, func, literal, select, union_all

from bot.demo.orders import load_demo_orders
from bot.identity import COOKIE, HEADER
from bot.keys import Role
from bot.services import Services
from bot.support.cases import open_case
from bot.support.models import Order
from bot.support.relay import RasaRelay
from bot.web.app import create_app
from recommender.base import utcnow
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.bot.web_helpers import bearer, migrated_services, sign_in

# The shop's own records: whoever calls without a staff token, these and the live index stay as they were.
RECORDS = ("products", "orders", "order_lines", "support_cases", "case_events", "shopper_segments",
           "verification_attempts")
# Compared row by row; a case's history only ever grows, so its row count says enough (and it grows long).
DIGESTED = tuple(name for name in RECORDS if name != "case_events")
AUTH_HEADERS = ("authorization", HEADER.lower())
SHOPPER = "fuzz-shopper"
JOB_WAIT = 60.0  # seconds a console job may take before the run is called stuck


@dataclass(frozen=True)
class State:
    live_index: str | None
    counts: dict[str, int]  # every table
    digests: dict[str, str]  # the DIGESTED tables, row by row


@dataclass
class Shop:
    services: Services
    app: FastAPI
    client: TestClient
    metadata: MetaData
    callers: dict[str, dict[str, str]]  # name -> the headers that make a request theirs
    known: dict[str, list[str]]  # path parameter -> values that name something that exists


def seed(home: Path, encoder: Encoder, catalog: Path) -> Shop:
    services = migrated_services(home)
    services.__dict__["encoder"] = encoder
    # A console reply is relayed to Rasa: here to a port where nothing listens, whatever runs on this machine.
    services.__dict__["support_relay"] = RasaRelay("http://127.0.0.1:9", services.keys.rasa_token)
    with services.sessions() as session:
        import_catalog(session, catalog, encoder)
        publish_index(session, services.index_store, encoder.model_name)
        load_demo_orders(session, now=utcnow())
        orders = list(session.scalars(select(Order).order_by(Order.id)))
        cases = [open_case(session, "return", "fuzz-1", orders[0], [orders[0].lines[0].id], "Too small.",
                           resolution="refund", condition="new"),
                 open_case(session, "warranty", "fuzz-2", orders[1], [orders[1].lines[0].id], "The zip broke."),
                 open_case(session, "handoff", "fuzz-3", None, [], "Can I talk to a person?")]
        session.commit()
        numbers = [opened.case.case_number for opened in cases]
        customer = orders[0].customer_id
    app = create_app(services)
    client = TestClient(app)
    staff = {role.value: bearer(services, role) for role in Role}
    events = {"batch": [{"type": "track", "event": "Product Viewed", "anonymousId": SHOPPER,
                         "properties": {"sku": "R1"}}]}
    assert client.post("/api/events", json=events, headers=staff["shop"]).status_code == 200
    browser = TestClient(app)
    session_token = sign_in(services, browser, customer or SHOPPER)["token"]
    job = client.post("/api/console/catalog/imports", headers=staff["merchandiser"],
                      files={"file": ("extra.csv", catalog.read_bytes() + b"bad,,-1\n", "text/csv")})
    assert job.status_code == 202, job.text
    shop = Shop(services, app, client, reflected(services.engine),
                callers={"nobody": {}, "stranger": {"Authorization": "Bearer not-a-token-of-this-shop"},
                         "shopper": {HEADER: session_token}, **staff},
                known={"case_number": numbers, "sku": ["R1", "T1"], "shopper_id": [SHOPPER, customer or SHOPPER],
                       "job_id": [job.json()["id"]]})
    settle(shop)
    return shop


def reflected(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


def snapshot(shop: Shop) -> State:
    with shop.services.engine.connect() as connection:
        # One query for every count: a snapshot is taken three times per request sent.
        counted = union_all(*(select(literal(name), func.count()).select_from(table)
                              for name, table in shop.metadata.tables.items()))
        counts = {name: count for name, count in connection.execute(counted)}
        digests = {}
        for name in DIGESTED:
            table = shop.metadata.tables[name]
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            digests[name] = hashlib.sha256(repr(rows).encode("utf-8", "surrogatepass")).hexdigest()
    return State(shop.services.index_store.current(), counts, digests)


def settle(shop: Shop) -> None:
    """Wait for the console's background jobs (an import, a segment refresh) to end, so that what they write
    is not taken for a change a later request made."""
    deadline = time.monotonic() + JOB_WAIT
    while True:
        jobs = shop.client.get("/api/console/jobs", headers=shop.callers["merchandiser"]).json()["jobs"]
        if not any(job["state"] == "running" for job in jobs):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"console jobs still running after {JOB_WAIT:.0f} s: {jobs}")
        time.sleep(0.05)


def as_caller(headers: dict[str, Any] | None, cookies: dict[str, Any] | None, caller: dict[str, str],
              ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A generated request's headers and cookies with its own credentials swapped for ``caller``'s."""
    kept = {name: value for name, value in (headers or {}).items() if name.lower() not in AUTH_HEADERS}
    crumbs = {name: value for name, value in (cookies or {}).items() if name != COOKIE}
    return kept | caller, crumbs
