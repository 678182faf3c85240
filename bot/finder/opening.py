"""The bot's first words in a conversation, from what the shop knows of the shopper.

A shopper who answered the finder before hears those answers back and can pick up where they left off; one
with something in the cart hears about it; one who has been browsing a category is offered help with it;
a stranger gets the plain welcome. Each offer is a button whose payload carries the answers as entities, so
the finder reads a tap exactly as it reads those words typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from bot.finder.budget import shop_currency
from bot.finder.reading import budget_of
from bot.finder.reply import Reply
from bot.services import Services
from bot.suggestions import profile_for
from recommender.catalog.currency import DEFAULT_SIGN
from recommender.index.versions import IndexVersionError
from recommender.shoppers.profile import Profile

WELCOME = ("Hi! I'm Outfitter. Tell me what you're looking for, e.g. \"a waterproof jacket for hiking\", "
           "and I'll help you choose.")
HELP_ME_CHOOSE = {"title": "Help me choose", "payload": "/find_product"}
JUST_SEARCH = {"title": "Just search", "payload": "/just_search"}
TRACK_ORDER = {"title": "Track an order", "payload": "/order_status"}
SOMETHING_ELSE = {"title": "Something else", "payload": "/start_over"}
# The finder's answers as the entities its reader takes from a button's payload.
ENTITY_OF = {"category": "category", "activity": "activity", "conditions": "condition", "features": "feature",
             "fit": "gender", "colour": "color"}


def opening(profile: Profile | None, title_of: Callable[[str], str | None], currency: str = DEFAULT_SIGN) -> Reply:
    """The greeting for ``profile`` (None: a shopper the shop does not know yet); ``title_of`` names a live
    product by its sku (None when the catalog no longer has it)."""
    if profile is not None:
        answers = {question: p.value for question, p in profile.preferences.items()}
        if _worth_resuming(answers):
            return Reply().say(f"Welcome back! Still looking for {_describe(answers, currency)}?",
                               buttons=[{"title": "Yes, show me", "payload": resume_payload(answers)},
                                        SOMETHING_ELSE, TRACK_ORDER])
        carted = next((t for i in profile.abandoned if (t := title_of(i.sku))), None)
        if carted:
            return Reply().say(f"Welcome back! The {carted} is still in your cart. Want help deciding, "
                               "or are you after something else?", buttons=[HELP_ME_CHOOSE, JUST_SEARCH, TRACK_ORDER])
        if profile.recently_viewed and profile.category_affinity:
            category = profile.category_affinity[0][0]
            return Reply().say(f"Hi! I see you've been looking at {category}. Want help choosing?",
                               buttons=[{"title": f"Help me choose {category}",
                                         "payload": "/find_product" + _json({"category": category})},
                                        HELP_ME_CHOOSE, TRACK_ORDER])
    return Reply().say(WELCOME, buttons=[HELP_ME_CHOOSE, JUST_SEARCH, TRACK_ORDER])


def greeting(services: Services, shopper_id: str) -> Reply:
    """:func:`opening` for the shopper, from their cached profile and the live catalog. Blocking."""
    try:
        index = services.live_index.get()
    except IndexVersionError:
        index = None

    def title_of(sku: str) -> str | None:
        return str(index.column("title")[index.row_of_sku(sku)]) if index is not None and index.has_sku(sku) else None

    return opening(profile_for(services, shopper_id), title_of,
                   shop_currency(index) if index is not None else DEFAULT_SIGN)


def _worth_resuming(answers: Mapping[str, Any]) -> bool:
    # A lone budget or fit says too little to be "what you were looking for".
    return any(answers.get(q) for q in ("category", "activity", "features", "conditions"))


def _describe(answers: Mapping[str, Any], currency: str) -> str:
    """"rain jackets for hiking (waterproof, women, up to 200 €)" from the stored answers."""
    what = str(answers.get("category") or "something")
    if activity := answers.get("activity"):
        what += f" for {activity}"
    details = [*_listed(answers.get("conditions")), *_listed(answers.get("features"))]
    if fit := answers.get("fit"):
        details.append(str(fit))
    if cut := answers.get("cut"):
        details.append(f"{cut} fit")
    if colour := answers.get("colour"):
        details.append(f"in {colour}")
    budget = budget_of(answers.get("budget"))
    if budget is not None and not budget.open:
        details.append(budget.label(currency))
    return f"{what} ({', '.join(details)})" if details else what


def resume_payload(answers: Mapping[str, Any]) -> str:
    """``/find_product{...}`` with the answers as entities: the finder fills its questions from them."""
    entities: dict[str, Any] = {}
    for question, entity in ENTITY_OF.items():
        values = _listed(answers.get(question))
        if values:
            entities[entity] = values if len(values) > 1 else values[0]
    budget = budget_of(answers.get("budget"))
    if budget is not None and not budget.open:
        entities["price"] = budget_phrase(budget.min, budget.max)
    return "/find_product" + _json(entities)


def budget_phrase(low: float | None, high: float | None) -> str:
    """A budget in words the finder's budget reader understands."""
    if low is not None and high is not None:
        return f"{low:g}-{high:g}"
    return f"under {high:g}" if high is not None else f"over {low:g}"


def _listed(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _json(entities: Mapping[str, Any]) -> str:
    return json.dumps(entities, separators=(",", ":"), ensure_ascii=False)
