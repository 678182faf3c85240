"""``action_greet``: the bot's opening, framed by what the shop knows of the shopper."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.deps import UsesServices, send, shopper_of
from bot.finder.opening import greeting
from bot.services import Services


class ActionGreet(UsesServices, Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        def greet(deps: Services) -> Any:
            return greeting(deps, shopper_of(deps, tracker))

        return send(dispatcher, await asyncio.to_thread(greet, self.deps), tracker)
