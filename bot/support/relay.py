"""Delivering the team's answers to a conversation that is open in a browser, through Rasa's HTTP API.

The console calls :func:`deliver` after a person replies to a case or closes it. A socket.io conversation (the
shop's widget) is pushed to at once: the events of :func:`bot.support.handoff.delivery_events` are appended to
its tracker with ``execute_side_effects``, which makes Rasa send the bot messages to the widget's room. A REST
conversation has no connection to push to; its next turn in the hand-off loop gives them instead, so nothing is
sent here. Rasa's API answers only with the shop's ``rasa_token``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from sqlalchemy.orm import Session

from bot.support.handoff import HANDOFF_LOOP, SEEN_SLOT, delivery_events, pending

log = logging.getLogger("outfitter.support")
PUSHED_CHANNELS = frozenset({"socketio"})
TIMEOUT = 5.0


class RelayError(RuntimeError):
    """Rasa could not be reached or refused; the reply is stored in the case all the same."""


@dataclass(frozen=True)
class Delivery:
    channel: str | None  # the conversation's latest input channel, as Rasa recorded it
    pushed: int  # messages sent to the conversation now (0: its next turn gives them)
    handed_back: bool  # the hand-off loop was ended now


class RasaRelay:
    def __init__(self, base_url: str, token: str, *, http: requests.Session | None = None) -> None:
        self.base_url, self._token = base_url.rstrip("/"), token
        # Deliveries run in worker threads at once; requests' Session is not documented as thread-safe.
        self._http = http

    def _url(self, conversation_id: str, tail: str) -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        params = {"token": self._token, **kwargs.pop("params", {})}
        try:
            response = (self._http or requests).request(method, url, params=params, timeout=TIMEOUT, **kwargs)
            if response.status_code >= 400:
                raise RelayError(f"Rasa answered {response.status_code} for {method} {url.split('?')[0]}")
            return response.json()
        except requests.RequestException as exc:  # includes an answer that is not JSON
            raise RelayError(f"Rasa at {self.base_url} is not reachable: {type(exc).__name__}") from None

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        return self._call("GET", self._url(conversation_id, "tracker"), params={"include_events": "NONE"})

    def append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        self._call("POST", self._url(conversation_id, "tracker/events"), json=events,
                   params={"execute_side_effects": "true", "output_channel": "latest"})


def deliver(session: Session, relay: RasaRelay, conversation_id: str) -> Delivery:
    """Push what the team wrote in this conversation, and the hand-back when its hand-off is closed, when the
    conversation is on a channel that can be pushed to."""
    tracker = relay.tracker(conversation_id)
    channel = tracker.get("latest_input_channel")
    if channel not in PUSHED_CHANNELS:
        return Delivery(channel, 0, False)
    seen = int((tracker.get("slots") or {}).get(SEEN_SLOT) or 0)
    in_handoff = ((tracker.get("active_loop") or {}).get("name")) == HANDOFF_LOOP
    news = pending(session, conversation_id, seen)
    if not news.messages and not (news.closed and in_handoff):
        return Delivery(channel, 0, False)
    relay.append(conversation_id, delivery_events(news, in_handoff=in_handoff))
    log.info("delivered %d message(s) of case %s to a %s conversation", len(news.messages), news.case_number,
             channel)
    return Delivery(channel, len(news.messages), news.closed and in_handoff)
