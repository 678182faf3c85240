"""A page of suggestions as the chat shows it: a short intro framed for the shopper, the carousel payload
the widget draws, and the quick replies that refine it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.finder.budget import Budget
from bot.finder.questions import answered
from bot.finder.reading import budget_of
from recommender.catalog.currency import DEFAULT_SIGN
from recommender.ranking import Suggestion, Suggestions
from recommender.shoppers.profile import Profile

DEAL_MINDED = ("deal-seeker", "coupon-responder")
RETURNING = ("repeat", "loyal-high-value")
AWAY = ("lapsing", "churned")
QUICK_REPLIES = [
    {"title": "Cheaper", "payload": "/cheaper"},
    {"title": "Show more", "payload": "/show_more"},
    {"title": "Compare 1 and 2", "payload": "/compare"},
    {"title": "Start over", "payload": "/start_over"},
]


def quick_replies(shown: int) -> list[dict[str, str]]:
    """The refinements a page of ``shown`` products offers: one product has nothing to compare with."""
    return [reply for reply in QUICK_REPLIES if shown > 1 or reply["payload"] != "/compare"]


def summary(answers: Mapping[str, Any], currency: str = DEFAULT_SIGN) -> str:
    """What the suggestions are for, in a line: "hiking · rain · waterproof · women · up to 200 €"."""
    parts: list[str] = []
    for question, value in answered(answers).items():
        if value is None:
            continue
        if question == "budget":
            budget = budget_of(value) or Budget()
            parts.append("" if budget.open else budget.label(currency))
        elif question == "conditions":
            parts.append(" and ".join(value) if isinstance(value, list) else str(value))
        elif question == "colour":
            parts.append(f"in {value}")
        elif question == "cut":
            parts.append(f"{value} fit" if value != "plus size" else "plus size")
        elif question == "size":
            parts.append(f"size {value.upper()}")
        else:
            parts.append(", ".join(value) if isinstance(value, list) else str(value))
    return " · ".join(p for p in parts if p)


def intro(profile: Profile | None, suggestions: Suggestions, answers: Mapping[str, Any],
          currency: str = DEFAULT_SIGN) -> str:
    """One or two sentences before the products, framed for who the shopper is."""
    about = summary(answers, currency)
    count = len(suggestions.items)
    here = "Here is" if count == 1 else "Here are"
    picks = f"{count} pick{'s' if count != 1 else ''}" + (f" for {about}" if about else "")
    codes = [{r.code for r in item.reasons} for item in suggestions.items]
    if profile is None:
        return f"{here} {picks}."
    if any("in_cart" in c for c in codes):
        carted = next(i for i, c in zip(suggestions.items, codes, strict=True) if "in_cart" in c)
        return f"The {carted.title} from your cart still fits what you asked for. {here} {picks}."
    if profile.price_sensitivity in DEAL_MINDED:
        on_sale = sum(1 for item in suggestions.items if item.sale_price is not None)
        deals = f"{on_sale} of them on sale" if on_sale else "good value for the money"
        return f"Best value first: {picks}, {deals}."
    if profile.price_sensitivity == "premium":
        new = sum(1 for c in codes if "new" in c)
        return (f"{here} {picks}, with {new} new arrival{'s' if new > 1 else ''} you haven't seen yet."
                if new else f"{here} {picks}, the best of the range.")
    if profile.lifecycle in RETURNING:
        goes_with = " Some go with what you already have." if any("complement" in c for c in codes) else ""
        return f"Welcome back! {here} {picks}.{goes_with}"
    if profile.lifecycle in AWAY:
        return f"Good to see you again! {here} {picks}."
    return f"{here} {picks}."


def card(item: Suggestion, position: int) -> dict[str, Any]:
    return {
        "position": position, "sku": item.sku, "title": item.title, "brand": item.brand, "category": item.category,
        "image_url": item.image_url, "url": item.url, "price": item.price, "sale_price": item.sale_price,
        "currency": item.currency, "match": item.match, "reasons": [r.text for r in item.reasons],
        "buttons": [{"title": "More like this",
                     "payload": "/more_like" + json.dumps({"position": str(position)}, separators=(",", ":"))}],
    }


def carousel(suggestions: Suggestions, suggestion_id: str | None = None) -> dict[str, Any]:
    """The custom payload the widget draws as a carousel, numbered as the shopper refers to them.

    ``suggestion_id`` is the shown list's id: the widget sends it back as ``list_id``, with the card's
    ``position``, in the ``Product Clicked`` call of a click on a card."""
    return {"type": "carousel", "suggestion_id": suggestion_id,
            "products": [card(item, n) for n, item in enumerate(suggestions.items, 1)]}


def text_lines(suggestions: Suggestions) -> str:
    """The same products as text, for channels that draw no carousel."""
    lines = []
    for n, item in enumerate(suggestions.items, 1):
        price = f"{item.price:.2f}"
        if item.sale_price is not None:
            price = f"{item.sale_price:.2f} (was {price})"
        why = f" ({item.reasons[0].text})" if item.reasons else ""
        lines.append(f"{n}. {item.title} – {price} {item.currency or ''}".rstrip() + f", {item.match} match{why}")
    return "\n".join(lines)
