"""A Rasa server works on a few turns at once and queues the rest in the order they came. Imported by
``rasa_server.py`` in .venv-rasa's Python 3.10: Rasa and the standard library.

Rasa 3.6 starts every message it receives at once. Each turn awaits its lock, the tracker store and the action
server several times, and at each of those points the event loop moves on to another turn; with twenty turns in
the air every one of them advances a step at a time, so a turn's time grows with the number of turns in progress
times its own work. Long turns (a finder answer that calls the action server twice, a suggestion) wait the
longest: under 20 concurrent conversations p95 was twice the mean. Here at most ``at_once`` turns are in progress
per server (a few, so the CPU has work while some of them wait for the network) and the others wait their turn
first come, first served: each turn waits for the turns ahead of it, then takes its own time.

Every channel's message goes through ``Agent.handle_message`` (REST, socket.io); the conversation's lock is taken
inside it, after the turn's place in the queue, so a queued turn holds no lock.
"""

from __future__ import annotations

import asyncio
from typing import Any

# 20 conversations on 2 servers (benchmarks/load.py): 3, 4 and 5 at once left the CPU idle between turns (up to a
# fifth fewer turns a second); 6 kept the throughput and cut p95 as much (docs/decisions.md)
TURNS_AT_ONCE = 6


def take_turns_in_order(at_once: int = TURNS_AT_ONCE) -> None:
    """Make every Rasa ``Agent`` of this process handle at most ``at_once`` messages at a time, first come first."""
    from rasa.core.agent import Agent

    if at_once < 1:
        raise ValueError(f"turns at once: {at_once}; at least 1")
    rasas_own = Agent.handle_message
    queues: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    async def handle_message(self: Agent, message: Any) -> Any:
        loop = asyncio.get_running_loop()
        queue = queues.get(loop)
        if queue is None:  # a semaphore belongs to the loop it was first used in
            queue = queues[loop] = asyncio.Semaphore(at_once)
        async with queue:
            return await rasas_own(self, message)

    Agent.handle_message = handle_message  # type: ignore[method-assign]
