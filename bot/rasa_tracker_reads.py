"""Rasa's SQL tracker store, reading only what it has not read yet. Imported by ``rasa_server.py`` in .venv-rasa's
Python 3.10: Rasa, the SQLAlchemy it installs, and the standard library.

On every turn Rasa 3.6's ``SQLTrackerStore`` reads the whole conversation back (every row since the session
started, each one parsed and turned into an event) and, to save, counts those rows again to tell which events
are new. A conversation of the finder holds a few hundred events by its end, so each turn costs more than the one
before. Here each Rasa server remembers, per conversation, the rows it has read or written (their stored text
and the last row id) and asks the database only for rows after that id: the turns another server wrote, usually
none. What is returned is built exactly as Rasa builds it, from the same stored text; and when nothing new was
stored since this server saved the conversation, it is the very tracker that server saved (rebuilding one costs
about 30 µs an event, several milliseconds a turn late in a conversation).

What keeps it right:
- The conversation's lock (Redis, across servers) lets one server at a time run a turn, so between a read and
  the save that follows nobody else writes the conversation; the save still checks the rows after its own
  and, finding others, reads the conversation whole next time.
- A new session (``session_started``) is left to Rasa's own read, which keeps only the latest session; so is a
  conversation whose last remembered row is gone (deleted).
- Nothing is remembered from a save that failed: the rows are remembered after the commit. A saved tracker is
  handed out once, to the next read of its conversation, and remembered again only when it is saved: a turn
  that fails half-way leaves nothing half-done in memory, and the next read builds the tracker from its rows.
  It is handed out only to a store with the same domain it was built with (a new model brings new slots).
- The memory is bounded (least recently used conversations are forgotten first); a forgotten or never seen
  conversation is read whole, as Rasa reads it.
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, NamedTuple

MEMORY_CHARS = 64_000_000  # stored event text kept across all conversations (about 64 MB)
# A kept tracker counts as this many times its rows' text, on top of the text: benchmarks/rasa_turn_parts.py prints
# what a 15-turn conversation's tracker holds against its rows (7.2 times), rounded up here.
TRACKER_WEIGHT = 8
SESSION_STARTED = "session_started"
EVENTS = "events"  # Rasa's SQLEvent table


class Row(NamedTuple):
    id: int
    type_name: str
    data: str | None = None


def on_psycopg2(store: Any) -> bool:
    """PostgreSQL through psycopg2 (production mode): the store's few statements go to the driver's cursor as
    SQL, without SQLAlchemy building and wrapping each one (``benchmarks/rasa_turn_parts.py`` measures both)."""
    dialect = store.engine.dialect
    return bool(dialect.name == "postgresql" and dialect.driver == "psycopg2"
                and store.SQLEvent.__tablename__ == EVENTS)


@dataclass
class Read:
    """A conversation's rows since its session started, as stored, the id of the last one, and the tracker this
    server saved them from (None once handed out) with the domain and the number of events it had then."""

    texts: list[str]
    last_id: int
    text_chars: int
    tracker: Any = None
    domain: Any = None
    events: int = 0

    @property
    def chars(self) -> int:
        """What it counts against the memory bound."""
        return self.text_chars * (1 + TRACKER_WEIGHT) if self.tracker is not None else self.text_chars


class Remembered:
    """Conversations' rows, and the trackers saved from them if ``keep_trackers``, least recently used first,
    within ``limit`` characters in all."""

    def __init__(self, limit: int = MEMORY_CHARS, *, keep_trackers: bool = True) -> None:
        self.limit = limit
        self.keep_trackers = keep_trackers
        self.reads: OrderedDict[str, Read] = OrderedDict()
        self.chars = 0

    def get(self, sender_id: str) -> Read | None:
        read = self.reads.get(sender_id)
        if read is not None:
            self.reads.move_to_end(sender_id)
        return read

    def put(self, sender_id: str, texts: list[str], last_id: int, tracker: Any = None, domain: Any = None) -> None:
        self.forget(sender_id)
        if not self.keep_trackers:
            tracker = None
        read = Read(texts, last_id, sum(map(len, texts)), tracker, domain,
                    len(tracker.events) if tracker is not None else 0)
        self.reads[sender_id] = read
        self.chars += read.chars
        while self.chars > self.limit and self.reads:
            _, oldest = self.reads.popitem(last=False)
            self.chars -= oldest.chars

    def take_tracker(self, sender_id: str, domain: Any) -> Any:
        """The tracker last saved for ``sender_id`` with ``domain``, handed out once; None if there is none, or if
        it has changed since it was saved (a turn that saved half-way through and then failed)."""
        read = self.reads.get(sender_id)
        if read is None or read.tracker is None:
            return None
        counted = read.chars
        tracker, read.tracker = read.tracker, None
        self.chars -= counted - read.chars
        return tracker if read.domain is domain and len(tracker.events) == read.events else None

    def forget(self, sender_id: str) -> None:
        read = self.reads.pop(sender_id, None)
        if read is not None:
            self.chars -= read.chars


def read_only_new_rows(limit: int = MEMORY_CHARS, *, keep_trackers: bool = True) -> None:
    """Make every ``SQLTrackerStore`` of this process read and save a conversation's latest session as above;
    ``keep_trackers=False`` always builds the tracker from its rows (``benchmarks/rasa_turn_parts.py``)."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker

    rasas_retrieve = SQLTrackerStore._retrieve
    rasas_save = SQLTrackerStore.save

    def remembered(store: SQLTrackerStore) -> Remembered:
        memory = store.__dict__.get("_outfitter_rows")
        if memory is None:
            memory = store.__dict__["_outfitter_rows"] = Remembered(limit, keep_trackers=keep_trackers)
        return memory

    def rows_after(store: SQLTrackerStore, session: Any, sender_id: str, last_id: int,
                   *, text: bool = True) -> list[Any] | None:
        """The rows after ``last_id`` (their stored text too, if ``text``); None when that row is gone (the
        conversation was deleted)."""
        if on_psycopg2(store):
            cursor = session.connection().connection.cursor()
            cursor.execute(f"SELECT id, type_name{', data' if text else ''} FROM {EVENTS} "
                           "WHERE sender_id = %s AND id >= %s ORDER BY id", (sender_id, last_id))
            rows = [Row(*row) for row in cursor.fetchall()]
        else:
            table = store.SQLEvent.__table__
            columns = [table.c.id, table.c.type_name] + ([table.c.data] if text else [])
            query = (sa.select(*columns)
                     .where(table.c.sender_id == sender_id, table.c.id >= last_id).order_by(table.c.id))
            rows = list(session.execute(query))
        return rows[1:] if rows and rows[0].id == last_id else None

    def insert(store: SQLTrackerStore, session: Any, rows: list[dict[str, Any]]) -> None:
        if on_psycopg2(store):
            from psycopg2.extras import execute_values

            execute_values(session.connection().connection.cursor(),  # the columns are _row's keys
                           f"INSERT INTO {EVENTS} ({', '.join(rows[0])}) VALUES %s",
                           [tuple(row.values()) for row in rows])
        else:
            session.execute(store.SQLEvent.__table__.insert(), rows)

    def read_whole(store: SQLTrackerStore, session: Any, sender_id: str) -> tuple[list[str], int] | None:
        rows = (store._event_query(session, sender_id, fetch_events_from_all_sessions=False)
                .with_entities(store.SQLEvent.id, store.SQLEvent.data).all())
        return ([row.data for row in rows], rows[-1].id) if rows else None

    async def _retrieve(self: SQLTrackerStore, sender_id: str,
                        fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions or not self.domain:
            return await rasas_retrieve(self, sender_id, fetch_events_from_all_sessions)
        memory = remembered(self)
        known = memory.get(sender_id)
        with self.session_scope() as session:
            found: tuple[list[str], int] | None = None
            if known is not None:
                new = rows_after(self, session, sender_id, known.last_id)
                kept = memory.take_tracker(sender_id, self.domain) if new == [] else None
                if kept is not None:
                    return kept
                if new is not None and not any(row.type_name == SESSION_STARTED for row in new):
                    found = known.texts + [row.data for row in new], new[-1].id if new else known.last_id
            if found is None:
                found = read_whole(self, session, sender_id)
        if found is None:
            memory.forget(sender_id)
            return None
        texts, last_id = found
        memory.put(sender_id, texts, last_id)
        return DialogueStateTracker.from_dict(sender_id, [json.loads(text) for text in texts], self.domain.slots)

    async def save(self: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
        memory = remembered(self)
        known = memory.get(tracker.sender_id)
        if known is None or self.event_broker is not None or not await write_new(self, tracker, known):
            memory.forget(tracker.sender_id)
            await rasas_save(self, tracker)

    async def write_new(store: SQLTrackerStore, tracker: DialogueStateTracker, known: Read) -> bool:
        """Write the events after the remembered rows; False, writing nothing, when those rows are gone."""
        sender_id = tracker.sender_id
        events = list(itertools.islice(tracker.events, len(known.texts), None))
        rows = [_row(sender_id, event) for event in events]
        if not rows:
            remembered(store).put(sender_id, known.texts, known.last_id, tracker, store.domain)
            return True
        with store.session_scope() as session:
            insert(store, session, rows)
            written = rows_after(store, session, sender_id, known.last_id, text=False)
            if written is None:  # deleted since our read: Rasa's own save writes the whole tracker
                session.rollback()
                return False
            session.commit()
        memory = remembered(store)
        if len(written) != len(rows) or any(isinstance(event, SessionStarted) for event in events):
            # Another server wrote too (the lock was not held), or a session started (Rasa's own read keeps the
            # latest session only): read it whole next time.
            memory.forget(sender_id)
        else:
            memory.put(sender_id, known.texts + [row["data"] for row in rows], written[-1].id, tracker, store.domain)
        return True

    SQLTrackerStore._retrieve = _retrieve  # type: ignore[method-assign]
    SQLTrackerStore.save = save  # type: ignore[method-assign]


def _row(sender_id: str, event: Any) -> dict[str, Any]:
    """The row Rasa's own save writes for ``event``."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"), "data": json.dumps(data)}
