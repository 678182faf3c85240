"""The finder's turns that show products: suggestions for the answers, and every refinement of them.

Each turn takes the running :class:`Services`, the conversation's :class:`FinderState` and the shopper id,
and returns a :class:`Reply`. They block (embedding, FAISS, the database): actions run them in a thread.
"""

from __future__ import annotations

import math
from dataclasses import replace
from statistics import median
from typing import Any

from bot.finder.budget import shop_currency
from bot.finder.compare import compare
from bot.finder.page import carousel, intro, quick_replies, text_lines
from bot.finder.positions import positions
from bot.finder.questions import answered
from bot.finder.reading import QUESTIONS, SKIPPED, read_message
from bot.finder.reply import Reply
from bot.finder.state import ANSWER_SLOTS, FinderState
from bot.services import Services
from bot.suggestions import experiment_group, profile_for, suggest_for
from bot.support.ids import conversation_key
from recommender.feedback.holdout import CONTROL
from recommender.feedback.recording import record_suggestions, segment_of
from recommender.shoppers.preferences import record_answers_for
from recommender.shoppers.profile import Profile

CHEAPER_SHARE = 0.8  # "cheaper" means at most 80% of the median price on screen
NOTHING_SHOWN = "I haven't shown you anything yet. What are you looking for?"
MAX_POSITION = 99  # any position a shopper can name ("#12"), to tell one beyond the screen from none named
NOTHING_FITS = ("Nothing in the shop fits all of that. Try a higher budget or fewer must-haves, "
                "or start over.")
REFINE_PROMPT = "Want me to refine these? Ask for cheaper, another colour, more like one of them, or to compare two."


def show(services: Services, state: FinderState, shopper_id: str | None, *, lead: str | None = None,
         more_like: str | None = None, exclude: frozenset[str] = frozenset(), record: bool = False,
         continuing: bool = False, conversation_id: str | None = None) -> Reply:
    """A page of suggestions for the state's answers; ``lead`` says what changed ("Cheaper ones:").

    Every page shown is recorded as a suggestion list (who saw it, in which segment and experiment group,
    what was where), and its id goes out in the carousel so the widget can report clicks on it."""
    index = services.live_index.get()
    request = state.request(index, shopper_id=shopper_id, exclude=exclude, more_like=more_like)
    profile = profile_for(services, shopper_id)
    group = experiment_group(services, shopper_id)
    result = suggest_for(services, request, profile=profile, group=group)
    reply = Reply()
    heading = state.answers
    if not result.items and request.filters.color:
        # A colour said in chat is a constraint; when nothing has it, the closest in any colour beat nothing.
        relaxed = replace(request, filters=replace(request.filters, color=None),
                          answers={**request.answers, "colour": request.filters.color})
        result = suggest_for(services, relaxed, profile=profile, group=group)
        lead = f"Nothing fits in {request.filters.color}; these are the closest in other colours."
        heading = {**state.answers, "colour": None}  # "picks … in black" would say the opposite of the lead
    if not result.items:
        return reply.say(NOTHING_FITS, buttons=[{"title": "Start over", "payload": "/start_over"}])
    # The intro framed for the shopper's segment is personalization too: the control group hears the plain one.
    framed_for = None if group == CONTROL else profile
    reply.say(" ".join(p for p in (lead, intro(framed_for, result, heading, shop_currency(index))) if p))
    with services.sessions.begin() as session:
        list_id = record_suggestions(session, result.items, external_id=shopper_id, group=group,
                                     conversation_id=conversation_key(conversation_id) if conversation_id else None,
                                     segment=segment_of(profile))
    reply.say(custom={**carousel(result, list_id), "text": text_lines(result)})
    reply.say(REFINE_PROMPT, buttons=quick_replies(len(result.items)))
    seen = [*state.seen, *result.skus] if continuing else list(result.skus)
    reply.slots.update({"shown": result.skus, "seen": list(dict.fromkeys(seen)), "focus": result.skus[0],
                        "finder_done": True, "misunderstood": 0})
    if record and shopper_id:
        _record(services, shopper_id, state, profile)
    return reply


def _record(services: Services, shopper_id: str, state: FinderState, profile: Profile | None) -> None:
    """Store the answers that differ from what the shopper stated before, as their stated preferences."""
    known = profile.preferences if profile else {}
    answers = {q: v for q, v in answered({q: state.answers.get(q) for q in (*QUESTIONS, "colour")}).items()
               if q not in known or known[q].value != v}
    if answers:
        with services.sessions.begin() as session:
            record_answers_for(session, shopper_id, answers)


def cheaper(services: Services, state: FinderState, shopper_id: str | None, *,
            conversation_id: str | None = None) -> Reply:
    if not state.shown:
        return Reply().say(NOTHING_SHOWN)
    index = services.live_index.get()
    prices = [float(index.effective_price[index.row_of_sku(s)]) for s in state.shown if index.has_sku(s)]
    limit = float(math.floor(median(prices) * CHEAPER_SHARE))
    state.answers["budget"] = {"min": None, "max": limit}
    reply = show(services, state, shopper_id, lead=f"Cheaper ones, up to {limit:.0f} {shop_currency(index)}.",
                 conversation_id=conversation_id)
    reply.slots["budget"] = state.answers["budget"]
    return reply


def show_more(services: Services, state: FinderState, shopper_id: str | None, *,
              conversation_id: str | None = None) -> Reply:
    if not state.shown:
        return Reply().say(NOTHING_SHOWN)
    reply = show(services, state, shopper_id, lead="More options.", exclude=frozenset(state.seen), continuing=True,
                 conversation_id=conversation_id)
    if not reply.slots:
        return Reply().say("That's everything that fits. Change an answer or start over to see other things.",
                           buttons=[{"title": "Start over", "payload": "/start_over"}])
    return reply


def _pointed(state: FinderState, text: str, entities: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, state.shown[n - 1]) for n in positions(text, entities, len(state.shown))]


def on_screen(count: int) -> str:
    return "There's only one product on screen." if count == 1 else f"There are only {count} products on screen."


def more_like(services: Services, state: FinderState, shopper_id: str | None, text: str,
              entities: list[dict[str, Any]], *, conversation_id: str | None = None) -> Reply:
    if not state.shown:
        return Reply().say(NOTHING_SHOWN)
    pointed = _pointed(state, text, entities)
    if not pointed and positions(text, entities, MAX_POSITION):  # "the second one" with one on screen
        return Reply().say(on_screen(len(state.shown)))
    _, anchor = pointed[0] if pointed else (1, state.focus or state.shown[0])
    index = services.live_index.get()
    title = index.column("title")[index.row_of_sku(anchor)] if index.has_sku(anchor) else "that one"
    # Products already on screen are no news: "more like the second one" shows others.
    reply = show(services, state, shopper_id, lead=f"More like the {title}.", more_like=anchor,
                 exclude=frozenset({anchor, *state.shown}), continuing=True, conversation_id=conversation_id)
    if reply.slots:
        reply.slots["focus"] = anchor
    return reply


def exclude_brand(services: Services, state: FinderState, shopper_id: str | None, text: str,
                  entities: list[dict[str, Any]], *, conversation_id: str | None = None) -> Reply:
    if not state.shown:
        return Reply().say(NOTHING_SHOWN)
    index = services.live_index.get()
    brand = read_message(text, entities, index, index.effective_price[:0]).get("brand")
    if brand is None:
        pointed = _pointed(state, text, entities)
        sku = pointed[0][1] if pointed else state.focus or state.shown[0]
        brand = index.column("brand")[index.row_of_sku(sku)] if index.has_sku(sku) else None
    if not brand:
        return Reply().say("Which brand should I leave out?")
    state.excluded_brands = list(dict.fromkeys([*state.excluded_brands, str(brand).lower()]))
    reply = show(services, state, shopper_id, lead=f"Nothing from {str(brand).title()}.",
                 conversation_id=conversation_id)
    reply.slots["excluded_brands"] = state.excluded_brands
    return reply


def compare_shown(services: Services, state: FinderState, text: str, entities: list[dict[str, Any]]) -> Reply:
    if len(state.shown) < 2:
        return Reply().say(NOTHING_SHOWN if not state.shown else on_screen(1))
    pointed = _pointed(state, text, entities)
    if len(pointed) < 2:
        pointed = [(1, state.shown[0]), (2, state.shown[1])] if not pointed else [
            pointed[0], next((n, s) for n, s in enumerate(state.shown, 1) if s != pointed[0][1])]
    reply = Reply().say(compare(services.live_index.get(), pointed[0], pointed[1]))
    reply.slots["focus"] = pointed[1][1]
    return reply


def start_over() -> Reply:
    reply = Reply().say("Let's start again.")
    reply.slots.update({**dict.fromkeys(ANSWER_SLOTS), "request_text": None, "excluded_brands": [], "shown": [],
                        "seen": [], "focus": None, "finder_done": False, "misunderstood": 0, "requested_slot": None})
    return reply


def search(services: Services, terms: str, shopper_id: str | None, *, conversation_id: str | None = None) -> Reply:
    """Keyword search: the words as typed, no questions asked; refinements work on the results as usual."""
    state = FinderState(request_text=terms)
    reply = show(services, state, shopper_id, lead=f"Results for “{terms}”.", conversation_id=conversation_id)
    if reply.slots:
        reply.slots.update({**dict.fromkeys(QUESTIONS, SKIPPED), "colour": None, "size": None,
                            "request_text": terms, "excluded_brands": [], "search_terms": None})
    else:
        reply.slots["search_terms"] = None
    return reply

