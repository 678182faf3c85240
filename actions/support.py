"""The support desk's actions: starting a request, the support form's answers and questions, and its end.
Thin adapters over ``bot.support.desk`` and ``bot.support.outcomes``; the database work runs off the loop."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.deps import UsesServices, entities_of, intent_of, send, signed_in_customer, text_of
from bot.finder.reply import Reply
from bot.services import Services
from bot.support import desk, outcomes
from bot.support.case_views import case_status_for
from bot.support.policy import return_policy_text, today_in
from recommender.base import utcnow

# Intents that leave the support form when the message answers nothing it asked.
DIGRESSIONS = frozenset({"human_handoff", "goodbye", "find_product", "return_policy", *desk.TASK_OF_INTENT})


def _turn(deps: Services, session: Any, customer: str | None, tracker: Tracker) -> desk.Turn:
    return desk.Turn(session=session, policy=deps.support_policy.current(), conversation_id=tracker.sender_id,
                     customer_id=customer, now=utcnow())


def _state(tracker: Tracker) -> desk.DeskState:
    return desk.DeskState.from_slots(tracker.current_slot_values())


def _left_the_finder(tracker: Tracker) -> bool:
    """Whether this turn's rule left the finder for this request (the finder was active and was stopped)."""
    was_active = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name") == "action_deactivate_loop":
            was_active = True
    return was_active and tracker.get_slot("finder_done") is not True


class ActionSupportStart(UsesServices, Action):
    """A support request: its task, and for "where is my refund" the answer at once when the shopper's cases are
    known (this conversation's, or the signed-in customer's)."""

    def name(self) -> str:
        return "action_support_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, await asyncio.to_thread(self._start, tracker), tracker)

    def _start(self, tracker: Tracker) -> Reply:
        reply = desk.start(intent_of(tracker), text_of(tracker), entities_of(tracker), _state(tracker))
        # A support question in the middle of the finder: the finder picks up again afterwards.
        reply.slots["finder_paused"] = _left_the_finder(tracker)
        if reply.slots["support_task"] != desk.CASES:
            return reply
        customer = signed_in_customer(self.deps, tracker)
        policy = self.deps.support_policy.current()
        with self.deps.sessions() as session:
            news = case_status_for(session, conversation_id=tracker.sender_id, customer_id=customer,
                                   zone=policy.zone, today=today_in(policy, utcnow()))
        for summary in news:
            reply.say(summary.status_text)
        if news:
            reply.slots["support_stop"] = "answered"
        return reply


class ValidateSupportForm(UsesServices, FormValidationAction):
    def name(self) -> str:
        return "validate_support_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        return desk.required_slots(_state(tracker), self.deps.support_policy.current())

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        requested = tracker.get_slot("requested_slot")
        reply = await asyncio.to_thread(self._read, tracker)
        if requested and _digression(tracker, reply, requested):
            # Nothing for the form and another request: no slot set, so the form rejects and the rules for
            # that request (a person, another support question, goodbye) take the turn.
            return []
        if requested and not reply.slots:
            reply.slots[requested] = None  # read, found nothing: the form asks again rather than giving up
        events = send(dispatcher, reply, tracker)
        # The form needs the slots that are still missing after this turn's answers.
        slots = {**tracker.current_slot_values(), **reply.slots}
        remaining = desk.required_slots(desk.DeskState.from_slots(slots), self.deps.support_policy.current())
        next_slot = next((s for s in remaining if slots.get(s) is None), None)
        return [*events, {"event": "slot", "name": "requested_slot", "value": next_slot, "timestamp": None}]

    def _read(self, tracker: Tracker) -> Reply:
        customer = signed_in_customer(self.deps, tracker)
        with self.deps.sessions() as session:
            reply = desk.read_turn(_turn(self.deps, session, customer, tracker), _state(tracker),
                                   tracker.get_slot("requested_slot"), text_of(tracker), entities_of(tracker),
                                   intent_of(tracker))
            session.commit()
        return reply


def _digression(tracker: Tracker, reply: Reply, requested: str) -> bool:
    intent = intent_of(tracker)
    if intent not in DIGRESSIONS or desk.TASK_OF_INTENT.get(intent) == tracker.get_slot("support_task"):
        return False
    return not any(value is not None for name, value in reply.slots.items() if name != requested) \
        and reply.slots.get(requested) is None


class AskSupport(UsesServices, Action):
    """Asks one of the support form's questions."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, await asyncio.to_thread(self._ask, tracker), tracker)

    def _ask(self, tracker: Tracker) -> Reply:
        customer = signed_in_customer(self.deps, tracker)
        with self.deps.sessions() as session:
            return desk.ask(self.slot, _state(tracker), _turn(self.deps, session, customer, tracker))


for _slot in desk.FORM_SLOTS:
    globals()[f"Ask{_slot.title().replace('_', '')}"] = type(f"Ask{_slot.title().replace('_', '')}", (AskSupport,),
                                                            {"slot": _slot})


class ActionSupportSubmit(UsesServices, Action):
    """The form has its answers: do what was asked (tell, cancel, open the case)."""

    def name(self) -> str:
        return "action_support_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        reply = await asyncio.to_thread(self._submit, tracker)
        reply.slots["finder_paused"] = False
        return send(dispatcher, reply, tracker)

    def _submit(self, tracker: Tracker) -> Reply:
        customer = signed_in_customer(self.deps, tracker)
        with self.deps.sessions() as session:
            reply = outcomes.submit(_turn(self.deps, session, customer, tracker), _state(tracker),
                                    tracker.sender_id, customer)
            session.commit()
        return reply


class ActionReturnPolicy(UsesServices, Action):
    def name(self) -> str:
        return "action_return_policy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        text = return_policy_text(self.deps.support_policy.current())
        return send(dispatcher, Reply().say(text, buttons=[{"title": "Return an item",
                                                            "payload": "/request_return"}]), tracker)
