"""The support form's turns (bot/support/desk.py) and what its end does (outcomes.py), on hand-written orders:
the form loop is played as Rasa plays it (read the message, then ask the first required slot still empty)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.support import desk, outcomes
from bot.support.models import CANCELLED, Order, SupportCase, VerificationAttempt
from bot.support.policy_file import SupportPolicy
from tests.bot.support.conftest import NOW


@dataclass
class Chat:
    """One conversation with the support form, slots kept as Rasa keeps them."""

    session: Session
    policy: SupportPolicy
    conversation: str = "chat-1"
    customer: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    requested: str | None = None
    said: list[str] = field(default_factory=list)

    def turn(self) -> desk.Turn:
        return desk.Turn(self.session, self.policy, self.conversation, self.customer, NOW)

    def _apply(self, reply: Any) -> None:
        self.slots.update(reply.slots)
        self.said += reply.texts

    def _next(self) -> None:
        state = desk.DeskState.from_slots(self.slots)
        needed = desk.required_slots(state, self.policy)
        self.requested = next((s for s in needed if self.slots.get(s) is None), None)
        if self.requested:
            asked = desk.ask(self.requested, state, self.turn())
            self.said += asked.texts
            self.buttons = [b for m in asked.messages for b in m.get("buttons", [])]
        else:
            self._apply(outcomes.submit(self.turn(), desk.DeskState.from_slots(self.slots), self.conversation,
                                        self.customer))
            self.session.commit()

    def start(self, intent: str, text: str) -> str:
        self.said = []
        self._apply(desk.start(intent, text, [], desk.DeskState.from_slots(self.slots)))
        self._apply(desk.read_turn(self.turn(), desk.DeskState.from_slots(self.slots), None, text, [], intent))
        self._next()
        return " | ".join(self.said)

    def say(self, text: str, intent: str = "inform") -> str:
        self.said = []
        self._apply(desk.read_turn(self.turn(), desk.DeskState.from_slots(self.slots), self.requested, text, [],
                                   intent))
        self._next()
        return " | ".join(self.said)


@pytest.fixture
def chat(session: Session, policy: SupportPolicy, orders: dict[str, Order]) -> Chat:
    return Chat(session, policy)


def test_status_needs_the_number_and_its_email(chat: Chat) -> None:
    assert "order number" in chat.start("order_status", "where is my order")
    assert "email address order OF-3" in chat.say("it's of-3")
    answer = chat.say("ADA@example.com ")
    assert "shipped on" in answer and "https://tracking.example.com/OF-3" in answer


def test_everything_in_one_message_is_read(chat: Chat) -> None:
    answer = chat.start("order_status", "where is order OF-3, my email is ada@example.com")
    assert "on its way" in answer and chat.requested is None


def test_a_wrong_email_counts_and_says_the_same_as_no_such_order(chat: Chat, session: Session) -> None:
    chat.start("order_status", "where is OF-3")
    wrong = chat.say("ben@example.com")
    chat.start("order_status", "where is OF-404")
    missing = chat.say("ada@example.com")
    assert wrong.split(" You can")[0] == missing.split(" You can")[0]
    assert "3 more times" in missing
    assert session.scalar(select(VerificationAttempt.id).where(VerificationAttempt.succeeded.is_(True))) is None


def test_five_failures_lock_and_offer_a_person(chat: Chat) -> None:
    chat.start("order_status", "where is OF-3")
    for _ in range(4):
        chat.say("nobody@example.com")
        chat.say("OF-3")
    locked = chat.say("nobody@example.com")
    assert "too many tries" in locked and chat.slots["support_stop"] == "locked"
    chat.start("order_status", "where is OF-3")
    assert "Drumlin" not in chat.say("ada@example.com")


def test_a_signed_in_customer_needs_no_email_for_their_own_order_only(session: Session, policy: SupportPolicy,
                                                                       orders: dict[str, Order]) -> None:
    ada = Chat(session, policy, customer="cust-1")
    asked = ada.start("order_status", "where's my stuff")
    assert "Tap one" in asked and {b["payload"] for b in ada.buttons} == {"OF-1", "OF-2", "OF-3"}
    assert "shipped on" in ada.say("OF-3")
    theirs = ada.start("order_status", "and OF-9?")
    assert "email" in theirs and "Drumlin" not in theirs


def test_a_return_in_the_window(chat: Chat, session: Session) -> None:
    chat.start("request_return", "i want to return something")
    assert "Which item" in chat.say("OF-1 ada@example.com")
    assert "reason" in chat.say("the jacket")
    assert "state" in chat.say("doesn't fit")
    assert "refund or an exchange" in chat.say("with tags, never worn")
    opened = chat.say("money back please")
    assert "I've opened return C-" in opened and "Drumlin" in opened
    case = session.scalars(select(SupportCase)).one()
    assert (case.kind, case.resolution, case.condition) == ("return", "refund", "new")


def test_a_faulty_item_skips_the_condition_and_final_sale_is_refused(chat: Chat) -> None:
    chat.start("request_return", "the jacket i got is faulty, the seam came apart, i want to return it")
    chat.say("OF-1 ada@example.com")
    chat.say("the jacket")
    assert chat.requested == "resolution"  # faulty: any condition goes back, so the condition is not asked
    asked = chat.start("request_return", "return the base layer")
    assert "Which order" in asked and [b["payload"] for b in chat.buttons] == ["OF-1"]
    assert "Which item" in chat.say("OF-1")  # proven earlier in this chat: no email asked again
    refused = chat.say("the base layer")
    assert "final-sale item" in refused and chat.slots["support_stop"] == "refused"


def test_worn_items_are_refused_with_the_rule_in_words(chat: Chat) -> None:
    chat.start("request_return", "return please")
    chat.say("OF-1 ada@example.com")
    chat.say("the jacket")
    chat.say("changed my mind")
    refused = chat.say("i wore it a few times")
    assert "only for items that are unworn" in refused and chat.slots["support_stop"] == "refused"


def test_a_cancel_asks_first_and_refuses_after_shipping(chat: Chat, session: Session,
                                                        orders: dict[str, Order]) -> None:
    assert "can't be undone" in chat.start("cancel_order", "cancel OF-2 ada@example.com")
    assert "stays as it is" in chat.say("no", intent="deny")
    assert orders["OF-2"].status == "paid"
    chat.start("cancel_order", "cancel OF-2 ada@example.com")
    done = chat.say("yes", intent="affirm")
    assert "OF-2 is cancelled" in done and "refunded" in done
    assert session.get(Order, orders["OF-2"].id).status == CANCELLED  # type: ignore[union-attr]
    shipped = chat.start("cancel_order", "cancel OF-3, ada@example.com")
    assert "already shipped" in shipped and chat.slots["support_stop"] == "refused"


def test_a_warranty_claim_with_a_photo_link(chat: Chat, session: Session) -> None:
    chat.start("warranty_claim", "my jacket zipper broke")
    chat.say("OF-1")
    chat.say("ada@example.com")
    assert "under warranty until" in chat.say("jacket")
    assert chat.requested == "photo_url"  # the reason came with the first message
    opened = chat.say("here https://img.example.com/zip.jpg.")
    assert "warranty claim C-" in opened
    assert session.scalars(select(SupportCase.photo_url)).one() == "https://img.example.com/zip.jpg"


def test_undelivered_orders_have_no_warranty_yet(chat: Chat) -> None:
    chat.start("warranty_claim", "is my jacket under warranty")
    chat.say("OF-3 ada@example.com")
    refused = chat.say("the jacket")
    assert "has not been delivered yet" in refused and chat.slots["support_stop"] == "refused"


def test_all_items_keeps_those_that_may_go_back_and_says_which_not(chat: Chat, session: Session) -> None:
    chat.start("request_return", "i want to return my order")
    chat.say("OF-1 ada@example.com")
    partly = chat.say("all of them")
    assert "final-sale item" in partly and "reason" in partly  # the base layer refused, the jacket goes on
    chat.say("changed my mind")
    chat.say("unworn")
    chat.say("refund")
    case = session.scalars(select(SupportCase)).one()
    assert [line.title for line in case.order.lines if line.id in case.line_ids] == ["Drumlin Shell Jacket"]


def test_a_change_of_order_mid_request_starts_that_order_over(chat: Chat) -> None:
    chat.start("request_return", "return please")
    chat.say("OF-1 ada@example.com")
    assert "email address order OF-9" in chat.say("sorry, it was order OF-9")
    assert chat.slots["support_items"] is None and chat.slots["order_verified"] is None
