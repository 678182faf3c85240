"""What Rasa spends checking one action server reply; runs under .venv-rasa's Python 3.10.

    .venv-rasa/bin/python benchmarks/rasa_action_reply.py [--calls 200]

Rasa 3.6 checks every reply of the action server against its event schema (``RemoteAction``'s
``_validate_action_result``, which calls ``jsonschema.validate``) before it applies the events. The reply timed
here is the shape of ``action_suggest``'s: a carousel message and the slots it sets. The row "schema built once"
is what the same check costs when the validator is not rebuilt for each call, for comparison. The Makefile pins
the jsonschema release that .venv-rasa gets by this figure.

Imports only Rasa and the standard library, because .venv-rasa holds nothing of ours.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before Rasa's import: TensorFlow's start-up chatter
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import argparse
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from typing import Any

CARD = {"title": "Trail rain jacket", "subtitle": "Waterproof · 129.00", "image_url": "https://shop.example/1.jpg",
        "buttons": [{"title": "More like this", "type": "postback", "payload": "/more_like{\"sku\":\"SKU-1\"}"}]}
REPLY: dict[str, Any] = {
    "events": [{"event": "slot", "timestamp": None, "name": name, "value": value}
               for name, value in [("shown_skus", [f"SKU-{i}" for i in range(6)]), ("page", 1), ("index_version", 7),
                                   ("last_query", "rain jacket"), ("match_levels", ["high"] * 6)]],
    "responses": [{"text": "Here are six that fit:", "attachment": {"type": "template",
                   "payload": {"template_type": "generic", "elements": [CARD] * 6}}}],
}


def per_call_ms(check: Callable[[], Any], calls: int) -> tuple[float, float]:
    for _ in range(5):
        check()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        check()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()

    import jsonschema
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    built = jsonschema.validators.validator_for(schema)(schema)
    action = RemoteAction("action_suggest", None)
    rows = [("as Rasa checks it", lambda: action._validate_action_result(REPLY)),
            ("schema built once", lambda: built.validate(REPLY))]
    print(f"jsonschema {metadata.version('jsonschema')}, rasa {metadata.version('rasa')}: "
          f"one action server reply checked, {args.calls} calls")
    for label, check in rows:
        p50, p95 = per_call_ms(check, args.calls)
        print(f"  {label:<20} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
