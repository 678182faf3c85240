"""Write ``demo_qrels.jsonl``: the judgements of ``demo_queries.jsonl`` against ``demo_catalog.csv``.

Run it after changing either file: ``.venv/bin/python data/catalog/judge_queries.py``. Each query's
``judge`` rule says what answers it (see ``recommender/evaluation/judging.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from recommender.evaluation.judging import judge

HERE = Path(__file__).resolve().parent


def main() -> None:
    catalog = pd.read_csv(HERE / "demo_catalog.csv", keep_default_na=False, na_values={"sale_price": [""],
                                                                                        "stock": [""]})
    queries = [json.loads(line) for line in (HERE / "demo_queries.jsonl").read_text().splitlines() if line.strip()]
    lines = judge(catalog, queries)
    (HERE / "demo_qrels.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    print(f"{len(lines)} judgements for {len(queries)} queries")


if __name__ == "__main__":
    main()
