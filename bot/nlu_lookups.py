"""Write data/nlu/lookups.yml: Rasa lookup tables from a catalog's vocabulary and our general shop words.

Tables: category, color, brand, feature, activity. Each holds the catalog's values as shoppers type them
(lower case; categories in singular and plural, hyphenated words also with a space), every spelling that
data/nlu/synonyms.yml maps onto one of those values, and the general words of :mod:`bot.nlu_vocabulary`
(product types, colours, brands), so that a model trained on one catalog still knows what other shops sell.
DIET only sees the tables through RegexFeaturizer (`use_lookup_tables`, `use_word_boundaries`,
case-insensitive) in config.yml.

The catalog is a CSV file (the demo's by default: the shipped file is built from it) or the live catalog,
the active products of the app database (:func:`database_values`). From code::

    changed = write_lookups(database_values(engine))   # True when lookups.yml changed: a retrain is due

From the command line::

    .venv/bin/python -m bot.nlu_lookups                 # rewrite data/nlu/lookups.yml from the demo catalog
    .venv/bin/python -m bot.nlu_lookups --database      # ... from the live catalog (OUTFITTER_DATABASE_URL)
    .venv/bin/python -m bot.nlu_lookups --check         # exit 1 if the shipped file is stale

The output is deterministic (sorted), so tests/rasa/test_nlu_data.py compares the shipped file with it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
import yaml
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.demo import DATA, DEMO_CATALOG
from bot.nlu_vocabulary import ACTIVITIES, BRANDS, COLOURS, PRODUCT_TYPES
from recommender.catalog.models import ACTIVE, Product

NLU_DIR = DATA / "nlu"
CATALOG = DEMO_CATALOG
SYNONYMS = NLU_DIR / "synonyms.yml"
LOOKUPS = NLU_DIR / "lookups.yml"

# lookup table (= entity name) -> (catalog column, whether the column holds a list of values)
TABLES: dict[str, tuple[str, bool]] = {
    "activity": ("activities", True),
    "brand": ("brand", False),
    "category": ("category", False),
    "color": ("color", False),
    "feature": ("features", True),
}
GENERAL: dict[str, tuple[str, ...]] = {"activity": ACTIVITIES, "brand": BRANDS, "category": PRODUCT_TYPES,
                                       "color": COLOURS}
# plural nouns with no singular a shopper would type
NO_SINGULAR = {"shorts", "trousers", "pants", "glasses", "sunglasses", "jeans", "leggings", "tights", "pyjamas",
               "pajamas", "briefs", "boxers", "trunks", "dungarees", "jeggings", "thermals", "cargos", "chinos",
               "sweatpants", "trackpants", "joggers", "bermudas", "capris", "shades", "clothes"}
# nouns without a plural ("innerwear", "jewellery"): the generator must not invent "innerwears"
UNCOUNTABLE_ENDINGS = ("wear", "jewellery", "jewelry", "luggage", "gear", "kit", "denim")
ES_PLURAL = ("ss", "sh", "ch", "x", "z")

HEADER = """\
# GENERATED FILE: do not edit by hand.
# Written by bot/nlu_lookups.py from {source}, data/nlu/synonyms.yml and bot/nlu_vocabulary.py.
# Regenerate with:  .venv/bin/python -m bot.nlu_lookups
# tests/rasa/test_nlu_data.py fails when this file differs from what the generator writes.
"""
DEMO_SOURCE = "data/catalog/demo_catalog.csv"


def _split(cell: object, multi: bool) -> list[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    if isinstance(cell, list | tuple):
        parts = [str(p) for p in cell]
    else:
        text = str(cell).strip()
        parts = text.split("|") if multi else [text]
    return [p.strip() for p in parts if p.strip()]


def catalog_values(catalog: Path = CATALOG) -> dict[str, set[str]]:
    """The distinct values of each table's column in a catalog CSV, as the catalog spells them."""
    frame = pd.read_csv(catalog, dtype=str, keep_default_na=False)
    values: dict[str, set[str]] = {}
    for table, (column, multi) in TABLES.items():
        if column not in frame.columns:
            raise ValueError(f"{catalog}: column {column!r} (for the {table!r} lookup table) is missing")
        values[table] = {v for cell in frame[column] for v in _split(cell, multi)}
    return values


def database_values(engine: Engine) -> dict[str, set[str]]:
    """The distinct values of each table's column over the live catalog: the app database's active products.

    A column the shop's file did not have (Myntra's has no category) simply gives an empty set.
    """
    columns = [getattr(Product, column) for column, _ in TABLES.values()]
    values: dict[str, set[str]] = {table: set() for table in TABLES}
    with Session(engine) as session:
        for row in session.execute(select(*columns).where(Product.status == ACTIVE)):
            for (table, (_, multi)), cell in zip(TABLES.items(), row, strict=True):
                values[table].update(_split(cell, multi))
    return values


def singular(phrase: str) -> str:
    """`rain jackets` -> `rain jacket`, `accessories` -> `accessory`, `watches` -> `watch`; `jeans` stays."""
    *head, last = phrase.split(" ")
    if last in NO_SINGULAR or not last.endswith("s") or last.endswith("ss"):
        return phrase
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(tuple(f"{end}es" for end in ES_PLURAL)):
        last = last[:-2]
    else:
        last = last[:-1]
    return " ".join([*head, last])


def plural(phrase: str) -> str:
    """`tent` -> `tents`, `dress` -> `dresses`, `accessory` -> `accessories`; plural and uncountable
    phrases ("shoes", "innerwear") are returned as they are."""
    *head, last = phrase.split(" ")
    if (last.endswith("s") and not last.endswith("ss")) or last.endswith(UNCOUNTABLE_ENDINGS):
        return phrase
    if last.endswith(ES_PLURAL):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*head, last])


def spellings(table: str, value: str) -> set[str]:
    """The ways a shopper types one catalog value."""
    base = value.lower().strip()
    forms = {base}
    if table == "category":
        forms |= {singular(base), plural(base)}
    if "-" in base:  # quick-dry -> quick dry, t-shirt -> t shirt
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


def build_tables(values: Mapping[str, Iterable[str]] | None = None,
                 synonyms: Path = SYNONYMS) -> dict[str, list[str]]:
    """The lookup tables for a catalog's values (the demo catalog's when None) plus our general words."""
    values = catalog_values() if values is None else values
    aliases = synonym_spellings(synonyms)
    tables: dict[str, list[str]] = {}
    for table in sorted(TABLES):
        entries: set[str] = set()
        for value in [*values.get(table, ()), *GENERAL.get(table, ())]:
            entries |= spellings(table, value)
            entries |= aliases.get(value.lower(), set())
        tables[table] = sorted(e for e in entries if e)
    return tables


def render(tables: Mapping[str, list[str]], source: str = DEMO_SOURCE) -> str:
    lines = [HEADER.format(source=source).rstrip("\n"), 'version: "3.1"', "", "nlu:"]
    for table in sorted(tables):
        lines += [f"  - lookup: {table}", "    examples: |"]
        lines += [f"      - {entry}" for entry in tables[table]]
    return "\n".join(lines) + "\n"


def generate(catalog: Path = CATALOG, synonyms: Path = SYNONYMS) -> str:
    """The text lookups.yml must hold for a catalog CSV and synonyms: the shipped file for the demo's."""
    source = DEMO_SOURCE if catalog == CATALOG else str(catalog)
    return render(build_tables(catalog_values(catalog), synonyms), source)


def write_lookups(values: Mapping[str, Iterable[str]], out: Path = LOOKUPS, *, synonyms: Path = SYNONYMS,
                  source: str = "the live catalog") -> bool:
    """Write the lookup tables for a catalog's values; True when the file changed (the model needs a retrain).

    ``values`` maps a table name (category, color, brand, feature, activity) to the catalog's values, as
    :func:`database_values` or :func:`catalog_values` return them. An unchanged file is not rewritten.
    """
    text = render(build_tables(values, synonyms), source)
    if out.exists() and out.read_text(encoding="utf-8") == text:
        return False
    out.write_text(text, encoding="utf-8")
    return True


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--catalog", type=Path, default=CATALOG, help="a catalog CSV (default: the demo's)")
    source.add_argument("--database", action="store_true", help="the live catalog: the app database's products")
    parser.add_argument("--synonyms", type=Path, default=SYNONYMS)
    parser.add_argument("--out", type=Path, default=LOOKUPS)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when --out is stale")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.database:
        from bot.services import Services  # the settings name the database; only this path needs them

        values, label = database_values(Services().engine), "the live catalog"
    else:
        values = catalog_values(args.catalog)
        label = DEMO_SOURCE if args.catalog == CATALOG else str(args.catalog)
    tables = build_tables(values, args.synonyms)
    text = render(tables, label)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python -m bot.nlu_lookups to regenerate it", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{name} {len(entries)}" for name, entries in tables.items())
    print(f"wrote {args.out} ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
