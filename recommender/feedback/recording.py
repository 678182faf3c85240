"""Record a page of suggestions as shown, under a new id the widget sends back with each click."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from recommender.feedback.models import SuggestionItem, SuggestionList
from recommender.ranking.request import Suggestion
from recommender.shoppers.profile import Profile

NO_SEGMENT = "none"  # a shopper the shop knows nothing about yet


def new_list_id() -> str:
    """A random id: a list id the widget sends back must not be guessable from another one."""
    return f"sug-{secrets.token_urlsafe(12)}"


@dataclass(frozen=True)
class Segment:
    micro_segment: str
    lifecycle: str


def segment_of(profile: Profile | None) -> Segment:
    """The shopper's segment when the list was shown: the profile's micro-segment key and lifecycle."""
    if profile is None:
        return Segment(NO_SEGMENT, NO_SEGMENT)
    return Segment(profile.micro_segment, profile.lifecycle)


def record_suggestions(session: Session, items: Sequence[Suggestion], *, external_id: str | None,
                       conversation_id: str | None, segment: Segment, group: str,
                       shown_at: datetime | None = None) -> str:
    """Store a shown page (the caller commits) and return its id."""
    list_id = new_list_id()
    session.add(SuggestionList(
        id=list_id, shown_at=shown_at or datetime.now(UTC), external_id=external_id, conversation_id=conversation_id,
        micro_segment=segment.micro_segment, lifecycle=segment.lifecycle, experiment_group=group,
        items=[SuggestionItem(position=n, sku=item.sku, match=item.match, score=round(float(item.score), 6))
               for n, item in enumerate(items, 1)]))
    session.flush()
    return list_id
