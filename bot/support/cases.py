"""Support cases: opening one exactly once, and the moves the team makes on it, each written to its history.

Statuses by kind (``TRANSITIONS``); every case starts ``open``, and ``closed`` is the end:

- return, warranty: open → approved | rejected | closed; approved → refund_issued | closed;
  refund_issued → closed; rejected → closed. ``refund_issued`` is refused on a return the shopper wants
  exchanged; an approved exchange or repair is closed when it has been sent.
- cancel: the bot cancels the order itself (``orders.cancel``) and opens the case for what is left to do:
  open → refund_issued | closed (nothing was paid); refund_issued → closed.
- handoff: open → closed. A person answers with ``reply`` in between.

A rejection needs a reason, which the shopper is told. Messages and notes may be added to any case that is not
closed. Two moves at once cannot both succeed: a move changes the status only if it is still the one read.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.metrics import case_opened
from bot.support.ids import conversation_key
from bot.support.models import (
    APPROVED,
    CANCEL,
    CASE_KINDS,
    CLOSED,
    EXCHANGE,
    HANDOFF,
    MESSAGE,
    NOTE,
    OPEN,
    OPENED,
    REFUND_ISSUED,
    REJECTED,
    RESOLUTIONS,
    RETURN,
    STATUS,
    WARRANTY,
    CaseEvent,
    Order,
    SupportCase,
)
from bot.support.orders import order_lines
from recommender.base import utcnow

BOT = "bot"
SHOPPER = "shopper"
AGENT_PREFIX = "agent:"
MAX_TEXT = 5000  # a message or a reason: a long email's worth
MAX_AGENT = 120

_DECIDED = {OPEN: frozenset({APPROVED, REJECTED, CLOSED}), APPROVED: frozenset({REFUND_ISSUED, CLOSED}),
            REFUND_ISSUED: frozenset({CLOSED}), REJECTED: frozenset({CLOSED})}
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    RETURN: _DECIDED,
    WARRANTY: _DECIDED,
    CANCEL: {OPEN: frozenset({REFUND_ISSUED, CLOSED}), REFUND_ISSUED: frozenset({CLOSED})},
    HANDOFF: {OPEN: frozenset({CLOSED})},
}


class CaseError(ValueError):
    """A request the case desk refuses; the message names the case or the field."""


class IllegalTransition(CaseError):
    def __init__(self, case: SupportCase, status: str, to: str) -> None:
        super().__init__(f"case {case.case_number} ({case.kind}) is {status}: it cannot become {to}")
        self.case_number, self.status, self.to = case.case_number, status, to


@dataclass(frozen=True)
class OpenedCase:
    case: SupportCase
    created: bool  # False: the same request was made before, and this is the case it opened


def agent_actor(agent: str) -> str:
    """How a person of the team is named in a case's history: ``agent:<name or role>``."""
    name = " ".join(agent.split())
    if not name or len(name) > MAX_AGENT:
        raise CaseError(f"agent: a name or role of 1 to {MAX_AGENT} characters is needed")
    return AGENT_PREFIX + name


def _text(value: str | None, field: str, *, required: bool = False) -> str | None:
    text = value.strip() if value else ""
    if required and not text:
        raise CaseError(f"{field}: missing (required)")
    if len(text) > MAX_TEXT:
        raise CaseError(f"{field}: at most {MAX_TEXT} characters")
    return text or None


def case_key(kind: str, conversation_id: str, order_number: str | None, line_ids: Sequence[int]) -> str:
    """The idempotency key of a request: the same conversation asking the same thing about the same items."""
    parts = [kind, conversation_key(conversation_id), order_number or "", sorted(set(line_ids))]
    return hashlib.sha256(json.dumps(parts).encode("utf-8", "surrogatepass")).hexdigest()


def find_case(session: Session, case_number: str) -> SupportCase | None:
    return session.scalars(select(SupportCase).where(SupportCase.case_number == case_number.strip().upper())
                           ).one_or_none()


def _by_key(session: Session, key: str) -> SupportCase | None:
    return session.scalars(select(SupportCase).where(SupportCase.idempotency_key == key)).one_or_none()


def _check_request(kind: str, order: Order | None, line_ids: Sequence[int], resolution: str | None) -> None:
    if kind not in CASE_KINDS:
        raise CaseError(f"kind: {kind!r} is not one of {', '.join(CASE_KINDS)}")
    if kind in (RETURN, WARRANTY, CANCEL) and order is None:
        raise CaseError(f"order: a {kind} case needs the order")
    if kind in (RETURN, WARRANTY) and not line_ids:
        raise CaseError(f"line_ids: a {kind} case needs the item(s) it is about")
    if order is not None and line_ids:
        try:
            order_lines(order, line_ids)
        except ValueError as exc:
            raise CaseError(f"line_ids: {exc}") from None
    if kind == RETURN and resolution not in RESOLUTIONS:
        raise CaseError(f"resolution: a return is a {' or an '.join(RESOLUTIONS)}")
    if kind != RETURN and resolution is not None:
        raise CaseError(f"resolution: only a return has one, not a {kind} case")


def open_case(session: Session, kind: str, conversation_id: str, order: Order | None, line_ids: Sequence[int],
              reason: str | None, *, customer_id: str | None = None, condition: str | None = None,
              resolution: str | None = None, photo_url: str | None = None, idempotency_key: str | None = None,
              actor: str = BOT, now: datetime | None = None) -> OpenedCase:
    """Open a case, or find the one the same request opened before.

    A repeated request, Rasa retrying the action, or two calls at once all end with one case: the key is
    unique in the database, and the call that loses the race finds the winner's case. The caller commits.

    Args:
        session: the app database.
        kind: return, warranty, cancel or handoff.
        conversation_id: the Rasa sender id.
        order: the verified order (None only for a hand-off).
        line_ids: the order lines the case is about (returns and warranty claims need at least one).
        reason: the shopper's words.
        customer_id: the signed-in customer, so their cases can be found from any conversation.
        condition: the item's state, a key of the policy's conditions.
        resolution: refund or exchange; returns only, and required for them.
        photo_url: a picture of the fault, for a warranty claim.
        idempotency_key: defaults to :func:`case_key` of kind, conversation, order and items.
        actor: who opens it: the bot, or ``agent_actor(name)`` when the team opens it in the console.
        now: the time of opening.

    Raises:
        CaseError: a field is missing or wrong (named), or an item is not a line of the order.
    """
    _check_request(kind, order, line_ids, resolution)
    reason = _text(reason, "reason")
    for field, value, limit in (("photo_url", photo_url, 1000), ("condition", condition, 40),
                                ("customer_id", customer_id, 120)):  # the columns' widths
        if value is not None and len(value) > limit:
            raise CaseError(f"{field}: at most {limit} characters")
    key = idempotency_key or case_key(kind, conversation_id, order.order_number if order else None, line_ids)
    if len(key) > 64:  # the column; a caller's long key (a Rasa message id with a prefix) is hashed to fit
        key = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    if existing := _by_key(session, key):
        return OpenedCase(existing, created=False)
    now = now or utcnow()
    session.flush()  # the caller's pending work goes before the savepoint, so a rollback of it keeps theirs
    try:
        with session.begin_nested():
            # The number is made from the row's id, known once inserted; the placeholder never leaves here.
            case = SupportCase(case_number=f"new-{uuid.uuid4().hex}", kind=kind, status=OPEN,
                               order_id=order.id if order else None, line_ids=sorted(set(line_ids)),
                               conversation_id=conversation_key(conversation_id), customer_id=customer_id,
                               reason=reason, condition=condition, resolution=resolution, photo_url=photo_url,
                               idempotency_key=key, created_at=now, updated_at=now)
            session.add(case)
            session.flush()
            case.case_number = f"C-{case.id:06d}"
            case.events.append(CaseEvent(at=now, actor=actor, kind=OPENED, text=reason, to_status=OPEN))
            session.flush()
    except IntegrityError:
        existing = _by_key(session, key)
        if existing is None:
            raise
        return OpenedCase(existing, created=False)
    case_opened(session, kind)  # counted when the caller's transaction commits
    return OpenedCase(case, created=True)


def _event(session: Session, case: SupportCase, kind: str, actor: str, text: str | None, now: datetime, *,
           from_status: str | None = None, to_status: str | None = None) -> CaseEvent:
    event = CaseEvent(at=now, actor=actor, kind=kind, text=text, from_status=from_status, to_status=to_status)
    case.events.append(event)
    session.flush()
    return event


def _move(session: Session, case: SupportCase, to: str, agent: str, text: str | None,
          now: datetime | None) -> SupportCase:
    actor = agent_actor(agent)
    status = case.status
    if to not in TRANSITIONS[case.kind].get(status, frozenset()):
        raise IllegalTransition(case, status, to)
    now = now or utcnow()
    # Changed only if still the status read above: of two people moving a case at once, one wins.
    moved = session.execute(update(SupportCase).where(SupportCase.id == case.id, SupportCase.status == status)
                            .values(status=to, updated_at=now))
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(case, ["status"])
        raise IllegalTransition(case, case.status, to)
    _event(session, case, STATUS, actor, text, now, from_status=status, to_status=to)
    return case


def approve(session: Session, case: SupportCase, *, agent: str, note: str | None = None,
            now: datetime | None = None) -> SupportCase:
    """Grant the return or claim. ``note`` is told to the shopper with the news."""
    return _move(session, case, APPROVED, agent, _text(note, "note"), now)


def reject(session: Session, case: SupportCase, reason: str, *, agent: str,
           now: datetime | None = None) -> SupportCase:
    """Refuse the return or claim, saying why; the shopper is told the reason."""
    return _move(session, case, REJECTED, agent, _text(reason, "reason", required=True), now)


def refund_issued(session: Session, case: SupportCase, *, agent: str, note: str | None = None,
                  now: datetime | None = None) -> SupportCase:
    """Record that the money went back. Refused for a return the shopper wants exchanged."""
    if case.kind == RETURN and case.resolution == EXCHANGE:
        raise CaseError(f"case {case.case_number} is an exchange: there is no refund to issue")
    return _move(session, case, REFUND_ISSUED, agent, _text(note, "note"), now)


def close(session: Session, case: SupportCase, *, agent: str, note: str | None = None,
          now: datetime | None = None) -> SupportCase:
    """Finish the case (the refund went through, the exchange or repair was sent, the person answered)."""
    return _move(session, case, CLOSED, agent, _text(note, "note"), now)


def _writable(case: SupportCase) -> None:
    if case.status == CLOSED:
        raise CaseError(f"case {case.case_number} is closed: nothing more can be added to it")


def add_message(session: Session, case: SupportCase, text: str, *, actor: str = SHOPPER,
                now: datetime | None = None) -> CaseEvent:
    """Add what the shopper (or the bot) said to the case's transcript."""
    _writable(case)
    now = now or utcnow()
    case.updated_at = now
    return _event(session, case, MESSAGE, actor, _text(text, "text", required=True), now)


def reply(session: Session, case: SupportCase, text: str, agent: str, *, now: datetime | None = None) -> CaseEvent:
    """A person of the team writes to the shopper."""
    return add_message(session, case, text, actor=agent_actor(agent), now=now)


def add_note(session: Session, case: SupportCase, text: str, agent: str, *,
             now: datetime | None = None) -> CaseEvent:
    """A note for the team only: it is in the history, never in what the shopper is shown."""
    _writable(case)
    now = now or utcnow()
    return _event(session, case, NOTE, agent_actor(agent), _text(text, "text", required=True), now)
