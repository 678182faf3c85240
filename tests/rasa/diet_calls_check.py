"""Run by .venv-rasa's Python (tests/rasa/test_rasa_runtime.py): the trained model's NLU with
rasa_diet_calls.call_diet_directly, against Rasa's own call of DIET's graph on the same messages.

    .venv-rasa/bin/python tests/rasa/diet_calls_check.py <bot folder> <model.tar.gz>

Prints a ``held:`` line per property; exits non-zero at the first that does not hold."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

sys.path.insert(0, sys.argv[1])

import rasa_diet_calls
from rasa.core.agent import Agent
from tensorflow.python.eager.polymorphic_function import function_spec

MESSAGES = ["hi there", "I need a rain jacket for hiking in the hills", "under 150 please", "something cheaper",
            "where is my order 12345", "more like the second one", "waterproof and breathable", "asdf qwerty",
            "thanks, bye"]
dispatched: list[int] = []
rasas_dispatch = function_spec.FunctionSpec.canonicalize_function_inputs


def counted(*args: Any, **kwargs: Any) -> Any:  # the tf.function's dispatch, which the direct call goes around
    dispatched.append(1)
    return rasas_dispatch(*args, **kwargs)


function_spec.FunctionSpec.canonicalize_function_inputs = counted


def held(what: str) -> None:
    print(f"held: {what}", flush=True)


async def parsed(agent: Agent) -> list[tuple[Any, ...]]:
    found = []
    for text in MESSAGES:
        parse = await agent.parse_message(text)
        found.append((parse["intent"]["name"], round(parse["intent"]["confidence"], 5),
                      [(entity["entity"], entity["value"]) for entity in parse["entities"]],
                      [(ranked["name"], round(ranked["confidence"], 5)) for ranked in parse["intent_ranking"]]))
    return found


async def main() -> None:
    agent = Agent.load(sys.argv[2])
    rasas = await parsed(agent)
    assert len(dispatched) >= len(MESSAGES), f"Rasa's own call went through the dispatch {len(dispatched)} times"

    rasa_diet_calls.call_diet_directly()
    await agent.parse_message(MESSAGES[0])  # looks the concrete function up, once, through the dispatch
    dispatched.clear()
    direct = await parsed(agent)
    assert direct == rasas, f"{direct}\n!=\n{rasas}"
    held("every message gets the intent, ranking and entities Rasa's own call gives")
    assert not dispatched, f"the tf.function's dispatch ran {len(dispatched)} times"
    held("DIET's graph is called without the tf.function's dispatch")


asyncio.run(main())
