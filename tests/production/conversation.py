"""A shopper's conversation through production mode's REST channel, as the fault tests hold it: the finder to
a carousel, and what each answer shows."""

from __future__ import annotations

import uuid
from typing import Any

from bot.finder.questions import PROMPTS
from tests.production.conftest import Cluster, texts


def new_sender(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:10]}"


def carousel(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return next((m["custom"]["products"] for m in messages if (m.get("custom") or {}).get("type") == "carousel"), [])


def answered(cluster: Cluster, sender: str, message: str) -> list[dict[str, Any]]:
    """The bot's messages for one turn, which must be a 200 with at least one message."""
    response = cluster.say(sender, message)
    assert response.status_code == 200, f"{message!r}: {response.status_code} {response.text[:300]}"
    messages = response.json()
    assert messages, f"{message!r}: the bot said nothing"
    return messages


def to_suggestions(cluster: Cluster, sender: str, first: str = "I need a rain jacket for women under 200",
                   *, turns: int = 8) -> list[dict[str, Any]]:
    """Starts the finder with ``first`` and answers "no preference" until the carousel comes."""
    messages = answered(cluster, sender, first)
    for _ in range(turns):
        if products := carousel(messages):
            return products
        messages = answered(cluster, sender, "no preference")
    raise AssertionError(f"no carousel after {turns} answers: {texts(messages)}")


def asked(messages: list[dict[str, Any]]) -> str | None:
    """Which finder question the bot asked, if any."""
    said = texts(messages)
    return next((slot for slot, prompt in PROMPTS.items() if prompt in said), None)
