"""The action server's one :class:`Services`, built from settings on first use.

rasa-sdk instantiates actions itself, without arguments, so this is the single place where the
action server's state is created; actions ask for it rather than building their own.
"""

from __future__ import annotations

from functools import cache

from bot.services import Services


@cache
def services() -> Services:
    return Services()
