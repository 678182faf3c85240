"""Profiles kept between turns: a shopper's profile is rebuilt only when something new is known about them,
and then from the history already in memory plus the events recorded since.

Loading a long history is most of a profile's cost (the busiest UCI Online Retail customer: 241 orders of
5,800 lines); summarising it again from memory is a small part. So each entry keeps the history it was built
from; a new event costs one query for that event and a summary, not a reload. Checking whether anything
changed costs two lookups (the shopper's id, then the counts). The history is read again from scratch when
its old part changed (an anonymous shopper's events merged in, events deleted), and when the entry is older
than ``max_age``: a line's category and brand come from the catalog when the event gave none, and the catalog
may have changed. A profile is rebuilt, from the history in memory, when the finder's answers or the segment
model change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from threadpoolctl import ThreadpoolController

from recommender.shoppers.history import HISTORY_LIMIT, Happening, load_answers, load_history, load_new_events
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.models import Event, StatedPreference
from recommender.shoppers.profile import Profile, build_profile
from recommender.shoppers.segment_model import SegmentModel


@dataclass(frozen=True)
class Entry:
    history: list[Happening]  # events up to ``seen_until`` with ids up to ``last_event``, oldest first
    last_event: int  # the highest event id of the shopper when the history was read
    events: int  # how many events with ids up to ``last_event`` the shopper had then
    seen_until: datetime
    loaded_at: datetime  # when the history was last read in full
    last_answer: int
    model: int  # identity of the segment model the profile was scored with
    profile: Profile


def latest_events(history: list[Happening], limit: int) -> list[Happening]:
    """The latest ``limit`` events of a history in time order, and any that tie with the oldest of them:
    what :func:`load_history` reads with the same limit."""
    if len(history) <= limit:
        return history
    oldest = history[-limit].at
    return [event for event in history if event.at >= oldest]


def merged(history: list[Happening], new: list[Happening], limit: int) -> list[Happening]:
    """``history`` with ``new`` events added, in time order; events at the same time stay in id order (every
    new event that ties with a kept one has the higher id)."""
    if not new:
        return history
    return latest_events(sorted(history + new, key=lambda event: event.at), limit)


class ProfileCache:
    def __init__(self, size: int = 10_000, max_age: timedelta = timedelta(minutes=10),
                 limit: int = HISTORY_LIMIT) -> None:
        self.size, self.max_age, self.limit = size, max_age, limit
        self._entries: OrderedDict[int, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._openmp = ThreadpoolController().select(user_api="openmp")  # see build_profile

    def get(self, session: Session, external_id: str, model: SegmentModel | None = None,
            now: datetime | None = None) -> Profile | None:
        """The profile of the shopper known by ``external_id`` as of ``now`` (default: the clock); None for an
        unknown id."""
        shopper_id = shopper_id_of(session, external_id)
        if shopper_id is None:
            return None
        now = now or datetime.now(UTC)
        with self._lock:
            entry = self._entries.get(shopper_id)
        before = entry.last_event if entry is not None else 0
        # One statement, so the figures agree: events recorded meanwhile are all above last_event.
        answers = select(func.max(StatedPreference.id)).where(StatedPreference.shopper_id == shopper_id)
        events, last_event, older, last_answer = session.execute(
            select(func.count(), func.max(Event.id), func.count().filter(Event.id <= before),
                   answers.scalar_subquery())
            .where(Event.shopper_id == shopper_id)).one()
        last_event, last_answer = last_event or 0, last_answer or 0
        fresh = entry is not None and now - entry.loaded_at <= self.max_age and now >= entry.seen_until
        if fresh and entry is not None and (entry.last_event, entry.last_answer, entry.model) == (
                last_event, last_answer, id(model)):
            self._keep(shopper_id, entry)
            return entry.profile
        if fresh and entry is not None and older == entry.events:
            history = merged(entry.history, load_new_events(
                session, shopper_id, after_event=entry.last_event, through_event=last_event,
                seen_until=entry.seen_until, until=now), self.limit)
            loaded_at = entry.loaded_at
        else:  # nothing kept, kept too long, or the part already read changed
            history = load_history(session, shopper_id, until=now, limit=self.limit, through_event=last_event)
            loaded_at = now
        profile = build_profile(shopper_id, history, load_answers(session, shopper_id), now, model,
                                openmp=self._openmp)
        self._keep(shopper_id, Entry(history, last_event, events, now, loaded_at, last_answer, id(model), profile))
        return profile

    def _keep(self, shopper_id: int, entry: Entry) -> None:
        with self._lock:
            self._entries[shopper_id] = entry
            self._entries.move_to_end(shopper_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
