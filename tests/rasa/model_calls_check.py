"""Run by .venv-rasa's Python (tests/rasa/test_rasa_runtime.py): the trained model's NLU and next-action
predictions with rasa_graph_runs.run_graphs_in_order, then rasa_diet_calls.call_diet_directly, then
rasa_server.combine_features_from_a_copy, against Rasa's own runs (dask's scheduler, the tf.function's dispatch,
features combined from a deep copy) on the same messages and conversations.

    .venv-rasa/bin/python tests/rasa/model_calls_check.py <bot folder> <model.tar.gz>

Prints a ``held:`` line per property; exits non-zero at the first that does not hold."""

from __future__ import annotations

import asyncio
import copy
import sys
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, sys.argv[1])

import dask
import rasa.shared.nlu.training_data.message as message_module
import rasa_diet_calls
import rasa_graph_runs
import rasa_server
from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from tensorflow.python.eager.polymorphic_function import function_spec

MESSAGES = ["hi there", "I need a rain jacket for hiking in the hills", "under 150 please", "something cheaper",
            "where is my order 12345", "more like the second one", "waterproof and breathable", "asdf qwerty",
            "thanks, bye"]
calls = {"dask": 0, "dispatch": 0}
rasas_get, rasas_dispatch = dask.get, function_spec.FunctionSpec.canonicalize_function_inputs


def counted_get(*args: Any, **kwargs: Any) -> Any:
    calls["dask"] += 1
    return rasas_get(*args, **kwargs)


def counted_dispatch(*args: Any, **kwargs: Any) -> Any:  # the tf.function's dispatch
    calls["dispatch"] += 1
    return rasas_dispatch(*args, **kwargs)


dask.get = counted_get
function_spec.FunctionSpec.canonicalize_function_inputs = counted_dispatch


def held(what: str) -> None:
    print(f"held: {what}", flush=True)


async def understood(agent: Agent) -> list[tuple[Any, ...]]:
    """Each message's intent, ranking and entities, and the next action predicted after it (policy, score)."""
    found = []
    for text in MESSAGES:
        parse = await agent.parse_message(text)
        tracker = DialogueStateTracker.from_events("shopper", [ActionExecuted("action_listen"),
                                                              UserUttered(text, parse)], agent.domain.slots)
        prediction = agent.processor.predict_next_with_tracker(tracker)
        best = max(prediction["scores"], key=lambda score: score["score"])
        found.append((parse["intent"]["name"], round(parse["intent"]["confidence"], 5),
                      [(entity["entity"], entity["value"]) for entity in parse["entities"]],
                      [(ranked["name"], round(ranked["confidence"], 5)) for ranked in parse["intent_ranking"]],
                      best["action"], round(best["score"], 5), prediction["policy"]))
    return found


async def main() -> None:
    agent = Agent.load(sys.argv[2])
    rasas = await understood(agent)
    assert calls["dask"] >= 2 * len(MESSAGES) and calls["dispatch"] >= len(MESSAGES), calls

    rasa_graph_runs.run_graphs_in_order()
    calls.update(dask=0, dispatch=0)
    in_order = await understood(agent)
    assert in_order == rasas, f"{in_order}\n!=\n{rasas}"
    assert calls["dask"] == 0, calls
    held("the graphs run in order without dask: every message understood and answered as before")

    rasa_diet_calls.call_diet_directly()
    await agent.parse_message(MESSAGES[0])  # looks the concrete function up, once, through the dispatch
    calls.update(dask=0, dispatch=0)
    direct = await understood(agent)
    assert direct == rasas, f"{direct}\n!=\n{rasas}"
    held("every message gets the intent, ranking and entities Rasa's own call gives")
    assert calls["dispatch"] == 0, calls
    held("DIET's graph is called without the tf.function's dispatch")

    rasa_server.combine_features_from_a_copy()
    copies = {"deepcopy": 0}

    def counted_deepcopy(*args: Any, **kwargs: Any) -> Any:
        copies["deepcopy"] += 1
        return copy.deepcopy(*args, **kwargs)

    message_module.copy = SimpleNamespace(deepcopy=counted_deepcopy)  # the copy module as message.py sees it
    combined = await understood(agent)
    assert combined == rasas, f"{combined}\n!=\n{rasas}"
    assert copies["deepcopy"] == 0, copies
    held("features combined from a copy of the first: every message understood as before, nothing deep-copied")


asyncio.run(main())
