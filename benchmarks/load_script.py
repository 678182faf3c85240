"""What the load test's shoppers say, and how each turn is classified and judged.

The phrasings are written here for the load test (none comes from an evaluation set). A conversation follows the
bot: it answers the finder's questions with a button's payload or in its own words until a carousel comes back,
so the same script works on any catalog. The turn that brings the carousel is the *suggestion* turn.

Turn types: ``small talk`` (greeting, thanks, goodbye), ``finder answer`` (the opening request or an answer to a
finder question), ``suggestion`` (a finder answer whose reply carries the carousel), ``refinement`` (cheaper,
more like one on screen, a colour, show more) and ``support`` (return policy, order status).

A turn is an error when the HTTP call fails (non-200, timeout, no connection, a body that is not a JSON list),
when the bot answers nothing, when any of its messages is the fallback ladder's, the out-of-scope refusal or the
"catalog isn't available" apology (every turn here expects a real answer), or when a support answer lacks what it
must say (the order number of an order-status answer).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.finder.ladder import GUIDED, IN_FINDER, OUT_OF_SCOPE, REPHRASE

SMALL_TALK = "small talk"
FINDER = "finder answer"
SUGGESTION = "suggestion"
REFINEMENT = "refinement"
SUPPORT = "support"
TURN_TYPES = (SMALL_TALK, FINDER, SUGGESTION, REFINEMENT, SUPPORT)

# actions/deps.py NO_CATALOG; not imported, because actions.deps loads the recommender (FAISS, torch) into the client
NO_CATALOG = "The catalog isn't available right now"
FAILURE_TEXTS = {REPHRASE: "fallback: asked to rephrase", IN_FINDER: "fallback: guided buttons in the finder",
                 GUIDED: "fallback: guided buttons", OUT_OF_SCOPE: "answered as out of scope",
                 NO_CATALOG: "catalog not available"}

GREETINGS = ("hi", "hello!", "hey there", "good morning", "hello")
THANKS = ("thanks!", "thank you", "cheers, thanks")
GOODBYES = ("bye", "goodbye!", "bye for now")
# Openings that say enough (three answers or more) for the finder to suggest at once.
DIRECT_REQUESTS = (
    "waterproof hiking jacket for women under 200",
    "I need a warm insulated jacket for skiing, men's, under 300",
    "lightweight backpack for hiking and travel under 150",
    "a tent for camping under 300",
    "breathable trail running shoes for women under 160",
    "men's waterproof hiking boots with ankle support",
    "a warm sleeping bag for camping under 250",
    "women's fleece for hiking, something warm under 100",
)
# Openings that start the guided questions.
VAGUE_OPENINGS = ("/find_product", "I need a jacket", "looking for a backpack", "I want new hiking boots",
                  "can you help me find a fleece", "I'm after some trousers")
REFINEMENTS = (
    ("cheaper",), ("anything cheaper?",), ("more like the second one",), ('/more_like{"position":"2"}',),
    ("in black please",), ("in blue please",), ("show me more",), ("/show_more",),
)
RETURN_POLICY = ("what's your return policy?", "how many days do I have to return something?",
                 "can I return things I bought?")
# An order of the demo shop (data/support/demo_orders.jsonl), proven by its email: the answer names it.
DEMO_ORDER, DEMO_EMAIL = "OF-100106", "robin@example.com"
ORDER_OPENINGS = ("where is my order", "has my order shipped yet?", "I'd like to know where my parcel is")
FREE_TEXT = {  # a finder button's value said in the shopper's own words
    "category": ("I'm looking for {}", "{} please"),
    "activity": ("mostly {}", "I'll use it for {}"),
    "condition": ("{}", "{} mostly"),
    "feature": ("{} matters most", "it should be {}"),
    "gender": ("it's for {}", "for {}"),
    "price": ("{}", "my budget is {}"),
}
NO_PREFERENCE = "/no_preference"


@dataclass(frozen=True)
class Say:
    """One message of a conversation, its intended turn type, and what its answer must contain (if anything)."""

    text: str
    kind: str
    expect: str | None = None


def buttons(messages: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for m in messages for b in m.get("buttons") or [] if isinstance(b, dict) and "payload" in b]


def carousel(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "carousel":
            return list(custom.get("products") or [])
    return []


def _inform(payload: str) -> tuple[str, str] | None:
    """``/inform{"activity":"hiking"}`` -> ("activity", "hiking")."""
    if not payload.startswith("/inform{"):
        return None
    try:
        values = json.loads(payload.removeprefix("/inform"))
    except json.JSONDecodeError:
        return None
    if not isinstance(values, dict) or len(values) != 1:
        return None
    [(entity, value)] = values.items()
    return str(entity), str(value)


def finder_answer(messages: Sequence[dict[str, Any]], rng: random.Random) -> str:
    """The shopper's answer to the finder's question in ``messages``: mostly a button (its payload, or its value in
    words), sometimes no preference; "no preference" when the reply offers no answer to pick."""
    # A question's buttons inform a slot, or (the cut's) send their words; other buttons are ways out of the finder.
    offered = [b for b in buttons(messages) if _inform(b["payload"]) or not b["payload"].startswith("/")]
    if not offered or rng.random() < 0.1:
        return NO_PREFERENCE if any(b["payload"] == NO_PREFERENCE for b in buttons(messages)) else "no preference"
    button = rng.choice(offered)
    informed = _inform(button["payload"])
    if informed is None or rng.random() < 0.5:
        return button["payload"]  # a tap (the cut's buttons send their title as typed words)
    entity, value = informed
    template = rng.choice(FREE_TEXT.get(entity, ("{}",)))
    return template.format(value)


def opening(rng: random.Random) -> Say:
    """The finder's first message: a full request (suggestions at once) or a vague one (questions first)."""
    return Say(rng.choice(DIRECT_REQUESTS if rng.random() < 0.4 else VAGUE_OPENINGS), FINDER)


def refinements(rng: random.Random) -> list[Say]:
    picked = rng.sample(REFINEMENTS, k=rng.randint(1, 3))
    return [Say(text, REFINEMENT) for (text,) in picked]


def support_question(rng: random.Random) -> list[Say]:
    """A return-policy question (one turn) or an order-status check (asked, number, email: three turns)."""
    if rng.random() < 0.5:
        return [Say(rng.choice(RETURN_POLICY), SUPPORT)]
    return [Say(rng.choice(ORDER_OPENINGS), SUPPORT), Say(DEMO_ORDER, SUPPORT),
            Say(DEMO_EMAIL, SUPPORT, expect=DEMO_ORDER)]


def closing(rng: random.Random) -> list[Say]:
    said = [Say(rng.choice(THANKS), SMALL_TALK)] if rng.random() < 0.5 else []
    return [*said, Say(rng.choice(GOODBYES), SMALL_TALK)]


def classify(kind: str, messages: Sequence[dict[str, Any]]) -> str:
    """The turn's type: the intended one, except that a finder answer answered with a carousel is a suggestion."""
    return SUGGESTION if kind == FINDER and carousel(messages) else kind


def judge(status: int | None, body: Any, expect: str | None = None) -> str | None:
    """Why the turn failed, or None. ``status`` None: no HTTP answer (the caller names timeouts itself)."""
    if status is None:
        return "no answer"
    if status != 200:
        return f"HTTP {status}"
    if not isinstance(body, list) or not all(isinstance(m, dict) for m in body):
        return "not a list of messages"
    if not body:
        return "empty answer"
    for message in body:
        text = str(message.get("text") or "")
        for failure, reason in FAILURE_TEXTS.items():
            if text.startswith(failure):
                return reason
    if expect is not None and not any(expect in str(m.get("text") or "") for m in body):
        return f"answer without {expect!r}"
    return None
