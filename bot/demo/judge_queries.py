"""Write ``demo_qrels.jsonl``: the judgements of ``demo_queries.jsonl`` against ``demo_catalog.csv``.

Run it after changing either file::

    .venv/bin/python -m bot.demo.judge_queries            # rewrite data/catalog/demo_qrels.jsonl
    .venv/bin/python -m bot.demo.judge_queries --out FILE # write elsewhere

Each query's ``judge`` rule says what answers it (see ``recommender/evaluation/judging.py``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from bot.demo import DEMO_CATALOG, DEMO_QRELS, DEMO_QUERIES
from recommender.evaluation.judging import judge


def read_queries(path: Path = DEMO_QUERIES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def judgements(queries: list[dict[str, Any]], catalog: Path = DEMO_CATALOG) -> list[dict[str, Any]]:
    """Every (query, sku, relevance) the queries' rules give on the catalog."""
    frame = pd.read_csv(catalog, keep_default_na=False, na_values={"sale_price": [""], "stock": [""]})
    return judge(frame, queries)


def qrels_text(lines: list[dict[str, Any]]) -> str:
    """The judgements as the shipped JSON Lines file holds them."""
    return "".join(json.dumps(line) + "\n" for line in lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Judge the demo queries against the demo catalog.")
    parser.add_argument("--out", type=Path, default=DEMO_QRELS, help="where to write (default: %(default)s)")
    output = parser.parse_args(argv).out
    queries = read_queries()
    lines = judgements(queries)
    output.write_text(qrels_text(lines))
    print(f"{len(lines)} judgements for {len(queries)} queries")


if __name__ == "__main__":
    main()
