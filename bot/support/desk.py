"""The support form's turns: which questions a request needs, reading each answer (in any order), proving the
order is the shopper's, and applying the policy as soon as it can say no, so nobody answers four questions to
hear that the return window closed in May.

A turn takes the form's slots as a :class:`DeskState` and the message, and returns a :class:`Reply` (messages
and slot changes) for ``actions/support.py`` to send. The database session and the policy are arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.finder.reply import Reply
from bot.support import reading
from bot.support.models import Order
from bot.support.orders import customer_orders, find_order, warranty_months
from bot.support.policy import (
    ALREADY_DELIVERED,
    ALREADY_SHIPPED,
    cancel_decision,
    return_decision,
    today_in,
    warranty_decision,
)
from bot.support.policy_file import SupportPolicy
from bot.support.verification import Outcome, verify
from bot.support.words import day_text, listed

STATUS, CANCEL, RETURN, WARRANTY, CASES = "status", "cancel", "return", "warranty", "cases"
TASK_OF_INTENT = {"order_status": STATUS, "cancel_order": CANCEL, "request_return": RETURN,
                  "warranty_claim": WARRANTY, "return_status": CASES}
SIGNED_IN = "(signed in)"  # order_email when the widget's signed-in customer owns the order
SKIPPED = ""  # photo_url when the shopper has none
MAX_REASON = 1000
PERSON_BUTTON = {"title": "Talk to a person", "payload": "/human_handoff"}
RETURN_BUTTON = {"title": "Return an item", "payload": "/request_return"}
TASK_SLOTS = ("support_items", "support_reason", "item_condition", "resolution", "photo_url",
              "support_confirmed", "support_stop")
# The support form's questions (domain.yml's support_form), each asked by an ``action_ask_<slot>``.
FORM_SLOTS = ("order_number", "order_email", "support_items", "support_reason", "item_condition", "resolution",
              "photo_url", "support_confirmed")


@dataclass(frozen=True)
class DeskState:
    task: str | None = None
    order_number: str | None = None
    order_email: str | None = None
    verified: str | None = None  # the order number proven to be the shopper's in this conversation
    items: tuple[int, ...] | None = None  # order line ids
    reason: str | None = None
    condition: str | None = None
    resolution: str | None = None
    photo_url: str | None = None
    confirmed: bool | None = None
    stop: str | None = None  # why the form ends early: refused, locked, kept, answered
    proven: Mapping[str, str] = field(default_factory=dict)  # order number -> the email (or SIGNED_IN) that proved it

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> DeskState:
        items = slots.get("support_items")
        return cls(task=slots.get("support_task"), order_number=slots.get("order_number"),
                   order_email=slots.get("order_email"), verified=slots.get("order_verified"),
                   items=tuple(int(i) for i in items) if items else None, reason=slots.get("support_reason"),
                   condition=slots.get("item_condition"), resolution=slots.get("resolution"),
                   photo_url=slots.get("photo_url"), confirmed=slots.get("support_confirmed"),
                   stop=slots.get("support_stop"), proven=dict(slots.get("proven_orders") or {}))


def required_slots(state: DeskState, policy: SupportPolicy) -> list[str]:
    """The questions this request still needs, in the order asked; none once the form has to stop."""
    if state.stop or not state.task:
        return []
    slots = ["order_number", "order_email"]
    if state.task == CANCEL:
        slots.append("support_confirmed")
    elif state.task == RETURN:
        slots += ["support_items", "support_reason"]
        if not policy.returns.any_condition(reading.reason_key(state.reason or "")):
            slots.append("item_condition")
        if len(policy.returns.resolutions) > 1:
            slots.append("resolution")
    elif state.task == WARRANTY:
        slots += ["support_items", "support_reason", "photo_url"]
    return slots


def start(intent: str, text: str, entities: Sequence[Mapping[str, Any]], state: DeskState) -> Reply:
    """A new support request: its task, and the answers of the last request cleared. Which order it is about
    is asked again (the shopper may have several); one proven earlier in the conversation needs no proof again."""
    task = TASK_OF_INTENT.get(intent, state.task or STATUS)
    reply = Reply(slots={"support_task": task, **dict.fromkeys(TASK_SLOTS),
                         **dict.fromkeys(("order_number", "order_email", "order_verified"))})
    if task in (RETURN, WARRANTY) and reading.reason_key(text):
        reply.slots["support_reason"] = text[:MAX_REASON]
    return reply


def _order_titles(order: Order) -> list[str]:
    return [line.title for line in order.lines]


def _owned(session: Session, state: DeskState) -> Order | None:
    return find_order(session, state.verified) if state.verified else None


@dataclass(frozen=True)
class Turn:
    """What a turn reads with: where it runs and who the shopper is (``customer_id`` only from the widget's
    verified session)."""

    session: Session
    policy: SupportPolicy
    conversation_id: str
    customer_id: str | None
    now: datetime


def _verify(turn: Turn, state: DeskState, reply: Reply, number: str, email: str | None) -> DeskState | None:
    """Try to prove the order; returns the new state when proven, None otherwise (the reply says why)."""
    by_customer = turn.customer_id if email is None else None
    if email is None and by_customer is None:
        return None
    result = verify(turn.session, turn.conversation_id, number, email, by_customer, now=turn.now)
    if result.verified and result.order is not None:
        proof = SIGNED_IN if email is None else email
        reply.slots.update(order_verified=result.order.order_number, order_number=result.order.order_number,
                           order_email=proof, proven_orders={**state.proven, result.order.order_number: proof})
        return replace(state, verified=result.order.order_number)
    if result.outcome is Outcome.NEED_PROOF:
        return None
    if email is None and result.outcome is Outcome.NO_MATCH and not result.locked:
        # Not among the signed-in customer's orders: it may have been a guest checkout, so ask for its email.
        reply.slots.update(order_number=number, order_email=None)
        return None
    if result.locked:
        reply.say(result.reason, buttons=[PERSON_BUTTON])
        reply.slots.update(order_number=None, order_email=None, support_stop="locked")
        return None
    left = f" You can try {result.attempts_left} more time{'s' if result.attempts_left != 1 else ''}."
    reply.say(result.reason + left, buttons=[PERSON_BUTTON] if result.offer_person else None)
    reply.slots.update(order_number=None, order_email=None)
    return None


def _check_items(turn: Turn, state: DeskState, order: Order, line_ids: list[int], reply: Reply) -> None:
    """Apply the policy to the chosen items now: a refusal ends the form with its reason."""
    lines = [line for line in order.lines if line.id in set(line_ids)]
    today = today_in(turn.policy, turn.now)
    if state.task == WARRANTY:
        if len(lines) > 1:
            reply.say("One item at a time, please: which one is faulty?")
            reply.slots["support_items"] = None
            return
        line = lines[0]
        decision = warranty_decision(line, warranty_months(turn.session, line.sku), order.delivered_at, today,
                                     turn.policy)
        if not decision.allowed:
            reply.say(f"{decision.reason} A person from our team can still look at it.", buttons=[PERSON_BUTTON])
            reply.slots["support_stop"] = "refused"
            return
        reply.say(decision.reason)
    else:
        decision = return_decision(order, lines, None, None, today, turn.policy)
        if not decision.allowed:
            reply.say(f"{decision.reason} If you think that's wrong, a person from our team can help.",
                      buttons=[PERSON_BUTTON])
            reply.slots["support_stop"] = "refused"
            return
        if decision.refused_line_ids:
            reply.say(decision.reason)
            line_ids = list(decision.line_ids)
    reply.slots["support_items"] = line_ids


def read_turn(turn: Turn, state: DeskState, requested: str | None, text: str,
              entities: Sequence[Mapping[str, Any]], intent: str) -> Reply:
    """Read one message of the support form: whatever it answers, asked or not."""
    reply = Reply()
    numbers = reading.order_numbers(text, entities, asked=requested == "order_number")
    email = reading.email(text, entities)
    number = numbers[0] if numbers else state.order_number
    if numbers and numbers[0] != state.verified:
        # Another order than the one proven: the items and answers were about that one.
        # Another order's email is not this one's: a new number without an email in the message asks for it.
        reply.slots.update(order_number=numbers[0], order_verified=None, support_items=None, order_email=None)
        state = replace(state, order_number=numbers[0], verified=None, items=None, order_email=None)
    if email:
        reply.slots["order_email"] = email
    if number and state.verified != number and number in state.proven:
        # Proven earlier in this conversation: no second proof, and no try counted.
        reply.slots.update(order_number=number, order_verified=number, order_email=state.proven[number])
        state = replace(state, order_number=number, verified=number, order_email=state.proven[number])
        return _after_proof(turn, state, reply)
    if number and state.verified != number:
        proven = _verify(turn, state, reply, number, email or _email_of(state))
        if proven is None:
            if not reply.messages:
                _not_read(requested, numbers, email, reply)
            return reply
        return _after_proof(turn, proven, reply)
    if _not_read(requested, numbers, email, reply):
        return reply
    order = _owned(turn.session, state)
    if order is None:
        return reply
    return _answer(turn, state, order, requested, text, intent, reply)


def _after_proof(turn: Turn, state: DeskState, reply: Reply) -> Reply:
    """What the policy can say as soon as the order is known: a cancel too late, a single item chosen."""
    order = _owned(turn.session, state)
    if order is not None and state.task == CANCEL:
        decision = cancel_decision(order, turn.policy, today_in(turn.policy, turn.now))
        if not decision.allowed:
            shipped = decision.code in (ALREADY_SHIPPED, ALREADY_DELIVERED)
            reply.say(decision.reason, buttons=[RETURN_BUTTON if shipped else PERSON_BUTTON])
            reply.slots["support_stop"] = "refused"
    elif order is not None and state.task in (RETURN, WARRANTY) and len(order.lines) == 1:
        _check_items(turn, state, order, [order.lines[0].id], reply)
    return reply


def _not_read(requested: str | None, numbers: list[str], email: str | None, reply: Reply) -> bool:
    """Say so when the message lacks what was asked for; True when it did."""
    if requested == "order_number" and not numbers:
        reply.say("I couldn't find an order number in that. It's in your order confirmation email, "
                  "for example OF-100234.")
        reply.slots["order_number"] = None
        return True
    if requested == "order_email" and not email:
        reply.say("That doesn't look like an email address. I need the one the order was placed with.")
        reply.slots["order_email"] = None
        return True
    return False


def _email_of(state: DeskState) -> str | None:
    return state.order_email if state.order_email and state.order_email != SIGNED_IN else None


def _answer(turn: Turn, state: DeskState, order: Order, requested: str | None, text: str, intent: str,
            reply: Reply) -> Reply:
    policy = turn.policy
    if requested == "support_items":
        picked = reading.pick_items(text, _order_titles(order))
        if picked is None:
            reply.say("Which item do you mean? Tap one, or say \"all\".")
            reply.slots["support_items"] = None
        else:
            _check_items(turn, state, order, [order.lines[i].id for i in picked], reply)
    elif requested == "support_reason":
        words = " ".join(text.split())[:MAX_REASON]
        reply.slots["support_reason"] = words or None
    elif requested == "item_condition":
        key = reading.condition(text, list(policy.conditions))
        reply.slots["item_condition"] = key
        if key is None:
            reply.say("Sorry, I didn't get what state it's in. Tap the one that fits.")
        elif key not in policy.returns.accepted_conditions:
            lines = [line for line in order.lines if line.id in set(state.items or ())]
            decision = return_decision(order, lines, reading.reason_key(state.reason or ""), key,
                                       today_in(policy, turn.now), policy)
            if not decision.allowed:
                reply.say(decision.reason, buttons=[PERSON_BUTTON])
                reply.slots["support_stop"] = "refused"
    elif requested == "resolution":
        choice = reading.resolution(text, policy.returns.resolutions)
        reply.slots["resolution"] = choice
        if choice is None:
            reply.say(f"Would you like {' or '.join(policy.returns.resolutions)}?")
    elif requested == "photo_url":
        url = reading.photo_url(text)
        reply.slots["photo_url"] = url if url else (SKIPPED if reading.SKIP.search(text) else None)
        if reply.slots["photo_url"] is None:
            reply.say("Paste a link to the photo (starting with https://), or say \"skip\".")
    elif requested == "support_confirmed":
        answer = reading.yes_or_no(text, intent)
        reply.slots["support_confirmed"] = answer
        if answer is False:
            reply.say(f"All right, order {order.order_number} stays as it is.")
            reply.slots["support_stop"] = "kept"
        elif answer is None:
            reply.say("Shall I cancel it? Yes or no.")
    return reply


def ask(slot: str, state: DeskState, turn: Turn) -> Reply:
    """The question for ``slot``, with buttons where the answers are few."""
    reply = Reply()
    order = _owned(turn.session, state)
    policy = turn.policy
    if slot == "order_number":
        mine = customer_orders(turn.session, turn.customer_id, limit=5) if turn.customer_id else []
        known = {o.order_number for o in mine}
        mine += [o for n in state.proven if n not in known and (o := find_order(turn.session, n)) is not None]
        buttons = [{"title": f"{o.order_number} ({day_text(o.placed_at.date())})", "payload": o.order_number}
                   for o in mine]
        reply.say("Which order is it? Tap one, or type its number." if buttons else
                  "What's the order number? It's in your order confirmation email (for example OF-100234).",
                  buttons=buttons or None)
    elif slot == "order_email":
        reply.say(f"And the email address order {state.order_number} was placed with?")
    elif slot == "support_items" and order is not None:
        verb = "return" if state.task == RETURN else "claim for"
        buttons = [{"title": line.title, "payload": f"item {i}"} for i, line in enumerate(order.lines, 1)]
        if state.task == RETURN and len(buttons) > 1:
            buttons.append({"title": "All of them", "payload": "all"})
        reply.say(f"Which item would you like to {verb}?", buttons=buttons)
    elif slot == "support_reason":
        if state.task == WARRANTY:
            reply.say("What's wrong with it? Tell me in your own words.")
        else:
            reasons = ["Doesn't fit", "Not as described", "Faulty", "Wrong item", "Changed my mind"]
            reply.say("What's the reason for the return?",
                      buttons=[{"title": r, "payload": r.lower()} for r in reasons])
    elif slot == "item_condition":
        reply.say("What state is it in?", buttons=[{"title": words.capitalize(), "payload": key}
                                                   for key, words in policy.conditions.items()])
    elif slot == "resolution":
        reply.say("Would you like a refund or an exchange?",
                  buttons=[{"title": r.capitalize(), "payload": r} for r in policy.returns.resolutions])
    elif slot == "photo_url":
        reply.say("A photo of the fault helps our team: paste a link to one, or say \"skip\".",
                  buttons=[{"title": "Skip", "payload": "skip"}])
    elif slot == "support_confirmed" and order is not None:
        items = listed([line.title for line in order.lines])
        reply.say(f"Cancel order {order.order_number} ({items}, {order.total:.2f} {order.currency})? "
                  "This can't be undone.", buttons=[{"title": "Yes, cancel it", "payload": "/affirm"},
                                                    {"title": "No, keep it", "payload": "/deny"}])
    return reply
