"""Read a catalog file (CSV, JSON Lines, Parquet) record by record, keyed by canonical field names.

A record that cannot be read (a CSV row with the wrong number of fields, a line that is not JSON) is one bad
record with a reason; the records around it are read as usual. A file that cannot be read at all raises
:class:`CatalogFileError` before any record is returned.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.catalog import formats
from recommender.catalog.currency import currency_code
from recommender.catalog.formats import CatalogFileError, detect_format
from recommender.catalog.rows import CANONICAL_FIELDS

Progress = Callable[[str, int, int | None], None]
CHUNK_ROWS = 2000  # records between two progress reports, and rows per Parquet batch
REQUIRED_COLUMNS = ("sku", "title", "price")

__all__ = ["CHUNK_ROWS", "CatalogFileError", "Progress", "Record", "detect_format", "parse_currency", "parse_mapping",
           "read_records"]


@dataclass(frozen=True)
class Record:
    row: int  # 1-based position among the file's records (the header is not a record)
    values: dict[str, Any]
    error: str | None = None  # set when the record itself could not be parsed


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``["title=Product_Name", ...]`` to ``{"title": "Product_Name"}``, checking field names.

    Raises:
        CatalogFileError: for a pair that is not ``field=Column`` or names an unknown field.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise CatalogFileError(f"--map {pair!r}: expected field=Column")
        if field not in CANONICAL_FIELDS:
            raise CatalogFileError(f"--map {pair!r}: unknown field {field!r}; fields: {', '.join(CANONICAL_FIELDS)}")
        mapping[field] = column
    return mapping


def parse_currency(value: str | None) -> str | None:
    """``--currency``'s value as an ISO 4217 code ("inr" -> INR), None when not given.

    Raises:
        CatalogFileError: for a value that is no currency code, naming it.
    """
    if value is None:
        return None
    try:
        return currency_code(value)
    except ValueError:
        raise CatalogFileError(f"--currency {value!r}: not a currency code; write three letters such as EUR or "
                               f"INR") from None


def read_records(path: Path, mapping: dict[str, str] | None = None,
                 progress: Progress | None = None) -> Iterator[Record]:
    """Yield every record of the file with its canonical field names.

    Columns are matched to canonical fields by ``mapping`` first, then by name (case-insensitive). The
    format comes from the file's name and must agree with its content.

    Raises:
        CatalogFileError: when the file cannot be read at all, is not in the format its name says, or a
            mapped or required column is absent.
    """
    if not path.exists():
        raise CatalogFileError(f"{path}: no such file")
    if path.is_dir():
        raise CatalogFileError(f"{path}: a folder, not a file")
    fmt = detect_format(path)
    readers = {"csv": _csv_records, "jsonl": _json_records, "parquet": _parquet_records}
    try:
        yield from readers[fmt](path, mapping or {}, progress)
    except OSError as exc:
        raise CatalogFileError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None


def _text(path: Path, fmt: str) -> str:
    raw = formats.text_bytes(path)
    formats.check_text(path.name, fmt, raw[:formats.SNIFF_BYTES])
    # Undecodable bytes become U+FFFD, so that only the rows holding them are rejected (see rows.py).
    return raw.decode("utf-8-sig", errors="replace")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _csv_records(path: Path, mapping: dict[str, str], progress: Progress | None) -> Iterator[Record]:
    """CSV is read row by row, so that a row with too many or too few fields is one rejected row."""
    text = _text(path, "csv")
    total = len(text)
    # The csv module refuses fields over 128 KiB (a process-wide limit); raised to the file's size so that a
    # long description is rejected by its bound, naming the field, rather than by the parser.
    csv.field_size_limit(max(csv.field_size_limit(), total))
    read = 0

    def lines() -> Iterator[str]:
        nonlocal read
        for line in io.StringIO(text, newline=""):  # as the csv module wants: line ends left to it
            read += len(line)
            yield line

    delimiter = "\t" if ".tsv" in "".join(path.suffixes).lower() else ","
    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        header = next((fields for fields in reader if fields), None)
    except csv.Error as exc:
        raise CatalogFileError(f"{path.name}: the header cannot be read as CSV ({exc})") from None
    if header is None:
        raise CatalogFileError(f"{path.name}: empty file")
    positions = {field: header.index(column) for field, column in _resolve_columns(header, mapping, path.name).items()}
    row = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the reader resumes on the next line
            row += 1
            yield Record(row, {}, f"cannot be read as CSV ({exc})")
            continue
        if not fields:  # a blank line is no record
            continue
        row += 1
        values = {field: fields[at] if at < len(fields) else None for field, at in positions.items()}
        error = None if len(fields) == len(header) else \
            f"{_plural(len(fields), 'field')}, the header has {len(header)}"
        yield Record(row, values, error)
        if progress and row % CHUNK_ROWS == 0:
            progress("read", read, total)
    if progress:
        progress("read", total, total)


def _json_records(path: Path, mapping: dict[str, str], progress: Progress | None) -> Iterator[Record]:
    """JSON Lines are parsed line by line so that one broken line is one rejected row."""
    # Split on "\n" only: a JSON string may hold U+2028 and other characters str.splitlines() breaks at.
    lines = [line for line in _text(path, "jsonl").split("\n") if line.strip()]
    for row, line in enumerate(lines, start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(row, {}, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValueError:  # json refuses integers of more than 4,300 digits
            yield Record(row, {}, "not valid JSON (a number too long to read)")
            continue
        except RecursionError:
            yield Record(row, {}, "not valid JSON (nested too deeply)")
            continue
        if not isinstance(obj, dict):
            yield Record(row, {}, "not a JSON object")
            continue
        by_lower: dict[str, Any] = {}
        for key in obj:
            by_lower.setdefault(str(key).strip().lower(), key)
        values = {}
        for field in CANONICAL_FIELDS:
            key = mapping.get(field, field)
            key = key if key in obj else by_lower.get(key.lower())
            values[field] = obj.get(key) if key is not None else None
        yield Record(row, values)
        if progress and (row % CHUNK_ROWS == 0 or row == len(lines)):
            progress("read", row, len(lines))


def _parquet_records(path: Path, mapping: dict[str, str], progress: Progress | None) -> Iterator[Record]:
    """Parquet values arrive as plain Python values (lists, dicts, numbers), so that rows.py checks their type."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    formats.check_parquet(path)
    try:
        parquet = pq.ParquetFile(path)
        columns = _resolve_columns(parquet.schema_arrow.names, mapping, path.name)
        total = parquet.metadata.num_rows
        row = 0
        for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, columns=sorted(set(columns.values()))):
            for values in batch.to_pylist():
                row += 1
                yield Record(row, {field: values.get(column) for field, column in columns.items()})
            if progress:
                progress("read", row, total)
    except (pa.ArrowException, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise CatalogFileError(f"{path.name}: not a readable Parquet file ({reason})") from None


def _resolve_columns(present: list[str], mapping: dict[str, str], name: str) -> dict[str, str]:
    by_lower: dict[str, str] = {}
    for column in present:
        by_lower.setdefault(str(column).strip().lower(), column)
    columns: dict[str, str] = {}
    for field, column in mapping.items():
        match = column if column in present else by_lower.get(column.strip().lower())
        if match is None:
            raise CatalogFileError(f"{name}: --map {field}={column}: no column {column!r} "
                                   f"(columns: {', '.join(map(str, present))})")
        columns[field] = match
    for field in CANONICAL_FIELDS:
        if field not in columns and field in by_lower:
            columns[field] = by_lower[field]
    missing = [field for field in REQUIRED_COLUMNS if field not in columns]
    if missing:
        raise CatalogFileError(f"{name}: no column for required field(s) {', '.join(missing)}; "
                               f"map them with --map field=Column")
    return columns
