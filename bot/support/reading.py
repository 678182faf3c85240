"""Reading a shopper's answers to the desk's questions: order numbers, emails, which items, their condition,
refund or exchange, yes or no, a photo link.

Each reader takes the message's text and the entities the NLU model found, and trusts the text over the model
where the text is unambiguous: an email or a ``OF-100234`` is read by pattern whatever the intent was, so a
form answer that the model classified oddly is still understood.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.support.ids import MAX_ORDER_NUMBER, normalize_order_number

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Shop-style numbers ("OF-100234", "A-2231-XK") and long digit runs (invoices). A short digit run counts only
# right after a word that says it is an order number: "order 5812", never "the 2nd" or "under 150".
_SHAPED = re.compile(r"(?<![\w@.-])#?([A-Za-z]{1,4}-\d[\w-]{0,30}|[A-Za-z]{1,4}\d[\w-]{2,30}|\d{5,20})(?![\w@-])")
_NAMED = re.compile(r"\b(?:order|purchase|invoice|ref(?:erence)?)\s*(?:number|no\.?|nr|id|#)?\s*[:#.]?\s*"
                    r"#?([A-Za-z]{0,4}-?\d[\w-]{0,30})(?![\w@-])", re.IGNORECASE)
# A number after these is a price ("under 15000", "₹ 25000"), never an order.
_MONEY_BEFORE = re.compile(r"(?:under|below|over|above|less than|more than|around|about|max|budget|rs\.?|inr|usd|"
                           r"eur|[$€£₹])\s*$", re.IGNORECASE)
_ANSWER = re.compile(r"(?<![\w@.-])#?([A-Za-z]{0,4}-?\d[\w-]{0,38})(?![\w@-])")
URL = re.compile(r"https?://[^\s<>\"']{3,1000}", re.IGNORECASE)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "sixth": 6, "6th": 6}
_ALL = re.compile(r"\b(all|both|everything|every item|the whole order|all of (?:it|them))\b", re.IGNORECASE)
_NUMBERED = re.compile(r"\b(?:item|line|number|no\.?|#)\s*(\d{1,2})\b|^\s*(\d{1,2})\s*$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which item: "the one i want to return" names no product.
_STOP = frozenset({"the", "a", "an", "my", "of", "and", "for", "with", "in", "to", "it", "its", "one", "this",
                   "that", "i", "want", "return", "send", "back"})
YES = re.compile(r"^\s*(y|yes|yeah|yep|yup|sure|ok|okay|please do|do it|go ahead|confirm|correct|right)\b",
                 re.IGNORECASE)
NO = re.compile(r"^\s*(n|no|nope|nah|don'?t|do not|stop|keep it|never ?mind|cancel that)\b", re.IGNORECASE)
SKIP = re.compile(r"\b(skip|no photo|none|no picture|don'?t have one|no|nope|later)\b", re.IGNORECASE)

# How shoppers describe an item's state, for the policy's condition keys (policy.yml's ``conditions``).
CONDITION_WORDS: dict[str, tuple[str, ...]] = {
    "damaged": ("damaged", "broken", "torn", "ripped", "accident", "dropped", "burnt", "burned"),
    "used": ("used", "used it", "outdoors", "on a trip", "hiked", "camped", "dirty"),
    "worn": ("worn", "wore", "tried on", "tried it", "tags off", "tags removed", "washed", "once"),
    "new": ("new", "unworn", "unused", "never worn", "never used", "tags on", "with tags", "original packaging",
            "not worn", "unopened", "still in the box", "mint"),
}
RESOLUTION_WORDS: dict[str, tuple[str, ...]] = {
    "exchange": ("exchange", "swap", "replace", "replacement", "different size", "other size", "another size",
                 "bigger", "smaller", "instead"),
    "refund": ("refund", "money back", "my money", "reimburse", "credit", "pay me back"),
}
# Reasons the policy names (``any_condition_reasons``), as shoppers say them.
REASON_WORDS: dict[str, tuple[str, ...]] = {
    "faulty": ("faulty", "defective", "broke", "broken", "doesn't work", "does not work", "stopped working",
               "fell apart", "leaks", "leaking", "zip", "zipper", "seam", "came apart", "defect"),
    "wrong item": ("wrong item", "wrong size sent", "not what i ordered", "wrong colour sent", "wrong color sent",
                   "sent the wrong", "different item", "not the one i ordered"),
    "damaged in transit": ("arrived damaged", "damaged in transit", "damaged in the post", "broken on arrival",
                           "arrived broken", "crushed"),
}


def entity_values(entities: Sequence[Mapping[str, Any]], name: str) -> list[str]:
    return [str(e["value"]) for e in entities if e.get("entity") == name and e.get("value") is not None]


def order_numbers(text: str, entities: Sequence[Mapping[str, Any]] = (), *, asked: bool = False) -> list[str]:
    """Every order number in the message, normalized, in the order given: the model's ``order_id`` entities,
    then numbers the patterns find (emails are taken out first, so ``jo.2231@x.org`` is not read as one).

    ``asked``: the bot has just asked for the number, so a short one given alone ("of-3", "it's 77") counts.
    """
    # The model sometimes tags a quantity ("return 3 jackets from order 5512093") as an order id: a number of
    # one or two digits counts only when it was asked for.
    found = [normalize_order_number(v) for v in entity_values(entities, "order_id")
             if asked or sum(c.isdigit() for c in v) >= 3]
    plain = EMAIL.sub(" ", URL.sub(" ", text))
    if asked:
        found += [normalize_order_number(m.group(1)) for m in _ANSWER.finditer(plain)]
    found += [normalize_order_number(m.group(1)) for m in _SHAPED.finditer(plain)
              if not _MONEY_BEFORE.search(plain[:m.start()])]
    found += [normalize_order_number(m.group(1)) for m in _NAMED.finditer(plain)]
    seen: dict[str, None] = {}
    for number in found:
        if number and len(number) <= MAX_ORDER_NUMBER and any(c.isdigit() for c in number):
            seen.setdefault(number)
    return list(seen)


def email(text: str, entities: Sequence[Mapping[str, Any]] = ()) -> str | None:
    for value in [*entity_values(entities, "email"), text]:
        if match := EMAIL.search(value):
            return match.group(0).strip(".").casefold()
    return None


def photo_url(text: str) -> str | None:
    match = URL.search(text)
    return match.group(0).rstrip(".,;)") if match else None


def _words(text: str) -> set[str]:
    # Plural and singular alike: "the boots" names the "Hiking Boot".
    return {word.removesuffix("es") if word.endswith("shes") else word.removesuffix("s")
            for word in _WORD.findall(text.casefold())} - _STOP


def pick_items(text: str, titles: Sequence[str]) -> list[int] | None:
    """Which of the listed items (by index into ``titles``) the shopper means: "all", "both", "item 2",
    "the second", "2", or words of a title ("the boots", "the towel"). None when nothing matches."""
    if not titles:
        return None
    lowered = text.casefold()
    if _ALL.search(lowered):
        return list(range(len(titles)))
    numbers = [int(a or b) for a, b in _NUMBERED.findall(lowered)]
    numbers += [n for word, n in _ORDINALS.items() if re.search(rf"\b{word}\b", lowered)]
    if "last" in lowered.split():
        numbers.append(len(titles))
    picked = sorted({n - 1 for n in numbers if 1 <= n <= len(titles)})
    if picked:
        return picked
    said = _words(text)
    scores = [len(said & _words(title)) for title in titles]
    best = max(scores)
    return [i for i, score in enumerate(scores) if score == best] if best else None


def _first_of(text: str, table: Mapping[str, Sequence[str]]) -> str | None:
    lowered = f" {' '.join(text.casefold().split())} "
    for key, words in table.items():
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) for word in words):
            return key
    return None


def condition(text: str, known: Sequence[str]) -> str | None:
    """The policy's condition key the shopper's words describe ("never worn, tags on" → ``new``), or a key typed
    as it is; None when unclear. Negations win: "not worn" is new, so ``new`` is checked before ``worn``."""
    lowered = text.strip().casefold()
    if lowered in known:
        return lowered
    if re.search(r"\b(never|not|un)\s*(worn|used|washed)\b", lowered):
        return "new" if "new" in known else None
    key = _first_of(text, CONDITION_WORDS)
    return key if key in known else None


def resolution(text: str, offered: Sequence[str]) -> str | None:
    key = _first_of(text, RESOLUTION_WORDS)
    return key if key in offered else None


def reason_key(text: str) -> str | None:
    """The policy's reason key the shopper's words amount to (faulty, wrong item, damaged in transit), if any."""
    return _first_of(text, REASON_WORDS)


def yes_or_no(text: str, intent: str) -> bool | None:
    if intent == "affirm" or YES.search(text):
        return True
    if intent == "deny" or NO.search(text):
        return False
    return None
