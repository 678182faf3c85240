"""What the bot says when it does not understand: ask again once, then offer the guided way."""

from __future__ import annotations

from bot.finder.reply import Reply

REPHRASE = "Sorry, I didn't get that. Could you say it another way?"
IN_FINDER = "Let's keep it simple: tap one of the answers below, search by keyword, or talk to a person."
GUIDED = "I'm still not sure what you mean. Here's what I can do:"
GUIDED_BUTTONS = [
    {"title": "Help me choose", "payload": "/find_product"},
    {"title": "Search by keyword", "payload": "/just_search"},
    {"title": "Talk to a person", "payload": "/human_handoff"},
]
# Inside the finder the question comes back with its own buttons: these are the ways out of it.
IN_FINDER_BUTTONS = GUIDED_BUTTONS[1:]
OUT_OF_SCOPE = "That's outside what I can help with. I can find gear for you, or search the shop for you."
OUT_OF_SCOPE_BUTTONS = GUIDED_BUTTONS[:2]
STRIKES = 2  # misunderstood answers in a row before the guided buttons


def out_of_scope(count: int, *, unplaced: bool, in_finder: bool) -> Reply:
    """The reply to a message the model calls out of scope: turned down when it is a real question, and
    the ``count``-th misunderstood message when none of its words is known."""
    if unplaced:
        return misunderstood(count, in_finder=in_finder)
    reply = Reply().say(OUT_OF_SCOPE, buttons=OUT_OF_SCOPE_BUTTONS)
    reply.slots["misunderstood"] = 0
    return reply


def misunderstood(count: int, *, in_finder: bool) -> Reply:
    """The reply to the ``count``-th misunderstood message in a row."""
    reply = Reply()
    if count < STRIKES:
        reply.say(REPHRASE)
    elif in_finder:
        reply.say(IN_FINDER, buttons=IN_FINDER_BUTTONS)  # the form asks its question again right after
    else:
        reply.say(GUIDED, buttons=GUIDED_BUTTONS)
    reply.slots["misunderstood"] = count
    return reply
