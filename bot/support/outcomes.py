"""What the support form does once it has its answers: tell the order's status, cancel it, open the return or
the warranty claim, or tell where the shopper's cases stand. Each returns a :class:`Reply`; the caller commits.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.finder.reply import Reply
from bot.support.case_views import KIND_WORDS, case_status_for, order_cases, summarize
from bot.support.cases import CaseError, OpenedCase, open_case
from bot.support.desk import (
    CANCEL,
    CASES,
    PERSON_BUTTON,
    RETURN,
    RETURN_BUTTON,
    SIGNED_IN,
    STATUS,
    WARRANTY,
    DeskState,
    Turn,
)
from bot.support.models import CANCEL as CANCEL_CASE
from bot.support.models import PAID, Order, SupportCase
from bot.support.models import RETURN as RETURN_CASE
from bot.support.models import WARRANTY as WARRANTY_CASE
from bot.support.orders import cancel, find_order, order_view
from bot.support.policy import ALREADY_DELIVERED, ALREADY_SHIPPED, return_decision, today_in
from bot.support.reading import reason_key
from bot.support.verification import owns
from bot.support.words import day_text, listed

NEXT_STEPS = {
    "refund": "We'll email a prepaid return label; the refund goes back to how you paid within 5 working days of "
              "the parcel reaching us.",
    "exchange": "We'll email a prepaid return label and send the exchange as soon as the parcel reaches us.",
}


def verified_order(session: Session, state: DeskState, customer_id: str | None) -> Order | None:
    """The order the form proved, checked again against what proved it (a slot is only as good as its source)."""
    order = find_order(session, state.verified) if state.verified else None
    email = None if state.order_email in (None, SIGNED_IN) else state.order_email
    if order is None or not owns(order, email, customer_id if state.order_email == SIGNED_IN else None):
        return None
    return order


def _cases_text(cases: list[SupportCase], turn: Turn) -> list[str]:
    return [summarize(case, zone=turn.policy.zone, today=today_in(turn.policy, turn.now)).status_text
            for case in cases]


def status(turn: Turn, order: Order) -> Reply:
    view = order_view(order, zone=turn.policy.zone, today=today_in(turn.policy, turn.now))
    text = f"Your order {view.order_number} ({listed([line.title for line in view.lines])}) was {view.status_text}."
    if view.tracking_url and view.status in ("shipped", "delivered"):
        text += f" Tracking: {view.tracking_url}"
    reply = Reply().say(text)
    for line in _cases_text(order_cases(turn.session, order.id, limit=3), turn):
        reply.say(line)
    return reply


def _opened(opened: OpenedCase, what: str) -> str:
    case = opened.case
    if not opened.created:
        return f"You asked for this already: your {KIND_WORDS[case.kind]} is {case.case_number} ({case.status})."
    return f"I've opened {what} {case.case_number}."


def cancel_order(turn: Turn, order: Order, conversation_id: str, customer_id: str | None) -> Reply:
    was_paid = order.status == PAID
    decision = cancel(turn.session, order, turn.policy, now=turn.now)
    if not decision.allowed:
        buttons = [RETURN_BUTTON] if decision.code in (ALREADY_SHIPPED, ALREADY_DELIVERED) else [PERSON_BUTTON]
        return Reply().say(decision.reason, buttons=buttons)
    text = f"Done: order {order.order_number} is cancelled."
    if was_paid:
        opened = open_case(turn.session, CANCEL_CASE, conversation_id, order, [], "cancelled in the chat",
                           customer_id=customer_id, now=turn.now)
        text += (f" Your payment of {order.total:.2f} {order.currency} will be refunded; the refund is case "
                 f"{opened.case.case_number}, and you can ask me \"where is my refund\" any time.")
    return Reply().say(text)


def open_return(turn: Turn, state: DeskState, order: Order, conversation_id: str, customer_id: str | None) -> Reply:
    lines = [line for line in order.lines if line.id in set(state.items or ())]
    key = reason_key(state.reason or "")
    decision = return_decision(order, lines, key or state.reason, state.condition, today_in(turn.policy, turn.now),
                               turn.policy)
    if not decision.allowed:
        return Reply().say(decision.reason, buttons=[PERSON_BUTTON])
    resolution = state.resolution or turn.policy.returns.resolutions[0]
    opened = open_case(turn.session, RETURN_CASE, conversation_id, order, list(decision.line_ids), state.reason,
                       customer_id=customer_id, condition=state.condition, resolution=resolution, now=turn.now)
    items = listed([line.title for line in lines if line.id in decision.line_ids])
    text = _opened(opened, "return")
    if opened.created:
        until = day_text(decision.until, today_in(turn.policy, turn.now)) if decision.until else None
        text += f" It's for the {items}, as a{'n' if resolution == 'exchange' else ''} {resolution}. "
        text += NEXT_STEPS[resolution]
        if until:
            text += f" Please send it by {until}."
    return Reply().say(text)


def open_warranty(turn: Turn, state: DeskState, order: Order, conversation_id: str,
                  customer_id: str | None) -> Reply:
    line_ids = list(state.items or ())
    try:
        opened = open_case(turn.session, WARRANTY_CASE, conversation_id, order, line_ids, state.reason,
                           customer_id=customer_id, photo_url=state.photo_url or None, now=turn.now)
    except CaseError as exc:
        return Reply().say(f"I couldn't open the claim: {exc}.", buttons=[PERSON_BUTTON])
    text = _opened(opened, "warranty claim")
    if opened.created:
        title = next(line.title for line in order.lines if line.id in line_ids)
        text += (f" It's for the {title}. Our team looks at claims within 2 working days and will tell you here "
                 "whether it's a repair, a replacement or a refund; ask me \"what's the status of my claim\" any "
                 "time.")
    return Reply().say(text)


def case_news(turn: Turn, conversation_id: str, customer_id: str | None, order: Order | None) -> Reply:
    """Where the shopper's returns, claims and refunds stand: those of the proven order, else those of this
    conversation and of the signed-in customer."""
    if order is not None:
        texts = _cases_text(order_cases(turn.session, order.id), turn)
        if not texts:
            return Reply().say(f"There's no return, claim or refund on order {order.order_number}.",
                               buttons=[RETURN_BUTTON])
    else:
        texts = [s.status_text for s in case_status_for(turn.session, conversation_id=conversation_id,
                                                         customer_id=customer_id, zone=turn.policy.zone,
                                                         today=today_in(turn.policy, turn.now))]
    reply = Reply()
    for text in texts:
        reply.say(text)
    return reply


def submit(turn: Turn, state: DeskState, conversation_id: str, customer_id: str | None) -> Reply:
    if state.stop:
        return Reply()
    order = verified_order(turn.session, state, customer_id)
    if order is None:
        return Reply().say("I couldn't confirm that order is yours, so I can't go on with it here.",
                           buttons=[PERSON_BUTTON])
    if state.task == STATUS:
        return status(turn, order)
    if state.task == CANCEL:
        return cancel_order(turn, order, conversation_id, customer_id)
    if state.task == RETURN:
        return open_return(turn, state, order, conversation_id, customer_id)
    if state.task == WARRANTY:
        return open_warranty(turn, state, order, conversation_id, customer_id)
    if state.task == CASES:
        return case_news(turn, conversation_id, customer_id, order)
    return Reply()
