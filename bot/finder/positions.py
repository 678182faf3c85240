"""Which products on screen a shopper points at: "the second one", "#3", "1 and 2", "the last"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# "one" is left out: "the second one" names one product, not two.
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
            "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5, "last": -1, "final": -1}
POSITION = re.compile(r"(?:#|\bno\.?\s*|\bnumber\s*|\boption\s*)?\b(\d{1,2})\b|\b(" + "|".join(ORDINALS) + r")\b",
                      re.I)


def positions(text: str, entities: Iterable[Mapping[str, Any]], shown: int) -> list[int]:
    """1-based positions named, in the order named, within the ``shown`` products; entities first."""
    named: list[int] = []
    words = [str(e.get("value")) for e in entities if e.get("entity") == "position"]
    for source in [*words, "" if text.startswith("/") else text]:
        for digits, word in POSITION.findall(source):
            value = int(digits) if digits else ORDINALS[word.lower()]
            value = shown if value == -1 else value
            if 1 <= value <= shown and value not in named:
                named.append(value)
    return named
