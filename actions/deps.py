"""The action server's one :class:`Services`, and the two ends every action shares.

rasa-sdk instantiates actions itself, without arguments, so :func:`services` is the single place where the
action server's state is created. Actions take a ``Services`` in their constructor (tests pass their own)
and fall back to this one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.finder.reply import Reply
from bot.finder.unplaced import known_words, shop_words, unplaceable
from bot.identity import METADATA_KEY, conversation_shopper
from bot.metrics import Metrics, process_metrics
from bot.services import Services
from recommender.encoder import resolve_model_path
from recommender.index.loaded import LoadedIndex

SOCKETIO = "socketio"  # the channel rasa-webchat speaks
NO_CATALOG = "The catalog isn't available right now, sorry. Please try again in a moment."


@cache
def services() -> Services:
    return Services()


class UsesServices:
    def __init__(self, deps: Services | None = None, metrics: Metrics | None = None) -> None:
        self._deps = deps
        self._metrics = metrics

    @property
    def deps(self) -> Services:
        return self._deps or services()

    @property
    def metrics(self) -> Metrics:
        """The action server's metrics (its /metrics serves them), unless a test gave its own."""
        return self._metrics or process_metrics()


def unplaced(deps: Services, index: LoadedIndex, text: str) -> bool:
    """Whether no word of ``text`` is English (the encoder's vocabulary) or the live catalog's."""
    try:
        vocab: Path | None = resolve_model_path(deps.settings.embedding_model) / "vocab.txt"
    except ValueError:
        vocab = None
    return unplaceable(text, known_words(index, vocab), shop_words(index))


def send(dispatcher: CollectingDispatcher, reply: Reply, tracker: Tracker) -> list[dict[str, Any]]:
    """Utter the reply's messages in the form the conversation's channel delivers; its slot changes as events."""
    channel = tracker.get_latest_input_channel()
    for message in reply.messages:
        dispatcher.utter_message(text=message.get("text"), buttons=message.get("buttons"),
                                 json_message=channel_payload(message.get("custom"), channel))
    return [SlotSet(name, value) for name, value in reply.slots.items()]


def channel_payload(custom: dict[str, Any] | None, channel: str | None) -> dict[str, Any] | None:
    """A custom payload as ``channel`` passes it on.

    Rasa 3.6's socket.io channel sends a custom payload as ``sio.emit(bot_message_evt, **payload)``: its keys
    become the arguments of ``emit``, so the message itself must sit under ``data`` (any other key is an
    argument ``emit`` does not take, and the message is lost). The REST channel returns the payload as it is.
    """
    if custom is None or channel != SOCKETIO:
        return custom
    return {"data": custom}


def session_token(tracker: Tracker) -> str | None:
    """The widget's signed session from the latest message that had one."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata") or (event.get("parse_data") or {}).get("metadata") or {}
            if metadata.get(METADATA_KEY):
                return str(metadata[METADATA_KEY])
    return None


def signed_in_customer(deps: Services, tracker: Tracker) -> str | None:
    """The customer the widget's verified session names: the only customer id the support desk trusts."""
    session = deps.signer.verify(session_token(tracker))
    return session.customer_id if session else None


def shopper_of(deps: Services, tracker: Tracker) -> str:
    """The shopper the widget's signed session names (the latest message that had one), else the
    conversation, so an unnamed shopper's answers are kept all the same. Blocking: call it off the loop."""
    token = session_token(tracker)
    with deps.sessions() as session:
        return conversation_shopper(session, deps.signer, token, tracker.sender_id)


def intent_of(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def entities_of(tracker: Tracker) -> list[dict[str, Any]]:
    return list((tracker.latest_message or {}).get("entities") or [])
