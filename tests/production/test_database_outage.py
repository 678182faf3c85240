"""PostgreSQL unreachable for a few seconds under a conversation: the shopper reads a clear message, nothing
half-written is left behind, and everything recovers without a restart."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from sqlalchemy import URL, Connection, create_engine, make_url, text

from tests.production.conftest import SOAK, Cluster, texts
from tests.production.conversation import answered, carousel, new_sender, to_suggestions

OUTAGE_SECONDS = 30 if SOAK else 6


def tracker_messages(cluster: Cluster, sender: str) -> list[str]:
    """What the shopper said, as the tracker store kept it (read straight from PostgreSQL, past the proxy)."""
    app = make_url(cluster.app_url)
    with connected(app.set(database=f"{app.database}_trackers")) as connection:
        rows = connection.execute(text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' "
                                       "ORDER BY id"), {"s": sender}).all()
    return [json.loads(row.data)["text"] for row in rows]


def orphans(cluster: Cluster) -> dict[str, int]:
    """Rows that only exist with their parts: a shown suggestion list with no products, a case with no history."""
    with connected(make_url(cluster.app_url)) as connection:
        return {
            "suggestion lists without items": connection.scalar(text(
                "SELECT count(*) FROM suggestion_lists l WHERE NOT EXISTS "
                "(SELECT 1 FROM suggestion_items i WHERE i.list_id = l.id)")),
            "cases without history": connection.scalar(text(
                "SELECT count(*) FROM support_cases c WHERE NOT EXISTS "
                "(SELECT 1 FROM case_events e WHERE e.case_id = c.id)")),
        }


@contextmanager
def connected(url: URL) -> Iterator[Connection]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def test_the_shopper_is_told_and_nothing_is_half_written_while_postgresql_is_away(healthy: Cluster) -> None:
    who = new_sender("outage")
    products = to_suggestions(healthy, who)
    pids = {p["name"]: p["pid"] for p in healthy.processes()}
    healthy.proxy.cut()
    try:
        started = time.monotonic()
        while time.monotonic() - started < OUTAGE_SECONDS:
            response = healthy.say(who, "show me cheaper ones", timeout=90)
            said = texts(response.json())
            assert response.status_code in (200, 503), response.text[:300]
            assert "try again" in said.lower(), f"no clear message during the outage: {said!r}"
            health = requests.get(f"{healthy.entry}/health", timeout=30)
            assert health.status_code == 503 and "database" in health.text, health.text[:300]
            time.sleep(1)
    finally:
        healthy.proxy.restore()
    # Recovery without a restart: the same conversation goes on within a few turns, on the same processes, and
    # remembers what it showed before the outage ("more like the second one" leaves out what is on screen).
    deadline = time.monotonic() + 60
    while True:
        response = healthy.say(who, "more like the second one")
        said = texts(response.json()) if response.status_code in (200, 503) else response.text
        if "try again" not in said.lower():
            break
        assert time.monotonic() < deadline, f"no recovery: {response.status_code} {said[:300]}"
        time.sleep(2)
    similar = carousel(response.json())
    assert similar, f"the conversation lost its products: {said[:300]}"
    assert not {p["sku"] for p in similar} & {p["sku"] for p in products}
    assert {p["name"]: p["pid"] for p in healthy.processes()} == pids, "a process was restarted"
    assert requests.get(f"{healthy.entry}/health", timeout=10).ok
    # Nothing half-written: each message the tracker kept has its whole turn; the outage's messages are kept
    # only as far as a turn completed, and the first turn's answers are all there.
    kept = tracker_messages(healthy, who)
    assert kept[0] == "I need a rain jacket for women under 200"
    assert kept[-1] == "more like the second one"
    assert orphans(healthy) == {"suggestion lists without items": 0, "cases without history": 0}
    assert answered(healthy, who, "thanks")
