"""Schemathesis against every route of the web app's OpenAPI document, each generated request sent as every
kind of caller: nobody, a stranger with a wrong token, a signed-in shopper, and each staff role.

No answer is a 5xx, whoever calls. A caller without a staff token changes nothing on a route that needs one
(every table's row count, the shop's records row by row, the live index version); on a route an anonymous
browser may use, it still leaves the shop's records and the live index alone (its own events and suggestions
are what such a route is for). Each request goes once as generated and once with its path naming something
that exists (a real case, product, shopper or job), so the refusals are tested on real records too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from sqlalchemy import text

from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.encoder import Encoder
from tests.conftest import DEMO_CATALOG, SMALL_CATALOG, write_catalog
from tests.fuzz.shop import DIGESTED, RECORDS, Shop, State, as_caller, seed, settle, snapshot

# Examples per route; each is sent as 6 callers, twice on a route with a path parameter. Bounded for `make test`.
EXAMPLES = int(os.environ.get("OUTFITTER_FUZZ_EXAMPLES", "25"))
# The demo catalog takes half a minute to embed; the small one is enough to put a product behind each route.
WHOLE_DEMO = os.environ.get("OUTFITTER_FUZZ_CATALOG") == "demo"
STAFF = ("shop", "support", "merchandiser")


@pytest.fixture(scope="module")
def shop(encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    folder = tmp_path_factory.mktemp("fuzz")
    catalog = DEMO_CATALOG if WHOLE_DEMO else write_catalog(folder / "catalog.csv", SMALL_CATALOG)
    shop = seed(folder / "home", encoder, catalog)
    yield shop
    shop.client.close()
    shop.services.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


def openapi_document() -> dict[str, Any]:
    """The app's OpenAPI document, which needs no state: pytest reads it when it collects this file, before
    the fixture above seeds a shop (schemathesis' fixture-based loading does not run on this pytest)."""
    with tempfile.TemporaryDirectory() as home:
        return create_app(Services(Settings(home=Path(home)))).openapi()


# The coverage phase's hundreds of boundary cases per route, each sent 14 times, would take many minutes: the
# fuzzing phase's examples stay within EXAMPLES (tests/bot/test_openapi_fuzz.py runs the boundaries, unsigned).
schema = schemathesis.openapi.from_dict(
    openapi_document(), config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}))


def needs_staff(case: schemathesis.Case) -> bool:
    """Whether the route's security lists no empty requirement, i.e. refuses a caller without credentials."""
    security = case.operation.definition.raw.get("security")
    return bool(security) and {} not in security


def changes(before: State, after: State, *, everything: bool) -> list[str]:
    found = [f"live index {before.live_index} -> {after.live_index}"] if before.live_index != after.live_index else []
    tables = before.counts if everything else RECORDS
    found += [f"{name}: {before.counts[name]} -> {after.counts[name]} rows" for name in tables
              if before.counts[name] != after.counts[name]]
    found += [f"{name}: rows changed" for name in DIGESTED if before.digests[name] != after.digests[name]]
    return found


def send(case: schemathesis.Case, shop: Shop, caller: str) -> None:
    headers, cookies = as_caller(case.headers, case.cookies, shop.callers[caller])
    original = case.headers, case.cookies
    case.headers, case.cookies = headers, cookies
    try:
        response = case.call(app=shop.app)
    finally:
        case.headers, case.cookies = original
    assert response.status_code < 500, (f"{caller}: {case.method} {case.formatted_path} answered "
                                        f"{response.status_code}: {response.text[:500]}")


def real_path(case: schemathesis.Case, shop: Shop) -> dict[str, object] | None:
    """The case's path parameters with each one that names a thing swapped for one that exists."""
    generated = case.path_parameters or {}
    known = {name: shop.known[name] for name in generated if name in shop.known}
    if not known:
        return None
    pick = len(repr(case.body)) + len(repr(case.query))  # varies with the case, and is repeatable
    return generated | {name: values[pick % len(values)] for name, values in known.items()}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_5xx_for_anyone_and_no_change_without_a_token(case: schemathesis.Case, shop: Shop) -> None:
    generated = case.path_parameters
    try:
        for path in filter(None, (generated, real_path(case, shop))) if generated else [generated]:
            case.path_parameters = path
            strangers_change_nothing(case, shop)
            for caller in STAFF:
                send(case, shop, caller)
            settle(shop)
    finally:
        case.path_parameters = generated


def strangers_change_nothing(case: schemathesis.Case, shop: Shop) -> None:
    """A wrong token changes nothing anywhere; no token and a shopper's session change nothing on a staff route,
    and none of the shop's records on a route open to browsers."""
    before = snapshot(shop)
    send(case, shop, "stranger")
    after = snapshot(shop)
    changed = changes(before, after, everything=True)
    assert not changed, f"stranger: {case.method} {case.formatted_path} changed {changed}"
    for caller in ("nobody", "shopper"):
        send(case, shop, caller)
    changed = changes(after, snapshot(shop), everything=needs_staff(case))
    assert not changed, f"nobody or shopper: {case.method} {case.formatted_path} changed {changed}"


def test_the_snapshot_sees_a_new_row_and_a_changed_one(shop: Shop) -> None:
    """The no-change check can fail: an event the shop's servers send, and an order edited in place, show."""
    before = snapshot(shop)
    event = {"type": "track", "event": "Product Viewed", "anonymousId": "control", "properties": {"sku": "R1"}}
    response = shop.client.post("/api/events", json=event, headers=shop.callers["shop"])
    assert response.status_code == 200, response.text
    assert "events" in [change.split(":")[0] for change in changes(before, snapshot(shop), everything=True)]
    before = snapshot(shop)
    with shop.services.engine.begin() as connection:
        connection.execute(text("UPDATE orders SET email = 'edited@example.com' WHERE id = (SELECT min(id) FROM "
                                "orders)"))
    assert changes(before, snapshot(shop), everything=False) == ["orders: rows changed"]
