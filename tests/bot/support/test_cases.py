"""Cases open exactly once (repeats, retries, two calls at once), move only as their kind allows, and keep
their history as a transcript."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.db import session_factory
from bot.support import cases as case_desk
from bot.support.case_views import case_detail, case_status_for, list_cases
from bot.support.cases import (
    TRANSITIONS,
    CaseError,
    IllegalTransition,
    add_message,
    add_note,
    approve,
    close,
    open_case,
    refund_issued,
    reject,
    reply,
)
from bot.support.models import CASE_STATUSES, CaseEvent, Order, SupportCase
from bot.support.orders import find_order

from .conftest import NOW


def open_return(session: Session, order: Order, *, conversation: str = "conv-1", resolution: str = "refund",
                **extra: object) -> case_desk.OpenedCase:
    return open_case(session, "return", conversation, order, [order.lines[0].id], "It is too small.",
                     resolution=resolution, condition="new", now=NOW, **extra)  # type: ignore[arg-type]


def test_a_repeat_or_a_retry_finds_the_same_case(session: Session, orders: dict[str, Order]) -> None:
    first = open_return(session, orders["OF-1"])
    session.commit()
    assert first.created and first.case.case_number == f"C-{first.case.id:06d}"
    again = open_return(session, orders["OF-1"])
    assert not again.created and again.case.id == first.case.id
    # Another item, another kind or another conversation is another request.
    other_item = open_case(session, "return", "conv-1", orders["OF-1"], [orders["OF-1"].lines[1].id], None,
                           resolution="exchange", now=NOW)
    claim = open_case(session, "warranty", "conv-1", orders["OF-1"], [orders["OF-1"].lines[0].id], "Zip broke",
                      photo_url="https://example.com/zip.jpg", now=NOW)
    elsewhere = open_return(session, orders["OF-1"], conversation="conv-2")
    assert all(c.created for c in (other_item, claim, elsewhere))
    session.commit()
    assert session.scalar(select(func.count()).select_from(SupportCase)) == 4
    # A caller's own key decides on its own.
    keyed = open_case(session, "handoff", "conv-1", None, [], "A person, please", idempotency_key="msg-42", now=NOW)
    assert keyed.created and open_case(session, "handoff", "conv-9", None, [], None, idempotency_key="msg-42",
                                       now=NOW).case.id == keyed.case.id
    long_key = "rasa-message:" + "m" * 200
    assert open_case(session, "handoff", "conv-1", None, [], None, idempotency_key=long_key).created
    assert not open_case(session, "handoff", "conv-1", None, [], None, idempotency_key=long_key).created


def test_two_calls_at_once_make_one_case(db_engine: Engine, orders: dict[str, Order],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Both callers look for the key before either inserts: the race the unique constraint has to settle.
    barrier = threading.Barrier(2, timeout=30)
    looked = threading.local()
    real_by_key = case_desk._by_key

    def by_key_then_wait(session: Session, key: str) -> SupportCase | None:
        found = real_by_key(session, key)
        if not getattr(looked, "once", False):
            looked.once = True
            barrier.wait()
        return found

    monkeypatch.setattr(case_desk, "_by_key", by_key_then_wait)
    results: list[case_desk.OpenedCase] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            with session_factory(db_engine)() as session:
                order = find_order(session, "OF-1")
                assert order is not None
                opened = open_return(session, order)
                session.commit()
                results.append(opened)
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.case.case_number for r in results}) == 1
    with session_factory(db_engine)() as session:
        assert session.scalar(select(func.count()).select_from(SupportCase)) == 1
        assert session.scalar(select(func.count()).select_from(CaseEvent)) == 1


def test_every_allowed_move_of_a_return_and_its_transcript(session: Session, orders: dict[str, Order]) -> None:
    case = open_return(session, orders["OF-1"]).case
    add_message(session, case, "I have the receipt too.", now=NOW + timedelta(minutes=1))
    approve(session, case, agent="Dana (support)", note="Please send it back with the label we emailed.",
            now=NOW + timedelta(minutes=2))
    add_note(session, case, "Label sent by email.", "Dana (support)", now=NOW + timedelta(minutes=3))
    reply(session, case, "We have received your parcel.", "Dana (support)", now=NOW + timedelta(days=3))
    refund_issued(session, case, agent="Lee", now=NOW + timedelta(days=4))
    close(session, case, agent="Lee", now=NOW + timedelta(days=5))
    session.commit()
    detail = case_detail(session, case.case_number.lower())
    assert detail is not None and detail.summary.status == "closed"
    assert [(e.actor, e.kind, e.from_status, e.to_status) for e in detail.transcript] == [
        ("bot", "opened", None, "open"), ("shopper", "message", None, None),
        ("agent:Dana (support)", "status", "open", "approved"), ("agent:Dana (support)", "note", None, None),
        ("agent:Dana (support)", "message", None, None), ("agent:Lee", "status", "approved", "refund_issued"),
        ("agent:Lee", "status", "refund_issued", "closed"),
    ]
    assert detail.transcript[0].text == "It is too small."
    assert detail.order is not None and detail.order.order_number == "OF-1" and len(detail.order.lines) == 2
    assert detail.line_ids == (orders["OF-1"].lines[0].id,) and detail.resolution == "refund"
    shopper_view = case_detail(session, case.case_number, include_notes=False)
    assert shopper_view is not None and "note" not in {e.kind for e in shopper_view.transcript}
    with pytest.raises(CaseError, match=f"case {case.case_number} is closed: nothing more can be added"):
        reply(session, case, "One more thing", "Dana")


@pytest.mark.parametrize(("kind", "path"), [
    ("return", ["rejected", "closed"]), ("return", ["closed"]), ("return", ["approved", "closed"]),
    ("warranty", ["approved", "refund_issued", "closed"]), ("warranty", ["rejected", "closed"]),
    ("cancel", ["refund_issued", "closed"]), ("cancel", ["closed"]), ("handoff", ["closed"]),
])
def test_each_kind_moves_along_its_allowed_paths(session: Session, orders: dict[str, Order], kind: str,
                                                 path: list[str]) -> None:
    order = orders["OF-1"] if kind != "cancel" else orders["OF-2"]
    lines = [order.lines[0].id] if kind in ("return", "warranty") else []
    case = open_case(session, kind, "conv-1", order if kind != "handoff" else None, lines, "why",
                     resolution="exchange" if kind == "return" else None, now=NOW).case
    moves = {"approved": lambda: approve(session, case, agent="Dana"),
             "rejected": lambda: reject(session, case, "The tags were removed.", agent="Dana"),
             "refund_issued": lambda: refund_issued(session, case, agent="Dana"),
             "closed": lambda: close(session, case, agent="Dana")}
    for status in path:
        moves[status]()
        assert case.status == status
    assert set(TRANSITIONS[kind]) | {"closed"} <= set(CASE_STATUSES)


def test_a_refused_move_names_the_case_and_both_statuses(session: Session, orders: dict[str, Order]) -> None:
    case = open_return(session, orders["OF-1"]).case
    with pytest.raises(IllegalTransition) as refused:
        refund_issued(session, case, agent="Dana")
    assert str(refused.value) == f"case {case.case_number} (return) is open: it cannot become refund_issued"
    reject(session, case, "Worn outdoors.", agent="Dana")
    for move in (lambda: approve(session, case, agent="Dana"), lambda: reject(session, case, "x", agent="Dana")):
        with pytest.raises(IllegalTransition, match="is rejected: it cannot become"):
            move()
    handoff = open_case(session, "handoff", "conv-1", None, [], None, now=NOW).case
    with pytest.raises(IllegalTransition, match=r"\(handoff\) is open: it cannot become approved"):
        approve(session, handoff, agent="Dana")
    exchange = open_return(session, orders["OF-1"], conversation="conv-x", resolution="exchange").case
    approve(session, exchange, agent="Dana")
    with pytest.raises(CaseError, match="is an exchange: there is no refund to issue"):
        refund_issued(session, exchange, agent="Dana")
    with pytest.raises(CaseError, match="reason: missing"):
        reject(session, exchange, "  ", agent="Dana")
    with pytest.raises(CaseError, match="agent: a name or role"):
        close(session, exchange, agent=" ")
    assert case.status == "rejected" and exchange.status == "approved"


def test_a_move_made_meanwhile_by_someone_else_wins(db_engine: Engine, orders: dict[str, Order]) -> None:
    with session_factory(db_engine)() as first, session_factory(db_engine)() as second:
        order = find_order(first, "OF-1")
        assert order is not None
        number = open_return(first, order).case.case_number
        first.commit()
        mine = case_desk.find_case(first, number)
        theirs = case_desk.find_case(second, number)
        assert mine is not None and theirs is not None
        second.rollback()
        reject(second, theirs, "Outside the window.", agent="Lee")
        second.commit()
        with pytest.raises(IllegalTransition, match=f"case {number} \\(return\\) is rejected: it cannot become "
                                                    "approved"):
            approve(first, mine, agent="Dana")  # it still reads open: the update finds no open row


def test_requests_that_are_refused_name_the_field(session: Session, orders: dict[str, Order]) -> None:
    ada, ben = orders["OF-1"], orders["OF-9"]
    for call, message in [
        (lambda: open_case(session, "refund", "c", ada, [ada.lines[0].id], None), "kind: 'refund' is not one of"),
        (lambda: open_case(session, "return", "c", None, [1], None, resolution="refund"), "order: a return case"),
        (lambda: open_case(session, "warranty", "c", ada, [], None), "line_ids: a warranty case needs the item"),
        (lambda: open_case(session, "return", "c", ada, [ben.lines[0].id], None, resolution="refund"),
         f"line_ids: order OF-1 has no line\\(s\\) {ben.lines[0].id}"),
        (lambda: open_case(session, "return", "c", ada, [ada.lines[0].id], None), "resolution: a return is a"),
        (lambda: open_case(session, "warranty", "c", ada, [ada.lines[0].id], None, resolution="refund"),
         "resolution: only a return has one"),
        (lambda: open_case(session, "handoff", "c", None, [], "x" * 6000), "reason: at most 5000 characters"),
        (lambda: open_case(session, "handoff", "c", None, [], None, customer_id="c" * 121),
         "customer_id: at most 120 characters"),
    ]:
        with pytest.raises(CaseError, match=message):
            call()


def test_where_is_my_refund_by_conversation_or_signed_in_customer(session: Session,
                                                                   orders: dict[str, Order]) -> None:
    ada = orders["OF-1"]
    refund = open_return(session, ada, customer_id="cust-1").case
    approve(session, refund, agent="Dana", now=NOW + timedelta(days=1))
    claim = open_case(session, "warranty", "conv-2", ada, [ada.lines[1].id], "Seam split", customer_id="cust-1",
                      now=NOW + timedelta(days=2)).case
    reject(session, claim, "The damage is from a fall, which the warranty does not cover.", agent="Dana",
           now=NOW + timedelta(days=3))
    open_case(session, "handoff", "conv-3", None, [], None, now=NOW)
    session.commit()

    mine = case_status_for(session, conversation_id="conv-1", today=NOW.date())
    assert [c.case_number for c in mine] == [refund.case_number]
    assert mine[0].status_text == (f"Your return {refund.case_number} for the Drumlin Shell Jacket was approved "
                                   "on 3 June. The refund follows once the item is back with us.")
    everywhere = case_status_for(session, customer_id="cust-1", today=NOW.date())
    assert [c.case_number for c in everywhere] == [claim.case_number, refund.case_number]
    assert everywhere[0].status_text == (f"Your warranty claim {claim.case_number} for the Merino Base Layer was "
                                         "not approved: The damage is from a fall, which the warranty does not "
                                         "cover.")
    assert case_status_for(session, customer_id="cust-1", kind="return")[0].case_number == refund.case_number
    assert case_status_for(session, customer_id="cust-2") == []
    with pytest.raises(ValueError, match="needs a conversation_id or a customer_id"):
        case_status_for(session)


def test_the_consoles_list_filters_and_pages(session: Session, orders: dict[str, Order]) -> None:
    ada = orders["OF-1"]
    for number in range(5):
        open_case(session, "handoff", f"conv-{number}", None, [], None, now=NOW + timedelta(minutes=number))
    approve(session, open_return(session, ada).case, agent="Dana", now=NOW + timedelta(hours=1))
    session.commit()
    everything = list_cases(session)
    assert everything.total == 6 and everything.cases[0].kind == "return"
    page = list_cases(session, kind="handoff", status="open", limit=2, offset=2)
    assert page.total == 5 and [c.kind for c in page.cases] == ["handoff", "handoff"]
    assert list_cases(session, status="approved").total == 1
    for bad in ({"kind": "refund"}, {"status": "lost"}, {"limit": 0}, {"offset": -1}):
        with pytest.raises(ValueError):
            list_cases(session, **bad)  # type: ignore[arg-type]
    assert case_detail(session, "C-999999") is None
