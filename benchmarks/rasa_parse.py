"""Parse texts with a trained Rasa model; runs under .venv-rasa's Python 3.10, not the project's 3.11.

    .venv-rasa/bin/python benchmarks/rasa_parse.py MODEL.tar.gz TEXTS.jsonl OUT.jsonl

TEXTS.jsonl holds one JSON string per line; OUT.jsonl gets one line per text, in order:
``{"text", "intent", "confidence", "entities": [{"entity", "value", "start", "end"}]}``. Each line is
flushed as it is written, so the caller can follow progress by counting lines.

Imports only Rasa (with its structlog) and the standard library, because .venv-rasa holds nothing of ours.
"""

from __future__ import annotations

import os

# Before Rasa's import: TensorFlow's C++ start-up chatter and Rasa's telemetry are noise in a benchmark.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import asyncio
import json
import logging
import sys
import warnings
from pathlib import Path
from typing import Any


def quiet() -> None:
    """Silence per-message output: Rasa's structlog writes a debug line for every parsed message."""
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.basicConfig(level=logging.WARNING)
    for name in ("rasa", "tensorflow", "absl", "matplotlib"):
        logging.getLogger(name).setLevel(logging.WARNING)


def slim(parsed: dict[str, Any]) -> dict[str, Any]:
    intent = parsed.get("intent") or {}
    return {
        "text": parsed.get("text", ""),
        "intent": intent.get("name"),
        "confidence": float(intent.get("confidence") or 0.0),
        "entities": [{key: entity.get(key) for key in ("entity", "value", "start", "end")}
                     for entity in parsed.get("entities", [])],
    }


async def parse_all(model: Path, texts: list[str], out: Path) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    with out.open("w", encoding="utf-8") as sink:
        for text in texts:
            sink.write(json.dumps(slim(await agent.parse_message(text))) + "\n")
            sink.flush()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    model, texts_path, out = (Path(arg) for arg in argv)
    for path in (model, texts_path):
        if not path.exists():
            print(f"rasa_parse: {path} does not exist", file=sys.stderr)
            return 2
    texts = [json.loads(line) for line in texts_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    quiet()
    # TensorFlow, jax, SQLAlchemy and pyparsing warn about their own deprecations while Rasa loads, and some
    # of Rasa's imports reset the warning filters, so a filter set here would not hold: record and drop them.
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("ignore")
        asyncio.run(parse_all(model, texts, out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
