"""What Rasa spends checking one action server reply; runs under .venv-rasa's Python 3.10.

    .venv-rasa/bin/python benchmarks/rasa_action_reply.py [--calls 200]

Rasa 3.6 checks every reply of the action server against its event schema (``RemoteAction``'s
``_validate_action_result``, which calls ``jsonschema.validate``) before it applies the events. The reply timed
here is ``action_suggest``'s as rasa-sdk lays it out: an intro, the carousel, the refinement buttons and the
slots it sets. The row "schema built once" is what the same check costs when the validator is not rebuilt for
each call, as ``bot/rasa_server.py`` runs it. The Makefile pins the jsonschema release that .venv-rasa gets by
this figure.

Imports only Rasa (rasa-sdk comes with it) and the standard library, because .venv-rasa holds nothing of ours.
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

PRODUCTS = [{"position": i, "sku": f"OF-RJK-{i:04d}", "title": f"Women's Drumlin Waterproof Shell Jacket {i}",
             "brand": "Alpenlite", "price": 129.0, "sale_price": None, "currency": "EUR", "match": "high",
             "reasons": ["waterproof, as you asked", "made for hiking"], "image_url": f"/img/{i}.jpg",
             "url": f"/p/OF-RJK-{i:04d}"} for i in range(1, 7)]
SKUS = [product["sku"] for product in PRODUCTS]


def suggestion_reply() -> dict[str, Any]:
    """What action_suggest sends back, as rasa-sdk's dispatcher lays it out: an intro, the carousel (a custom
    payload), the refinement buttons, and the slots the finder sets after a page."""
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text="Here are 6 picks for jacket · hiking · waterproof · women · up to 200 €.")
    dispatcher.utter_message(json_message={"type": "carousel", "suggestion_id": "sug-0123456789abcdef",
                                           "products": PRODUCTS})
    dispatcher.utter_message(text="Want me to refine these?", buttons=[
        {"title": title, "payload": payload} for title, payload in
        [("Cheaper", "/cheaper"), ("Show more", "/show_more"), ("Compare 1 and 2", "/compare"),
         ("Start over", "/start_over")]])
    slots = {"shown": SKUS, "seen": SKUS, "focus": SKUS[0], "finder_done": True, "misunderstood": 0}
    return {"events": [{"event": "slot", "timestamp": None, "name": name, "value": value}
                       for name, value in slots.items()],
            "responses": dispatcher.messages}


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
    action, reply = RemoteAction("action_suggest", None), suggestion_reply()
    rows = [("as Rasa checks it", lambda: action._validate_action_result(reply)),
            ("schema built once", lambda: built.validate(reply))]
    print(f"jsonschema {metadata.version('jsonschema')}, rasa {metadata.version('rasa')}: "
          f"one action server reply checked, {args.calls} calls")
    for label, check in rows:
        p50, p95 = per_call_ms(check, args.calls)
        print(f"  {label:<20} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
