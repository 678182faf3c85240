"""Which format a catalog file is in: named by its extension, confirmed by its first bytes.

A file whose content is not what its name says is refused as a whole with one line that names the format
expected and, when it can be told, the one found ("c.parquet: not a Parquet file (it looks like a CSV file)").
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

SNIFF_BYTES = 8192
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"
FORMAT_NAMES = {"csv": "a CSV file", "jsonl": "a JSON Lines file", "parquet": "a Parquet file"}
EXTENSIONS = {"csv": (".csv", ".csv.gz", ".tsv", ".tsv.gz"), "jsonl": (".jsonl", ".ndjson", ".json", ".jsonl.gz"),
              "parquet": (".parquet", ".pq")}
# Files a merchant may pick by mistake, by their first bytes.
KNOWN_BINARY = {
    PARQUET_MAGIC: "it looks like a Parquet file",
    b"PK\x03\x04": "it looks like an Excel workbook or a ZIP archive; export the sheet as CSV",
    b"\xd0\xcf\x11\xe0": "it looks like an Excel 97-2003 workbook; export the sheet as CSV",
    b"%PDF": "it looks like a PDF document",
    b"\xff\xfe": "it is UTF-16 text; convert it to UTF-8 (iconv -f utf-16 -t utf-8)",
    b"\xfe\xff": "it is UTF-16 text; convert it to UTF-8 (iconv -f utf-16 -t utf-8)",
}


class CatalogFileError(ValueError):
    """The file as a whole cannot be read (unknown or wrong format, bad mapping, unparseable)."""


def detect_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` from the file's name.

    Raises:
        CatalogFileError: for any other extension.
    """
    suffixes = "".join(path.suffixes[-2:]).lower()
    for fmt, endings in EXTENSIONS.items():
        if any(suffixes.endswith(ending) for ending in endings):
            return fmt
    raise CatalogFileError(f"{path.name}: unknown file type; use .csv, .jsonl or .parquet")


def text_bytes(path: Path) -> bytes:
    """The whole content of a text catalog, decompressed when it is gzipped (by content, not by name).

    Raises:
        CatalogFileError: when a gzipped file is damaged.
    """
    raw = path.read_bytes()
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error):
        raise CatalogFileError(f"{path.name}: a damaged gzip file (it cannot be decompressed)") from None


def check_text(name: str, fmt: str, head: bytes) -> None:
    """Refuse text content that is not ``fmt`` (CSV or JSON Lines), judged from its first bytes.

    Raises:
        CatalogFileError: naming the file, the format expected and what was found instead.
    """
    expected = FORMAT_NAMES[fmt]
    if not head.strip():
        raise CatalogFileError(f"{name}: empty file")
    for magic, found in KNOWN_BINARY.items():
        if head.startswith(magic):
            raise CatalogFileError(f"{name}: not {expected} ({found})")
    # No text format holds a NUL byte; images, archives and executables all do, early on.
    if b"\x00" in head:
        raise CatalogFileError(f"{name}: not {expected} (binary content)")
    if fmt == "jsonl":
        first = head.decode("utf-8-sig", errors="replace").lstrip()[:1]
        if first == "[":
            raise CatalogFileError(f"{name}: not a JSON Lines file (it is one JSON array; write one object a line)")
        if first != "{":
            raise CatalogFileError(f"{name}: not a JSON Lines file (the first line is not a JSON object"
                                   + ("; it looks like a CSV file)" if b"," in head.split(b"\n", 1)[0] else ")"))


def check_parquet(path: Path) -> None:
    """Refuse a file that does not begin and end with Parquet's magic bytes.

    Raises:
        CatalogFileError: naming the file and, for a text file, what it looks like.
    """
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
        size = handle.seek(0, 2)
        handle.seek(max(0, size - len(PARQUET_MAGIC)))
        tail = handle.read()
    if head.startswith(PARQUET_MAGIC) and size >= 12 and tail == PARQUET_MAGIC:
        return
    if head.startswith(PARQUET_MAGIC):
        raise CatalogFileError(f"{path.name}: not a Parquet file (truncated or damaged)")
    if not head.strip():
        raise CatalogFileError(f"{path.name}: not a Parquet file (the file is empty)")
    if head.startswith(GZIP_MAGIC) or b"\x00" in head:
        raise CatalogFileError(f"{path.name}: not a Parquet file (binary content)")
    first = head.decode("utf-8-sig", errors="replace").lstrip()[:1]
    found = "JSON Lines" if first in ("{", "[") else "a CSV file"
    raise CatalogFileError(f"{path.name}: not a Parquet file (it looks like {found})")
