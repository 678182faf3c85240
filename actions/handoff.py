"""Hand-off to a person: the case with the conversation so far, then the hand-off loop, in which the bot stays
quiet, passes the shopper's messages to the case and gives the team's answers, until the case is closed."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.deps import UsesServices, send, signed_in_customer, text_of
from bot.finder.reply import Reply
from bot.support import handoff
from bot.support.cases import BOT, SHOPPER
from recommender.base import utcnow

DONE_SLOT = "handoff_done"


def transcript(tracker: Tracker) -> list[tuple[str, str]]:
    """The conversation's words so far, as (``shopper`` or ``bot``, text)."""
    said = []
    for event in tracker.events:
        if event.get("event") in ("user", "bot") and event.get("text"):
            said.append((SHOPPER if event["event"] == "user" else BOT, str(event["text"])))
    return said


class ActionHandoff(UsesServices, Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, await asyncio.to_thread(self._open, tracker), tracker)

    def _open(self, tracker: Tracker) -> Reply:
        customer = signed_in_customer(self.deps, tracker)
        with self.deps.sessions() as session:
            opened = handoff.open_handoff(session, tracker.sender_id, transcript(tracker), customer_id=customer,
                                          reason=text_of(tracker)[:1000] or None, now=utcnow())
            session.commit()
            number, seen = opened.case.case_number, handoff.pending(session, tracker.sender_id, 0).last_event_id
        text = (f"I've asked a person from our team to take over (request {number}). They'll answer right here, "
                "usually within a few minutes during opening hours; anything you write now goes to them.")
        if not opened.created:
            text = f"A person from our team is on the way (request {number}); anything you write goes to them."
        # Earlier answers of the team in this conversation were given already; only new ones are delivered.
        return Reply(slots={handoff.CASE_SLOT: number, handoff.SEEN_SLOT: seen, DONE_SLOT: None}).say(text)


class ValidateHandoffForm(UsesServices, FormValidationAction):
    """Each message during the hand-off: passed to the case; the team's new answers given; back to the bot once
    the case is closed."""

    def name(self) -> str:
        return "validate_handoff_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return send(dispatcher, await asyncio.to_thread(self._relay, tracker), tracker)

    def _relay(self, tracker: Tracker) -> Reply:
        seen = int(tracker.get_slot(handoff.SEEN_SLOT) or 0)
        with self.deps.sessions() as session:
            if tracker.get_slot("requested_slot") == DONE_SLOT:  # not at activation: that message is in the case
                handoff.relay_shopper(session, tracker.sender_id, text_of(tracker), now=utcnow())
                session.commit()
            news = handoff.pending(session, tracker.sender_id, seen)
        reply = Reply(slots={handoff.SEEN_SLOT: news.last_event_id})
        for message in news.messages:
            reply.say(handoff.message_text(message))
        if news.closed or news.case_number is None:
            reply.say(handoff.back_to_bot_text(news))
            reply.slots.update({DONE_SLOT: True, handoff.CASE_SLOT: None})
        return reply


class ActionAskHandoffDone(Action):
    """The bot has nothing to ask while a person has the conversation: it stays quiet."""

    def name(self) -> str:
        return "action_ask_handoff_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return []
