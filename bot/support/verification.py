"""Who may see an order: its owner, proven by the order number with the email on it, or by the customer id of
the signed-in shopper (the widget's verified session; the caller passes it in, never a slot's value).

"No such order" and "wrong email" give the same answer, so order numbers cannot be probed. Every try is
recorded in the database, and after ``MAX_FAILURES`` failed tries a conversation is locked: further tries fail
without being checked, and the answer says to offer a person. Emails are never logged.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.support.ids import conversation_key
from bot.support.models import Order, VerificationAttempt
from bot.support.orders import find_order
from recommender.base import utcnow

MAX_FAILURES = 5
log = logging.getLogger("outfitter.support")


class Outcome(StrEnum):
    VERIFIED = "verified"
    NO_MATCH = "no_match"  # no such order, or not this shopper's: the same answer for both
    LOCKED = "locked"  # too many failed tries in this conversation; nothing was checked
    NEED_PROOF = "need_proof"  # neither an email nor a signed-in customer was given; not counted as a try


REASONS = {
    Outcome.VERIFIED: "The order is yours.",
    Outcome.NO_MATCH: "I could not find an order with that number and email address.",
    Outcome.LOCKED: "There have been too many tries in this conversation, so I cannot look up orders here any "
                    "more; a person from our team can help.",
    Outcome.NEED_PROOF: "To look up an order I need its number and the email address it was placed with.",
}


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    order: Order | None  # set only when verified
    failures: int  # failed tries in this conversation so far, this one included
    max_failures: int = MAX_FAILURES

    @property
    def verified(self) -> bool:
        return self.outcome is Outcome.VERIFIED

    @property
    def locked(self) -> bool:
        return self.failures >= self.max_failures

    @property
    def attempts_left(self) -> int:
        return max(self.max_failures - self.failures, 0)

    @property
    def offer_person(self) -> bool:
        """Say that a person can help: the conversation is locked, or on its last try."""
        return self.attempts_left <= 1 and not self.verified

    @property
    def reason(self) -> str:
        """Why, in words for the shopper (one text for "no such order" and "not yours")."""
        return REASONS[Outcome.LOCKED if self.locked and not self.verified else self.outcome]


def _same(given: str, stored: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), stored.encode("utf-8", "surrogatepass"))


def _email(text: str | None) -> str:
    return text.strip().casefold() if text else ""


def _owns(order: Order | None, email: str, customer_id: str) -> bool:
    # Compared even when there is no order (against a blank), so the time taken says nothing about whether
    # the number exists.
    stored_email = _email(order.email) if order else ""
    stored_customer = (order.customer_id or "") if order else ""
    by_email = _same(email, stored_email) and bool(email) and bool(stored_email)
    by_customer = _same(customer_id, stored_customer) and bool(customer_id) and bool(stored_customer)
    return order is not None and (by_email or by_customer)


def failed_attempts(session: Session, conversation_id: str) -> int:
    """Failed tries recorded for this conversation (a success does not clear them: owning one order must not
    buy more guesses at another)."""
    return session.scalar(select(func.count()).select_from(VerificationAttempt).where(
        VerificationAttempt.conversation_id == conversation_key(conversation_id),
        VerificationAttempt.succeeded.is_(False))) or 0


def _record(session: Session, conversation: str, succeeded: bool, now: datetime) -> None:
    session.add(VerificationAttempt(conversation_id=conversation, at=now, succeeded=succeeded))
    # Committed here, not by the caller: a try must count even when the caller's own work fails after it.
    session.commit()


def verify(session: Session, conversation_id: str, order_number: str, email: str | None = None,
           customer_id: str | None = None, *, now: datetime | None = None,
           max_failures: int = MAX_FAILURES) -> Verification:
    """Prove that ``order_number`` is this shopper's, and record the try.

    Args:
        session: the app database; this call commits it, so the try is stored whatever happens next.
        conversation_id: the Rasa sender id; tries are counted per conversation.
        order_number: as the shopper typed it.
        email: as the shopper typed it (case and surrounding spaces do not matter).
        customer_id: the signed-in customer the widget's verified session names, if any. Never a value the
            shopper could have set, such as a slot.
        now: the time of the try.
        max_failures: failed tries after which the conversation is locked.

    Returns:
        The outcome; ``order`` is set only when verified.
    """
    now = now or utcnow()
    conversation = conversation_key(conversation_id)
    failures = failed_attempts(session, conversation_id)
    if failures >= max_failures:
        _record(session, conversation, False, now)
        log.warning("order lookup refused in conversation %s: locked after %d failed tries",
                    conversation, failures)
        return Verification(Outcome.LOCKED, None, failures + 1, max_failures)
    given_email, given_customer = _email(email), (customer_id or "").strip()
    if not order_number.strip() or not (given_email or given_customer):
        return Verification(Outcome.NEED_PROOF, None, failures, max_failures)
    order = find_order(session, order_number)
    if _owns(order, given_email, given_customer) and order is not None:
        _record(session, conversation, True, now)
        log.info("order %s verified in conversation %s", order.order_number, conversation)
        return Verification(Outcome.VERIFIED, order, failures, max_failures)
    _record(session, conversation, False, now)
    log.info("order lookup failed in conversation %s (%d of %d failed tries)", conversation, failures + 1,
             max_failures)
    return Verification(Outcome.NO_MATCH, None, failures + 1, max_failures)


def owns(order: Order, email: str | None, customer_id: str | None) -> bool:
    """Whether this email or signed-in customer is the order's owner, without counting a try: for checking
    again, at the end of a request, an order that :func:`verify` already proved."""
    return _owns(order, _email(email), (customer_id or "").strip())
