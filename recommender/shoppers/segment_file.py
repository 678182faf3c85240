"""Record a JSON Lines file of Segment calls (plain or gzipped), one call per line, reporting by line number."""

from __future__ import annotations

import bisect
import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from recommender.catalog.reader import Progress
from recommender.shoppers.recording import RecordReport, record_events
from recommender.shoppers.spec import Unreadable

PROGRESS_EVERY = 1000  # lines between progress reports: often enough for a bar, rare enough to cost nothing
GZIP_MAGIC = b"\x1f\x8b"


class EventFileError(ValueError):
    """A file of events that cannot be read at all (not gzip, truncated, missing columns); names the file."""


def _decode(number: int, raw: bytes) -> Any:
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM some editors write
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Unreadable(f"line {number}: not UTF-8 text (byte {exc.start + 1})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return Unreadable(f"line {number}: not JSON: {exc.msg} at column {exc.colno}")


def read_segment_calls(path: Path, *, progress: Progress | None = None,
                       limit_lines: int | None = None) -> Iterator[tuple[int, Any]]:
    """``(line number, call)`` for each non-blank line; a line that is not JSON gives an ``Unreadable``.

    The file is opened before the first item is asked for, so a missing file fails here, not mid-import.
    ``progress("read", bytes, total bytes)`` follows the bytes of the file on disk (compressed for .gz).

    Raises:
        OSError: the file cannot be opened.
        EventFileError: (while iterating) a gzip file that is broken or truncated.
    """
    raw = path.open("rb")
    try:
        total = path.stat().st_size
        gzipped = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
    return _lines(path, raw, stream, total, progress, limit_lines)


def _lines(path: Path, raw: IO[bytes], stream: IO[bytes], total: int, progress: Progress | None,
           limit_lines: int | None) -> Iterator[tuple[int, Any]]:
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            if limit_lines is not None and number > limit_lines:
                break
            if progress and number % PROGRESS_EVERY == 0:
                progress("read", raw.tell(), total)
            if line.strip():
                yield number, _decode(number, line)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise EventFileError(f"{path}: broken gzip data after line {number}: {exc}") from exc
    finally:
        stream.close()
        raw.close()
    if progress:
        progress("read", total, total)


def record_segment_file(session: Session, path: Path, *, now: datetime | None = None,
                        progress: Progress | None = None, limit_lines: int | None = None) -> RecordReport:
    """Check and record every call of a JSON Lines file; rejections carry the line number as their position.

    Blank lines are ignored. The caller commits (or rolls back: nothing is committed here).
    """
    # Calls are numbered 1, 2, ... by record_events; blank lines make line numbers run ahead. Remember only
    # where the gap grows, so that a file of millions of lines costs no list of millions of numbers.
    gaps: list[tuple[int, int]] = []  # (first call position with this gap, gap)
    lines = read_segment_calls(path, progress=progress, limit_lines=limit_lines)

    def calls() -> Iterator[Any]:
        for position, (number, call) in enumerate(lines, start=1):
            if number - position != (gaps[-1][1] if gaps else 0):
                gaps.append((position, number - position))
            yield call

    report = record_events(session, calls(), now=now)
    starts = [start for start, _ in gaps]

    def line_of(position: int) -> int:
        index = bisect.bisect_right(starts, position) - 1
        return position + (gaps[index][1] if index >= 0 else 0)

    report.rejected = [replace(r, position=line_of(r.position)) for r in report.rejected]
    return report
