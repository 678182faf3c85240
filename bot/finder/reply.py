"""What a turn of the finder produces: messages to send and slots to set, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    messages: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    stop: bool = False  # the form this reply answers for ends here (its opening message was no request)

    def say(self, text: str | None = None, *, buttons: list[dict[str, str]] | None = None,
            custom: dict[str, Any] | None = None) -> Reply:
        message: dict[str, Any] = {}
        if text:
            message["text"] = text
        if buttons:
            message["buttons"] = buttons
        if custom:
            message["custom"] = custom
        self.messages.append(message)
        return self

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if "text" in m]
