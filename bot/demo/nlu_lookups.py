"""Write data/nlu/lookups.yml: Rasa lookup tables built from the demo catalog's own vocabulary.

Tables: category, color, brand, feature, activity. Each holds the catalog's values as shoppers type them
(lower case; categories in singular and plural, hyphenated features also with a space) plus every
spelling that data/nlu/synonyms.yml maps onto one of those values. DIET only sees the tables through
RegexFeaturizer (`use_lookup_tables`, `use_word_boundaries`, case-insensitive) in config.yml.

Regenerate after changing the catalog or synonyms.yml:

    .venv/bin/python -m bot.demo.nlu_lookups            # rewrite data/nlu/lookups.yml
    .venv/bin/python -m bot.demo.nlu_lookups --check    # exit 1 if the shipped file is stale

The output is deterministic (sorted), so tests/rasa/test_nlu_data.py compares the shipped file with it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

from bot.demo import DATA, DEMO_CATALOG

NLU_DIR = DATA / "nlu"
CATALOG = DEMO_CATALOG
SYNONYMS = NLU_DIR / "synonyms.yml"
LOOKUPS = NLU_DIR / "lookups.yml"

# lookup table (= entity name) -> (catalog column, whether the column holds "|"-separated lists)
TABLES: dict[str, tuple[str, bool]] = {
    "activity": ("activities", True),
    "brand": ("brand", False),
    "category": ("category", False),
    "color": ("color", False),
    "feature": ("features", True),
}
# plural nouns with no singular a shopper would type
NO_SINGULAR = {"shorts", "trousers", "pants", "glasses"}

HEADER = """\
# GENERATED FILE: do not edit by hand.
# Written by bot/demo/nlu_lookups.py from data/catalog/demo_catalog.csv and data/nlu/synonyms.yml.
# Regenerate with:  .venv/bin/python -m bot.demo.nlu_lookups
# tests/rasa/test_nlu_data.py fails when this file differs from what the generator writes.
"""


def _split(cell: object, multi: bool) -> list[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    text = str(cell).strip()
    parts = text.split("|") if multi else [text]
    return [p.strip() for p in parts if p.strip()]


def catalog_values(catalog: Path = CATALOG) -> dict[str, set[str]]:
    """The distinct values of each table's column, as the catalog spells them."""
    frame = pd.read_csv(catalog, dtype=str, keep_default_na=False)
    values: dict[str, set[str]] = {}
    for table, (column, multi) in TABLES.items():
        if column not in frame.columns:
            raise ValueError(f"{catalog}: column {column!r} (for the {table!r} lookup table) is missing")
        values[table] = {v for cell in frame[column] for v in _split(cell, multi)}
    return values


def singular(phrase: str) -> str:
    """`rain jackets` -> `rain jacket`, `accessories` -> `accessory`; `shorts` stays `shorts`."""
    *head, last = phrase.split(" ")
    if last in NO_SINGULAR or not last.endswith("s") or last.endswith("ss"):
        return phrase
    last = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return " ".join([*head, last])


def plural(phrase: str) -> str:
    """`tent` -> `tents`, `accessory` -> `accessories`; already plural phrases are returned as they are."""
    *head, last = phrase.split(" ")
    if last.endswith("s"):
        return phrase
    last = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
    return " ".join([*head, last])


def spellings(table: str, value: str) -> set[str]:
    """The ways a shopper types one catalog value."""
    base = value.lower().strip()
    forms = {base}
    if table == "category":
        forms |= {singular(base), plural(base)}
    if "-" in base:  # quick-dry -> quick dry, uv-protection -> uv protection
        forms |= {f.replace("-", " ") for f in list(forms)}
    return forms


def synonym_spellings(synonyms: Path = SYNONYMS) -> dict[str, set[str]]:
    """synonym value (lower case) -> the spellings synonyms.yml maps onto it."""
    if not synonyms.exists():
        return {}
    document = yaml.safe_load(synonyms.read_text(encoding="utf-8")) or {}
    mapping: dict[str, set[str]] = {}
    for block in document.get("nlu") or []:
        if "synonym" not in block:
            continue
        examples = [line.strip()[2:].strip() for line in str(block.get("examples", "")).splitlines()]
        mapping.setdefault(str(block["synonym"]).lower(), set()).update(e.lower() for e in examples if e)
    return mapping


def build_tables(catalog: Path = CATALOG, synonyms: Path = SYNONYMS) -> dict[str, list[str]]:
    values = catalog_values(catalog)
    aliases = synonym_spellings(synonyms)
    tables: dict[str, list[str]] = {}
    for table in sorted(values):
        entries: set[str] = set()
        for value in values[table]:
            entries |= spellings(table, value)
            entries |= aliases.get(value.lower(), set())
        tables[table] = sorted(e for e in entries if e)
    return tables


def render(tables: dict[str, list[str]]) -> str:
    lines = [HEADER.rstrip("\n"), 'version: "3.1"', "", "nlu:"]
    for table in sorted(tables):
        lines += [f"  - lookup: {table}", "    examples: |"]
        lines += [f"      - {entry}" for entry in tables[table]]
    return "\n".join(lines) + "\n"


def generate(catalog: Path = CATALOG, synonyms: Path = SYNONYMS) -> str:
    """The text lookups.yml must hold for the given catalog and synonyms."""
    return render(build_tables(catalog, synonyms))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=CATALOG)
    parser.add_argument("--synonyms", type=Path, default=SYNONYMS)
    parser.add_argument("--out", type=Path, default=LOOKUPS)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when --out is stale")
    args = parser.parse_args(list(argv) if argv is not None else None)
    tables = build_tables(args.catalog, args.synonyms)
    text = render(tables)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python -m bot.demo.nlu_lookups to regenerate it", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{name} {len(entries)}" for name, entries in tables.items())
    print(f"wrote {args.out} ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
