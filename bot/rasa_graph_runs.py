"""Rasa's model graph run in order by a plain loop instead of dask's scheduler. Imported by ``rasa_server.py`` in
.venv-rasa's Python 3.10: Rasa and the standard library.

Rasa 3.6 runs its graph (tokenizer, featurizers, DIET and the rest for every message; the policies and the
ensemble for every prediction) through ``dask.get``, dask's synchronous scheduler. For a graph of a dozen nodes,
each a call on one message, the scheduler's bookkeeping (ordering the tasks, its state dictionaries, its
callbacks) costs about a tenth of what the nodes themselves take. Here the same graph, built by Rasa's own
``_build_dask_graph`` with the same inputs, is evaluated by a loop that runs each node once, after the nodes it
needs: the same calls with the same arguments, so the same results. A node's error reaches Rasa as dask passes
it on (a ``RuntimeError`` becomes Rasa's ``GraphRunError``).
"""

from __future__ import annotations

from typing import Any


def evaluate(graph: dict[str, Any], targets: list[str]) -> list[Any]:
    """The targets' values in a dask graph whose tasks are ``(callable, *keys of the values it takes)`` and whose
    other entries are values; each task runs once."""
    done: dict[str, Any] = {}

    def value(key: str) -> Any:
        if key in done:
            return done[key]
        task = graph[key]
        if isinstance(task, tuple) and task and callable(task[0]):
            result = task[0](*(value(needed) for needed in task[1:]))
        else:
            result = task
        done[key] = result
        return result

    return [value(target) for target in targets]


def run_graphs_in_order() -> None:
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None,
            targets: list[str] | None = None) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
        if inputs:
            self._add_inputs_to_graph(inputs, graph)
        try:
            return dict(evaluate(graph, run_targets))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error

    DaskGraphRunner.run = run  # type: ignore[method-assign]
