"""Properties of the row validator and the CSV reader for any value a catalog file can hold."""

import csv
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.catalog import bounds
from recommender.catalog.importer import validate
from recommender.catalog.reader import read_records
from recommender.catalog.rows import CANONICAL_FIELDS, LIST_FIELDS, TEXT_FIELDS, CatalogRow, RowError, parse_row

GOOD = {"sku": "A1", "title": "Shell Jacket", "price": "189.00"}
NUMBERS = {"price": bounds.MAX_PRICE, "sale_price": bounds.MAX_PRICE, "stock": bounds.MAX_STOCK,
           "warranty_months": bounds.MAX_WARRANTY_MONTHS}

numeric_text = st.from_regex(r"\A\s?[-+]?[€$£]?\d{0,12}([.,]\d{0,4})?([eE][-+]?\d{1,4})?\s?\Z")
any_text = st.one_of(st.text(max_size=30), numeric_text, st.text(min_size=90, max_size=320),
                     st.sampled_from(["nan", "inf", "-0", "1e308", "Women's", "İİ", "ßß", "\ufffd", "\x00", "a|b;c",
                                      "1" * 5000, "x" * 10_001]))
any_value = st.one_of(
    st.none(), any_text, st.booleans(), st.integers(), st.integers(min_value=10 ** 300, max_value=10 ** 5000),
    st.floats(), st.binary(max_size=8), st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.lists(st.one_of(any_text, st.integers(), st.none(), st.lists(st.text(max_size=2), max_size=2)), max_size=105),
)
text_records = st.dictionaries(st.sampled_from(CANONICAL_FIELDS), any_text)
mixed_records = st.dictionaries(st.sampled_from(CANONICAL_FIELDS), any_value)
records = st.one_of(text_records, mixed_records, text_records.map(lambda r: {**GOOD, **r}),
                    mixed_records.map(lambda r: {**GOOD, **r}))


def assert_within_bounds(row: CatalogRow) -> None:
    for name in TEXT_FIELDS:
        value = getattr(row, name)
        assert value is None or (0 < len(value) <= bounds.MAX_CHARS[name] and value == value.strip())
        assert value is None or not set(value) & {"\x00", "\ufffd"}
    for name, limit in NUMBERS.items():
        value = getattr(row, name)
        assert value is None or (math.isfinite(value) and 0 <= value <= limit)
    for name in LIST_FIELDS:
        items = getattr(row, name)
        assert len(items) <= bounds.MAX_ITEMS
        assert all(isinstance(item, str) and 0 < len(item) <= bounds.MAX_ITEM_CHARS for item in items)
    assert row.sale_price is None or row.sale_price < row.price
    assert len(row.row_hash()) == 64  # every value is storable: JSON-serialisable and valid UTF-8


@settings(max_examples=200, deadline=None)
@given(records)
def test_a_row_is_either_valid_within_bounds_or_rejected_naming_a_field(record: dict[str, Any]) -> None:
    try:
        row = parse_row(record)
    except RowError as exc:
        assert str(exc).split(":", 1)[0] in CANONICAL_FIELDS, str(exc)
        return
    assert_within_bounds(row)


# NUL marks a file as binary (no text format holds it), so no CSV cell carries one.
cells = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=25)
HEADER = ["sku", "title", "price", "features"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("csv")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(cells, numeric_text), min_size=4, max_size=4), max_size=12))
def test_a_csv_written_by_the_csv_module_reads_back_cell_for_cell(folder: Path, rows: list[list[str]]) -> None:
    path = folder / "c.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    records = list(read_records(path))
    assert [r.row for r in records] == list(range(1, len(rows) + 1))
    assert all(r.error is None for r in records)
    assert [[r.values[name] for name in HEADER] for r in records] == rows
    good, rejected = validate(records)
    expected: dict[str, CatalogRow] = {}
    for values in rows:
        try:
            row = parse_row(dict(zip(HEADER, values, strict=True)))
        except RowError:
            continue
        expected.setdefault(row.sku, row)
    assert good == list(expected.values())
    assert len(good) + len(rejected) == len(rows)
