"""Profiles kept between turns: a shopper's profile is rebuilt only when something new is known about them.

Building a profile costs about 20 ms from 1,000 events; checking whether it changed costs two indexed
lookups. An entry is rebuilt when the shopper has a new event or answer, the segment model was refreshed, or
it is older than ``max_age`` (recency and lifecycle move with the clock).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.shoppers.history import load_answers, load_history
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.models import Event, StatedPreference
from recommender.shoppers.profile import Profile, build_profile
from recommender.shoppers.segment_model import SegmentModel

Key = tuple[int, int, int, int]  # shopper, last event id, last answer id, model identity


class ProfileCache:
    def __init__(self, size: int = 10_000, max_age: timedelta = timedelta(minutes=10)) -> None:
        self.size, self.max_age = size, max_age
        self._entries: OrderedDict[int, tuple[Key, datetime, Profile]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, external_id: str, model: SegmentModel | None = None) -> Profile | None:
        """The profile of the shopper known by ``external_id`` as of now; None for an unknown id."""
        shopper_id = shopper_id_of(session, external_id)
        if shopper_id is None:
            return None
        last_event = session.scalar(select(func.max(Event.id)).where(Event.shopper_id == shopper_id)) or 0
        last_answer = session.scalar(select(func.max(StatedPreference.id))
                                     .where(StatedPreference.shopper_id == shopper_id)) or 0
        key = (shopper_id, last_event, last_answer, id(model))
        now = datetime.now(UTC)
        with self._lock:
            entry = self._entries.get(shopper_id)
            if entry is not None and entry[0] == key and now - entry[1] <= self.max_age:
                self._entries.move_to_end(shopper_id)
                return entry[2]
        profile = build_profile(shopper_id, load_history(session, shopper_id, until=now),
                                load_answers(session, shopper_id), now, model)
        with self._lock:
            self._entries[shopper_id] = (key, now, profile)
            self._entries.move_to_end(shopper_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return profile
