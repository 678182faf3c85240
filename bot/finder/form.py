"""One shopper message read into the finder's answers: what changed, what could not be read, what comes next.

This is the whole of ``validate_finder_form``. A message that is not an answer ("what does breathable
mean?") changes nothing, so Rasa hands it to the rule for its intent and the form resumes afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.finder.budget import Budget, shop_currency
from bot.finder.ladder import misunderstood as ladder
from bot.finder.questions import candidates, plan
from bot.finder.reading import ANY, QUESTIONS, SKIPPED, read_message
from bot.finder.reply import Reply
from bot.finder.state import ANSWER_SLOTS
from recommender.index.loaded import LoadedIndex

ANSWER_INTENTS = ("inform", "find_product", "no_preference", "deny")
FREE_TEXT = ("category", "activity", "features")  # questions a shopper may answer in their own words
PRODUCT_ANSWERS = ("category", "activity", "conditions", "features", "cut", "budget", "colour", "size")
BUDGET_HELP = "I couldn't read a budget from “{text}”. Try “under 150” or “100-200”, or tap one of the buttons."
CHOICE_HELP = "I didn't catch that. Tap one of the buttons, or say “no preference”."


def _shown(question: str, value: Any, currency: str) -> str:
    """An answer as the bot confirms it: "up to 150 €", "for women", "waterproof and breathable"."""
    if value == ANY:
        return f"no preference on {({'fit': 'who it is for', 'cut': 'the fit'}).get(question, question)}"
    if isinstance(value, Budget):
        return value.label(currency)
    if question == "cut":
        return f"{value} fit" if value != "plus size" else "plus size"
    words = " and ".join(value) if isinstance(value, list) else str(value)
    prefix = {"fit": "for ", "conditions": "for ", "colour": "in ", "size": "size "}.get(question, "")
    return prefix + words


def _stored(value: Any) -> Any:
    return value.as_answer() if isinstance(value, Budget) else value


def read_turn(index: LoadedIndex, answers: Mapping[str, Any], *, requested: str | None, intent: str, text: str,
              entities: list[dict[str, Any]], done: bool, misunderstood: int,
              unplaced: bool = False) -> Reply:
    """The slots one message sets in the finder form (none when it is not an answer).

    ``unplaced``: most words of the message are known to nobody (:mod:`bot.finder.unplaced`). Unless the model or the
    catalog read something in it all the same, it is no answer and no request, whatever intent the model gave
    it, and goes down the fallback ladder; as the finder's opening message it ends the form there."""
    reply = Reply()
    if intent not in ANSWER_INTENTS and not (intent == "nlu_fallback" and requested):
        return reply
    opening, payload = requested is None, text.startswith("/")
    current = {name: answers.get(name) for name in ANSWER_SLOTS}
    read = read_message(text, entities, index, index.effective_price[candidates(index, current)])
    if unplaced and intent != "nlu_fallback" and not read:  # an entity the catalog cannot read is no evidence
        reply = ladder(misunderstood + 1, in_finder=not opening)
        reply.stop = opening
        return reply
    # An answer to another question than the one asked ("under 200" at "Who is it for?") is an answer all the
    # same: it is taken and confirmed, and the question asked comes back without calling the message unreadable.
    elsewhere = [name for name, value in read.items() if name in ANSWER_SLOTS and _stored(value) != current.get(name)]
    if intent == "nlu_fallback" and requested not in read and not elsewhere:
        return reply  # neither the model nor the catalog's words make it an answer: the ladder takes it
    if opening and intent == "find_product":
        if done and read.get("category") not in (None, current.get("category")):
            # A new kind of product is a new request: its answers start afresh, who it is for stays.
            current.update(dict.fromkeys(PRODUCT_ANSWERS))
            reply.slots.update({**dict.fromkeys(PRODUCT_ANSWERS), "excluded_brands": [], "seen": []})
            done = False
        if not payload:
            reply.slots["request_text"] = text
    if requested and requested not in read:
        if intent in ("no_preference", "deny"):
            read[requested] = ANY
        elif elsewhere:
            pass
        elif requested in FREE_TEXT and intent == "inform" and not payload and text.strip():
            read[requested] = [text.strip()] if requested == "features" else text.strip()
        else:
            reply.say(BUDGET_HELP.format(text=text) if requested == "budget" else CHOICE_HELP)
            reply.slots["misunderstood"] = misunderstood + 1
    changed = {}
    for name, value in read.items():
        if name not in ANSWER_SLOTS:
            continue
        stored = _stored(value)
        before = current.get(name)
        if stored != before:
            changed[name] = stored
            if before not in (None, SKIPPED) or (name == "budget" and not payload and name == requested):
                reply.say(f"OK, {_shown(name, value, shop_currency(index))}.")
            elif requested and name != requested:
                reply.say(f"Got it: {_shown(name, value, shop_currency(index))}.")
    if not changed and "misunderstood" not in reply.slots and not reply.slots:
        return reply
    current.update(changed)
    planned = plan(index, current, opening=opening, done=done)
    reply.slots.update(changed)
    reply.slots.update({q: planned[q] for q in QUESTIONS if planned.get(q) != current.get(q)})
    if changed:
        reply.slots["misunderstood"] = 0
    return reply
