"""Run by .venv-rasa's Python from test_rasa_runtime.py: two SQL tracker stores (two Rasa servers) on one
database, each reading only new rows (bot/rasa_tracker_reads.py), checked against Rasa's own read of the same
database after every step. Prints one line per check that held; the first that does not raises.

    .venv-rasa/bin/python tests/rasa/tracker_reads_check.py BOT_FOLDER DATABASE_FILE        # SQLite
    .venv-rasa/bin/python tests/rasa/tracker_reads_check.py BOT_FOLDER postgresql:DATABASE  # on 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
import sys

import sqlalchemy as sa

sys.path.insert(0, sys.argv[1])

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

RASAS_RETRIEVE = SQLTrackerStore._retrieve  # before the change below

import rasa_server  # noqa: E402
import rasa_tracker_reads  # noqa: E402

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, inform]
slots:
  budget:
    type: float
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: "Hi"}]
""")
DATABASE = sys.argv[2]
SENDER = "shopper-1"


def turn(text: str, budget: float) -> list[Event]:
    return [UserUttered(text, {"name": "inform", "confidence": 0.99}), ActionExecuted("action_finder"),
            SlotSet("budget", budget), BotUttered(f"Under {budget:.0f}, then"), ActionExecuted("action_listen")]


async def rasas_read(store: SQLTrackerStore) -> dict | None:
    tracker = await RASAS_RETRIEVE(store, SENDER, False)
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)


async def same_as_rasa(store: SQLTrackerStore, reader: SQLTrackerStore, what: str) -> DialogueStateTracker:
    """The tracker ``reader`` reads: its events, slots, latest message and the rest of its state as Rasa's own
    read builds them from the database."""
    tracker = await reader.retrieve(SENDER)
    assert tracker is not None, what
    assert tracker.current_state(EventVerbosity.ALL) == await rasas_read(store), what
    print("held:", what)
    return tracker


async def saved(store: SQLTrackerStore, tracker: DialogueStateTracker, events: list[Event]) -> None:
    for event in events:
        tracker.update(event)
    await store.save(tracker)


def store() -> SQLTrackerStore:
    if DATABASE.startswith("postgresql:"):
        return SQLTrackerStore(DOMAIN, dialect="postgresql", host="127.0.0.1", port=5432, username="postgres",
                               db=DATABASE.removeprefix("postgresql:"), login_db="postgres")
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=DATABASE)


def sql(on: SQLTrackerStore, statement: str, **parameters: object) -> None:
    with on.engine.begin() as connection:
        connection.execute(sa.text(statement), parameters)


async def main() -> None:
    rasa_server.look_up_event_types_once()
    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("slot") is SlotSet
    try:
        Event.resolve_by_type("no_such_event")
    except ValueError as error:
        assert "Unknown event name 'no_such_event'" in str(error), error
    assert Event.resolve_by_type("no_such_event", default=BotUttered) is BotUttered
    print("held: event types found by name, an unknown name refused as Rasa refuses it")

    rasa_tracker_reads.read_only_new_rows()
    one = store()
    two = store()  # a second Rasa server

    tracker = await one.get_or_create_tracker(SENDER)
    await saved(one, tracker, [SessionStarted(), ActionExecuted("action_listen"), *turn("under 150", 150)])
    tracker = await same_as_rasa(one, one, "a conversation read whole, then saved")
    await saved(one, tracker, turn("under 120 then", 120))
    tracker = await same_as_rasa(one, one, "a turn saved after a read")
    assert tracker.get_slot("budget") == 120

    # The tracker this server saved is handed back as it is, once, rather than rebuilt from its rows.
    await saved(one, tracker, turn("under 130", 130))
    kept = await same_as_rasa(one, one, "a kept tracker reads as Rasa's read")
    assert kept is tracker
    print("held: the tracker saved is the one read next")
    assert await one.retrieve(SENDER) is not kept
    print("held: a kept tracker is handed out once")
    await saved(one, kept, turn("under 125", 125))
    kept.update(SlotSet("budget", 1.0))  # a turn that changed the tracker after its save, then failed
    tracker = await same_as_rasa(one, one, "a tracker changed after its save is not handed out")
    assert tracker is not kept and tracker.get_slot("budget") == 125
    await saved(one, tracker, [])
    one.domain = Domain.from_dict(DOMAIN.as_dict())  # a new model
    assert await one.retrieve(SENDER) is not tracker
    one.domain = DOMAIN
    print("held: a tracker kept under another domain is not handed out")
    tracker = await one.retrieve(SENDER)

    if DATABASE.startswith("postgresql:"):
        built: list[str] = []

        def seen(connection: object, cursor: object, statement: str, *rest: object) -> None:
            built.append(statement)

        sa.event.listen(one.engine, "before_cursor_execute", seen)  # statements SQLAlchemy builds and runs
        remembered = await one.retrieve(SENDER)
        await saved(one, remembered, turn("under 110", 110))
        sa.event.remove(one.engine, "before_cursor_execute", seen)
        assert rasa_tracker_reads.on_psycopg2(one) and not built, built
        tracker = await same_as_rasa(one, one, "on PostgreSQL a turn's read and save go straight to psycopg2")

    await saved(one, tracker, turn("under 95", 95))  # kept by the first server, then written by the other:
    elsewhere = await same_as_rasa(one, two, "the other server reads it whole")
    await saved(two, elsewhere, turn("actually under 90", 90))
    read = await same_as_rasa(one, one, "a turn written by the other server is read")
    assert read is not tracker and read.get_slot("budget") == 90
    tracker = read

    # The session's first row made unreadable: a read of only new rows never parses it again; Rasa's own read does.
    sql(one, "UPDATE events SET data = 'not json' WHERE sender_id = :sender AND type_name = 'session_started'",
        sender=SENDER)
    again = await one.retrieve(SENDER)
    assert again is not None and again.get_slot("budget") == 90
    try:
        await rasas_read(one)
    except SystemExit:  # Rasa's session scope takes the parse error (a ValueError) for a missing schema and exits
        print("held: only rows after the last one read are read")
    else:
        raise AssertionError("Rasa's own read parsed the unreadable row")

    sql(one, "DELETE FROM events WHERE sender_id = :sender", sender=SENDER)
    assert await one.retrieve(SENDER) is None and await two.retrieve(SENDER) is None
    print("held: a deleted conversation is not read from memory")

    tracker = await one.get_or_create_tracker(SENDER)
    # made in this order: Rasa's read keeps the events stamped from the session's start on
    await saved(one, tracker, [*turn("under 60", 60), SessionStarted(), ActionExecuted("action_listen"),
                               *turn("hi", 75)])
    tracker = await same_as_rasa(one, one, "a new session: only the latest session is read")
    assert tracker.get_slot("budget") == 75 and not any(e.get("value") == 60 for e in
                                                       tracker.current_state(EventVerbosity.ALL)["events"])

    sql(one, "DELETE FROM events WHERE sender_id = :sender", sender=SENDER)
    await saved(one, tracker, turn("under 40", 40))
    tracker = await same_as_rasa(one, one, "a conversation deleted between a read and its save is written whole")
    assert tracker.get_slot("budget") == 40 and len(tracker.events) > len(turn("", 0))


asyncio.run(main())
