"""Read a catalog file (CSV, JSON Lines, Parquet) into records keyed by canonical field names."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from recommender.catalog.rows import CANONICAL_FIELDS

Progress = Callable[[str, int, int | None], None]
CHUNK_ROWS = 2000


class CatalogFileError(ValueError):
    """The file as a whole cannot be read (unknown format, bad mapping, unparseable)."""


@dataclass(frozen=True)
class Record:
    row: int  # 1-based position among the file's records (the header is not a record)
    values: dict[str, Any]
    error: str | None = None  # set when the record itself could not be parsed


def detect_format(path: Path) -> str:
    suffixes = "".join(path.suffixes[-2:]).lower()
    for fmt, endings in {"csv": (".csv", ".csv.gz", ".tsv"), "jsonl": (".jsonl", ".ndjson", ".json"),
                         "parquet": (".parquet", ".pq")}.items():
        if any(suffixes.endswith(ending) for ending in endings):
            return fmt
    raise CatalogFileError(f"{path.name}: unknown file type; use .csv, .jsonl or .parquet")


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``["title=Product_Name", ...]`` to ``{"title": "Product_Name"}``, checking field names."""
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


def _raw_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def _decoded_text(path: Path) -> str:
    # Undecodable bytes become U+FFFD, so that only the rows holding them are rejected (see rows.py).
    return _raw_bytes(path).decode("utf-8-sig", errors="replace")


def _chunks(path: Path, fmt: str) -> Iterator[tuple[pd.DataFrame, int, int]]:
    """Yield (frame, bytes read so far, total bytes)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        total = parquet.metadata.num_rows
        done = 0
        for batch in parquet.iter_batches(batch_size=CHUNK_ROWS):
            done += batch.num_rows
            yield batch.to_pandas(), done, total
        return
    raw = _raw_bytes(path)
    buffer = io.BytesIO(raw)
    total = len(raw)
    sep = "\t" if path.name.lower().endswith(".tsv") else ","
    try:
        reader = pd.read_csv(buffer, sep=sep, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS,
                             encoding="utf-8-sig", encoding_errors="replace")
        for frame in reader:
            yield frame, buffer.tell(), total
    except (ValueError, pd.errors.ParserError) as exc:
        raise CatalogFileError(f"{path.name}: cannot be parsed as CSV: {exc}") from exc


def _json_lines(path: Path, mapping: dict[str, str], progress: Progress | None) -> Iterator[Record]:
    """JSON Lines are parsed line by line so that one broken line is one rejected row."""
    lines = [line for line in _decoded_text(path).splitlines() if line.strip()]
    for row, line in enumerate(lines, start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(row, {}, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Record(row, {}, "not a JSON object")
            continue
        by_lower = {str(key).strip().lower(): key for key in obj}
        values = {}
        for field in CANONICAL_FIELDS:
            key = mapping.get(field, field)
            key = key if key in obj else by_lower.get(key.lower())
            values[field] = obj.get(key) if key is not None else None
        yield Record(row, values)
        if progress and (row % CHUNK_ROWS == 0 or row == len(lines)):
            progress("read", row, len(lines))


def read_records(path: Path, mapping: dict[str, str] | None = None,
                 progress: Progress | None = None) -> Iterator[Record]:
    """Yield every record of the file with its canonical field names.

    Columns are matched to canonical fields by ``mapping`` first, then by name (case-insensitive).

    Raises:
        CatalogFileError: when the file cannot be read at all or a mapped column is absent.
    """
    if not path.exists():
        raise CatalogFileError(f"{path}: no such file")
    fmt = detect_format(path)
    mapping = mapping or {}
    if fmt == "jsonl":
        yield from _json_lines(path, mapping, progress)
        return
    row = 0
    columns: dict[str, str] | None = None
    for frame, done, total in _chunks(path, fmt):
        if columns is None:
            columns = _resolve_columns(list(frame.columns), mapping, path.name)
        for values in frame.to_dict(orient="records"):
            row += 1
            yield Record(row, {field: values.get(column) for field, column in columns.items()})
        if progress:
            progress("read", done, total)


def _resolve_columns(present: list[str], mapping: dict[str, str], name: str) -> dict[str, str]:
    by_lower = {str(column).strip().lower(): column for column in present}
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
    missing = [field for field in ("sku", "title", "price") if field not in columns]
    if missing:
        raise CatalogFileError(f"{name}: no column for required field(s) {', '.join(missing)}; "
                               f"map them with --map field=Column")
    return columns
