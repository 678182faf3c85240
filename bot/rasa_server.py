"""``rasa run`` as the launcher starts it: a script for .venv-rasa's Python 3.10, importing only Rasa, what Rasa
installs, orjson, the standard library and the rasa_*.py modules beside it (nothing of ours is installed there).

    .venv-rasa/bin/python bot/rasa_server.py [--turns-at-once N] run --model models ...   # then `rasa`'s arguments

It changes these things in Rasa 3.6, each for the time a turn takes; none changes what a turn does:
- how it checks an action server's reply. Rasa checks every reply against its event schema with
  ``jsonschema.validate``, which builds a validator and re-checks the schema itself on each call: most of what
  the check costs (``benchmarks/rasa_action_reply.py``: "as Rasa checks it" against "schema built once"). Here
  the validator is built once. A reply it accepts is accepted; one it refuses goes to Rasa's own check, so the
  error and its message are Rasa's.
- how it finds an event's class from its name. Rasa walks every subclass of ``Event`` (recursively, checking
  each for abstractness) for every event it reads back, a few hundred a turn; here each name is looked up once.
- how a slot is copied. Every tracker Rasa makes copies every slot of the domain with ``copy.copy``, and the
  policies make a tracker for every action of the conversation so far, several times a turn; ``copy.copy`` of a
  plain object goes through ``__reduce_ex__``. Here a slot is copied as ``copy.copy`` copies it (a new object of
  its class with the same attributes), directly.
- how NLU combines a message's features for DIET. Rasa starts the combination from ``copy.deepcopy`` of the first
  featurizer's features, which copies the scipy matrix through ``__reduce_ex__``, attribute by attribute; here
  the first features are copied as a new ``Features`` holding a copy of the matrix, then combined as Rasa does.
- how its SQL tracker store reads and saves a conversation: only the rows it has not read (rasa_tracker_reads.py).
- how its Redis lock store issues and gives back a conversation's ticket: one atomic script each, where Rasa
  reads, changes and writes the lock back in several round trips, and two servers can issue the same ticket
  (rasa_redis_lock.py).
- how it calls the action server: over kept connections, the body encoded by orjson (rasa_action_calls.py).
- how it calls DIET's TensorFlow graph: directly, once it is built (rasa_diet_calls.py).
- how it runs its model's graph: a loop runs each node after those it needs, without dask (rasa_graph_runs.py).
- how many turns it works on at once: N (default 6), the others queued first come, first served
  (rasa_turn_queue.py).
"""

from __future__ import annotations

import sys
from typing import Any


def check_replies_with_one_validator() -> None:
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator = validators.validator_for(schema)(schema)
    rasas_own = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasas_own(self, result)

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def look_up_event_types_once() -> None:
    from rasa.shared.core.events import Event

    rasas_own = Event.resolve_by_type
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        known = found.get(type_name)
        if known is None:
            # Rasa's own answer, and its error for a name no event has; only a class found by its name is kept
            known = rasas_own(type_name, default)
            if known is not None and known is not default:
                found[type_name] = known
        return known

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


def copy_slots_directly() -> None:
    from rasa.shared.core.slots import Slot

    def copy_slot(slot: Slot) -> Slot:
        copied = object.__new__(type(slot))
        copied.__dict__.update(slot.__dict__)
        return copied

    Slot.__copy__ = copy_slot  # type: ignore[attr-defined]


def combine_features_from_a_copy() -> None:
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    def combine_features(features: list[Features], featurizers: list[str]) -> Features | None:
        combined = None
        for each in features:
            if combined is None:
                # the matrix copied (deep for a numpy array and a scipy matrix); type and attribute are strings
                combined = Features(each.features.copy(), each.type, each.attribute, featurizers)
            else:
                combined.combine_with_features(each)
        return combined

    Message._combine_features = staticmethod(combine_features)  # type: ignore[method-assign]


def turns_at_once(argv: list[str]) -> int:
    """Takes ``--turns-at-once N`` (ours, not Rasa's) out of ``argv``; N, or rasa_turn_queue's default."""
    from rasa_turn_queue import TURNS_AT_ONCE

    if "--turns-at-once" not in argv:
        return TURNS_AT_ONCE
    at = argv.index("--turns-at-once")
    given = argv[at + 1] if at + 1 < len(argv) else ""
    if not given.isdigit() or int(given) < 1:
        raise SystemExit(f"--turns-at-once {given}: a whole number of turns, at least 1 (e.g. --turns-at-once 6)")
    del argv[at:at + 2]
    return int(given)


def main() -> None:
    from rasa.__main__ import main as rasa_main

    # beside this script, which Python puts first on sys.path
    from rasa_action_calls import keep_action_connections
    from rasa_diet_calls import call_diet_directly
    from rasa_graph_runs import run_graphs_in_order
    from rasa_redis_lock import take_locks_in_one_script
    from rasa_tracker_reads import read_only_new_rows
    from rasa_turn_queue import take_turns_in_order

    check_replies_with_one_validator()
    look_up_event_types_once()
    copy_slots_directly()
    combine_features_from_a_copy()
    read_only_new_rows()
    take_locks_in_one_script()
    keep_action_connections()
    call_diet_directly()
    run_graphs_in_order()
    take_turns_in_order(turns_at_once(sys.argv))
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
