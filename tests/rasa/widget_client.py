"""A socket.io client that speaks rasa-webchat's protocol to Rasa: session_request, user_uttered (with the page's
customData), bot_uttered."""

from __future__ import annotations

import queue
import threading
import uuid
from typing import Any

import socketio

WAIT = 30.0


class Widget:
    """A socket.io client that speaks the widget's protocol: session_request, user_uttered, bot_uttered."""

    def __init__(self, url: str, custom_data: dict[str, Any] | None = None) -> None:
        self.session_id = uuid.uuid4().hex
        self.custom_data = custom_data or {}
        self.heard: queue.Queue[dict] = queue.Queue()
        self.client = socketio.Client()
        confirmed = threading.Event()
        self.client.on("bot_uttered", self.heard.put)
        self.client.on("session_confirm", lambda *_: confirmed.set())
        self.client.connect(url, transports=["polling"], wait_timeout=WAIT)
        self.client.emit("session_request", {"session_id": self.session_id})
        # Rasa puts the connection in the conversation's room on this request: messages before it go nowhere.
        assert confirmed.wait(WAIT), "Rasa did not confirm the socket.io session"

    def say(self, text: str) -> None:
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id,
                                          "customData": self.custom_data})

    def hear_payload(self, kind: str) -> dict[str, Any]:
        """The first custom message of ``kind`` ("carousel"), waiting for it."""
        while True:
            message = self.heard.get(timeout=WAIT)
            if message.get("type") == kind:
                return message

    def hear(self, words: str) -> str:
        """The first bot message containing ``words``, waiting for it."""
        while True:
            message = self.heard.get(timeout=WAIT)
            if words in (message.get("text") or ""):
                return message["text"]
