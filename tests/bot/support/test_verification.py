"""An order is shown only to its owner: number and email, or the signed-in customer; guesses lock the
conversation; emails never reach the logs."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.support.models import Order, VerificationAttempt
from bot.support.verification import MAX_FAILURES, Outcome, failed_attempts, verify

from .conftest import NOW


def test_the_right_number_and_email_in_any_case_and_spacing(session: Session, orders: dict[str, Order]) -> None:
    result = verify(session, "conv-1", " #of-1 ", "  ada@EXAMPLE.com ", now=NOW)
    assert result.verified and result.outcome is Outcome.VERIFIED
    assert result.order is not None and result.order.order_number == "OF-1"
    assert not result.locked and result.attempts_left == MAX_FAILURES and not result.offer_person


def test_the_signed_in_customer_needs_no_email(session: Session, orders: dict[str, Order]) -> None:
    result = verify(session, "conv-1", "OF-1", customer_id="cust-1", now=NOW)
    assert result.verified and result.order is orders["OF-1"]
    # A guest order has no customer id to match, whatever id is given.
    assert verify(session, "conv-1", "OF-G", customer_id="cust-1", now=NOW).outcome is Outcome.NO_MATCH
    assert verify(session, "conv-1", "OF-G", email="guest@example.org", now=NOW).verified


def test_wrong_email_guessed_number_and_someone_elses_customer_id_look_the_same(
        session: Session, orders: dict[str, Order]) -> None:
    wrong_email = verify(session, "conv-1", "OF-1", "ben@example.com", now=NOW)
    guessed = verify(session, "conv-1", "OF-424242", "ada@example.com", now=NOW)
    other_customer = verify(session, "conv-1", "OF-1", customer_id="cust-2", now=NOW)
    too_long = verify(session, "conv-1", "9" * 300, "ada@example.com", now=NOW)
    for result in (wrong_email, guessed, other_customer, too_long):
        assert result.outcome is Outcome.NO_MATCH and result.order is None and not result.verified
        assert result.reason == "I could not find an order with that number and email address."
    assert too_long.failures == 4 and too_long.attempts_left == 1 and too_long.offer_person


def test_no_proof_is_not_a_try(session: Session, orders: dict[str, Order]) -> None:
    for email, customer in ((None, None), ("  ", None), (None, " ")):
        result = verify(session, "conv-1", "OF-1", email, customer, now=NOW)
        assert result.outcome is Outcome.NEED_PROOF and result.failures == 0
    assert verify(session, "conv-1", "   ", "ada@example.com", now=NOW).outcome is Outcome.NEED_PROOF
    assert session.scalar(select(func.count()).select_from(VerificationAttempt)) == 0


def test_five_failures_lock_the_conversation_and_only_that_one(session: Session, orders: dict[str, Order]) -> None:
    for attempt in range(1, MAX_FAILURES + 1):
        result = verify(session, "conv-guess", f"OF-{attempt}", "mallory@example.net", now=NOW)
        assert result.outcome is Outcome.NO_MATCH and result.failures == attempt
    assert result.locked and result.offer_person and result.attempts_left == 0
    assert "too many tries" in result.reason and "a person from our team can help" in result.reason

    # The right pair no longer helps in this conversation: it is not even checked.
    locked = verify(session, "conv-guess", "OF-1", "ada@example.com", now=NOW)
    assert locked.outcome is Outcome.LOCKED and locked.order is None and locked.locked and locked.offer_person
    assert failed_attempts(session, "conv-guess") == MAX_FAILURES + 1  # the refused try is on record too

    # Another conversation has its own count; a success does not clear earlier failures.
    assert verify(session, "conv-other", "OF-1", "ada@example.com", now=NOW).verified
    for _ in range(MAX_FAILURES - 1):
        verify(session, "conv-other", "OF-9", "ada@example.com", now=NOW)
    assert verify(session, "conv-other", "OF-1", "ada@example.com", now=NOW).verified
    assert verify(session, "conv-other", "OF-9", "ada@example.com", now=NOW).locked


def test_tries_are_stored_even_when_the_caller_rolls_back(session: Session, orders: dict[str, Order]) -> None:
    verify(session, "conv-1", "OF-1", "nobody@example.com", now=NOW)
    session.rollback()
    assert failed_attempts(session, "conv-1") == 1


def test_a_long_conversation_id_is_counted_under_its_hash(session: Session, orders: dict[str, Order]) -> None:
    sender = "x" * 500
    verify(session, sender, "OF-1", "nobody@example.com", now=NOW)
    assert failed_attempts(session, sender) == 1
    assert len(session.scalars(select(VerificationAttempt.conversation_id)).one()) == 64


def test_no_email_is_ever_logged(session: Session, orders: dict[str, Order], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="outfitter")
    verify(session, "conv-log", "OF-1", "Wrong.Person@Example.net", now=NOW)
    verify(session, "conv-log", "OF-1", " Ada@Example.com ", now=NOW)
    verify(session, "conv-log", "OF-1", customer_id="cust-1", now=NOW)
    assert "order lookup failed in conversation conv-log" in caplog.text
    assert "order OF-1 verified in conversation conv-log" in caplog.text
    text = caplog.text.casefold()
    for fragment in ("wrong.person", "example.net", "ada@", "example.com", "@"):
        assert fragment not in text
