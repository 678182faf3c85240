"""Stated preferences: the finder's answers, kept per shopper with the time they were given.

Every answer is a new row, so a later conversation can say "last time you were after a rain jacket" and the
history of changed minds is kept; the current preference for a question is its latest answer. "No
preference" is stored as JSON null.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from recommender.shoppers.history import Answer
from recommender.shoppers.identity import Resolver
from recommender.shoppers.models import StatedPreference

QUESTIONS = ("activity", "conditions", "features", "fit", "cut", "budget", "category", "colour")


def record_answers(session: Session, shopper_id: int, answers: Mapping[str, object], *,
                   at: datetime | None = None, conversation_id: str | None = None) -> list[StatedPreference]:
    """Store the answers; an unknown question is refused (naming it) before anything is written."""
    unknown = sorted(set(answers) - set(QUESTIONS))
    if unknown:
        raise ValueError(f"question {unknown[0]!r}: not a finder question (one of: {', '.join(QUESTIONS)})")
    when = at or datetime.now(UTC)
    rows = [StatedPreference(shopper_id=shopper_id, question=question, value=value, answered_at=when,
                             conversation_id=conversation_id) for question, value in answers.items()]
    session.add_all(rows)
    session.flush()
    return rows


def record_answers_for(session: Session, external_id: str, answers: Mapping[str, object], *,
                       at: datetime | None = None, conversation_id: str | None = None) -> int:
    """Store answers for the shopper known by an anonymous or customer id (created when new); their id."""
    when = at or datetime.now(UTC)
    shopper_id = Resolver(session).resolve(external_id, None, when)
    record_answers(session, shopper_id, answers, at=when, conversation_id=conversation_id)
    return shopper_id


def current_preferences(answers: list[Answer]) -> dict[str, Answer]:
    """The latest answer to each question (``answers`` oldest first)."""
    latest: dict[str, Answer] = {}
    for answer in answers:
        latest[answer.question] = answer
    return latest
