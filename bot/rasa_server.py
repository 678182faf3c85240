"""``rasa run`` as the launcher starts it: a script for .venv-rasa's Python 3.10, importing only Rasa and the
standard library (nothing of ours is installed there).

    .venv-rasa/bin/python bot/rasa_server.py run --model models ...   # the arguments of `rasa`

It changes one thing in Rasa 3.6: how it checks an action server's reply. Rasa checks every reply against its
event schema with ``jsonschema.validate``, which builds a validator and re-checks the schema itself on each call:
most of what the check costs (``benchmarks/rasa_action_reply.py``: "as Rasa checks it" against "schema built
once"). Here the validator is built once. A reply it accepts is accepted; one it refuses
goes to Rasa's own check, so the error and its message are Rasa's.
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


def main() -> None:
    from rasa.__main__ import main as rasa_main

    check_replies_with_one_validator()
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
