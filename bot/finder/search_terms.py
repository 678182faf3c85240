"""The words to search for in "just search for red backpacks": the request without the asking."""

from __future__ import annotations

import re

COMMAND = re.compile(
    r"^\s*(?:(?:please|pls|ok|okay|can you|could you|i (?:just )?want to|i'?d like to|let me|i know what i want,?)\s+)*"
    r"(?:(?:just|only)\s+)?(?:skip (?:the|all the|your) questions(?: and)?\s*)?(?:(?:just|only)\s+)?"
    r"(?:search(?: myself| for myself| the shop| the store| the catalog(?:ue)?)?(?: for)?|look (?:up|for)|find|show me)"
    r"\s*:?\s*", re.I)
NOT_TERMS = re.compile(r"^\s*(?:myself|by keyword|keywords?|please|pls|instead|now|it|things|stuff|"
                       r"the questions|everything)?\s*[.!?]*\s*$", re.I)


def search_terms(text: str) -> str | None:
    """What to search for, or None when the message only asks to search."""
    if not text or text.startswith("/"):
        return None
    rest = COMMAND.sub("", text, count=1).strip(" .!?")
    return None if NOT_TERMS.match(rest) else rest
