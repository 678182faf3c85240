"""Which events a request to the events API actually recorded, by event type, for the ingestion counter.

The recording report counts calls, not types: a call recorded is one that was not rejected, is a track call
(identify calls link ids, they are not events), and whose ``messageId`` was neither stored before nor repeated
earlier in the same request (those are duplicates, which are dropped).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.shoppers.models import Event
from recommender.shoppers.recording import RecordReport

CHUNK = 500  # ids per IN (...): well under every driver's bound-parameter limit


def message_id(call: Any) -> str | None:
    """The call's ``messageId`` as the recorder stores it: numbers are ids too (a shop's 17850 is "17850")."""
    value = call.get("messageId") if isinstance(call, dict) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) else None


def stored_message_ids(session: Session, calls: Sequence[Any]) -> set[str]:
    """The calls' message ids that are already recorded: read before recording, in the same session."""
    ids = list({mid for call in calls if (mid := message_id(call)) is not None})
    stored: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        stored.update(session.scalars(select(Event.message_id).where(Event.message_id.in_(ids[start:start + CHUNK]))))
    return stored


def recorded_by_event(calls: Sequence[Any], report: RecordReport, stored: set[str]) -> Counter[str]:
    """Counts by event name of the track calls ``report`` recorded (``stored``: ids recorded before)."""
    rejected = {rejection.position for rejection in report.rejected}
    seen = set(stored)
    counts: Counter[str] = Counter()
    for position, call in enumerate(calls, start=1):
        if position in rejected or not isinstance(call, dict) or call.get("type", "track") != "track":
            continue
        if (mid := message_id(call)) is not None:
            if mid in seen:
                continue
            seen.add(mid)
        counts[str(call.get("event"))] += 1  # a recorded call names one of the spec's events
    return counts
