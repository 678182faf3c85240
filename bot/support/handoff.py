"""A conversation handed to a person: what the team has written to the shopper and not yet delivered, and the
Rasa events that deliver it (and, once the case is closed, hand the conversation back to the bot).

Two ways deliver the same messages, and ``agent_seen`` (the id of the last case event the conversation has
been given) keeps them from doing it twice:
- a socket.io widget is pushed to at once: the console appends these events to the conversation's tracker with
  Rasa's ``execute_side_effects`` (:mod:`bot.support.relay`);
- a REST client has no open connection to push to, so the bot's own turn in the hand-off loop gives them with
  its next answer (``actions/handoff.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.support.cases import AGENT_PREFIX, MAX_TEXT, SHOPPER, OpenedCase, add_message, open_case
from bot.support.ids import conversation_key
from bot.support.models import CLOSED, HANDOFF, MESSAGE, CaseEvent, SupportCase

HANDOFF_LOOP = "handoff_form"
CASE_SLOT = "handoff_case"
SEEN_SLOT = "agent_seen"
MAX_TRANSCRIPT = 200  # turns copied into the case: the person needs the story, not a week of chat

BACK_TO_BOT = ("{agent} closed your request {case}, so you're back with me, Outfitter. "
               "Tell me what you're looking for, or ask about an order.")


@dataclass(frozen=True)
class AgentMessage:
    event_id: int
    agent: str  # the name or role the person signed with
    text: str


@dataclass(frozen=True)
class Pending:
    case_number: str | None  # the conversation's latest hand-off case, None when it has none
    messages: tuple[AgentMessage, ...]  # written by the team after ``seen``, oldest first
    closed: bool  # the hand-off case is closed: the conversation goes back to the bot
    closed_by: str | None
    last_event_id: int  # what ``agent_seen`` becomes once these are delivered

    @property
    def anything(self) -> bool:
        return bool(self.messages) or self.closed


def latest_handoff(session: Session, conversation_id: str) -> SupportCase | None:
    return session.scalars(select(SupportCase).where(
        SupportCase.conversation_id == conversation_key(conversation_id), SupportCase.kind == HANDOFF)
        .order_by(SupportCase.id.desc()).limit(1)).one_or_none()


def open_handoff(session: Session, conversation_id: str, transcript: Sequence[tuple[str, str]], *,
                 customer_id: str | None = None, reason: str | None = None,
                 now: datetime | None = None) -> OpenedCase:
    """Ask for a person: a hand-off case with the conversation so far, or the one already open.

    Asking again while a person is on the way finds the open case; once it is closed, a new request opens a new
    one (the key counts the conversation's earlier hand-offs). ``transcript`` is (``shopper`` or ``bot``, text).
    The caller commits.
    """
    latest = latest_handoff(session, conversation_id)
    if latest is not None and latest.status != CLOSED:
        return OpenedCase(latest, created=False)
    earlier = session.scalar(select(func.count()).select_from(SupportCase).where(
        SupportCase.conversation_id == conversation_key(conversation_id), SupportCase.kind == HANDOFF)) or 0
    opened = open_case(session, HANDOFF, conversation_id, None, [], reason, customer_id=customer_id,
                       idempotency_key=f"handoff:{conversation_key(conversation_id)}:{earlier}", now=now)
    if opened.created:
        for actor, text in transcript[-MAX_TRANSCRIPT:]:
            if text.strip():
                add_message(session, opened.case, text[:MAX_TEXT], actor=actor, now=now)
    return opened


def relay_shopper(session: Session, conversation_id: str, text: str, *, now: datetime | None = None) -> bool:
    """Put what the shopper wrote during a hand-off into the case for the person; False when none is open."""
    case = latest_handoff(session, conversation_id)
    if case is None or case.status == CLOSED or not text.strip():
        return False
    add_message(session, case, text[:MAX_TEXT], actor=SHOPPER, now=now)
    return True


def _agent(actor: str) -> str:
    return actor.removeprefix(AGENT_PREFIX)


def pending(session: Session, conversation_id: str, seen: int) -> Pending:
    """What the team wrote in this conversation's cases after the case event ``seen``, and whether its
    hand-off is over. Every case of the conversation counts: a person answering a return case is heard too."""
    key = conversation_key(conversation_id)
    rows = session.execute(select(CaseEvent.id, CaseEvent.actor, CaseEvent.text).join(SupportCase).where(
        SupportCase.conversation_id == key, CaseEvent.kind == MESSAGE, CaseEvent.id > seen,
        CaseEvent.actor.startswith(AGENT_PREFIX)).order_by(CaseEvent.id)).all()
    messages = tuple(AgentMessage(row.id, _agent(row.actor), row.text or "") for row in rows)
    case = latest_handoff(session, conversation_id)
    closed = case is not None and case.status == CLOSED
    closed_by = None
    if closed and case is not None:
        closing = [e for e in case.events if e.to_status == CLOSED]
        closed_by = _agent(closing[-1].actor) if closing else None
    last = max([seen, *(m.event_id for m in messages)])
    return Pending(case.case_number if case else None, messages, closed, closed_by, last)


def message_text(message: AgentMessage) -> str:
    return f"{message.agent}: {message.text}"


def back_to_bot_text(pending_: Pending) -> str:
    return BACK_TO_BOT.format(agent=(pending_.closed_by or "Our team").capitalize(), case=pending_.case_number)


def delivery_events(pending_: Pending, *, in_handoff: bool) -> list[dict[str, Any]]:
    """Rasa tracker events that say the team's messages and, when the case is closed and the conversation is
    still in the hand-off loop, end the loop with a word that the bot is back."""
    events: list[dict[str, Any]] = [
        {"event": "bot", "text": message_text(m), "metadata": {"case": pending_.case_number, "agent": m.agent}}
        for m in pending_.messages]
    events.append({"event": "slot", "name": SEEN_SLOT, "value": pending_.last_event_id})
    if pending_.closed and in_handoff:
        events += [{"event": "active_loop", "name": None},
                   {"event": "slot", "name": "requested_slot", "value": None},
                   {"event": "slot", "name": CASE_SLOT, "value": None},
                   {"event": "bot", "text": back_to_bot_text(pending_)}]
    return events
