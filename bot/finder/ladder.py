"""What the bot says when it does not understand: ask again once, then offer the guided way."""

from __future__ import annotations

from bot.finder.reply import Reply

REPHRASE = "Sorry, I didn't get that. Could you say it another way?"
IN_FINDER = "Let's keep it simple: tap one of the buttons below, or say “just search” to search by keyword."
GUIDED = "I'm still not sure what you mean. Here's what I can do:"
GUIDED_BUTTONS = [
    {"title": "Help me choose", "payload": "/find_product"},
    {"title": "Search by keyword", "payload": "/just_search"},
    {"title": "Talk to a person", "payload": "/human_handoff"},
]
STRIKES = 2  # misunderstood answers in a row before the guided buttons


def misunderstood(count: int, *, in_finder: bool) -> Reply:
    """The reply to the ``count``-th misunderstood message in a row."""
    reply = Reply()
    if count < STRIKES:
        reply.say(REPHRASE)
    elif in_finder:
        reply.say(IN_FINDER)  # the form asks its question again, with its buttons, right after
    else:
        reply.say(GUIDED, buttons=GUIDED_BUTTONS)
    reply.slots["misunderstood"] = count
    return reply
