"""A JSON Lines file of Segment calls: the good calls are kept, the bad lines reported with their line numbers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.shoppers.models import Event
from recommender.shoppers.segment_file import EventFileError, read_segment_calls, record_segment_file
from recommender.shoppers.spec import Unreadable
from tests.recommender.shoppers_helpers import NOW, at, order, product, track

LINES = [
    json.dumps(track("Product Viewed", sku="A", when=at(2), message="m-1")),  # line 1
    "",  # line 2: blank lines are ignored but still counted
    json.dumps(track("Product Added", sku="A", when=at(1), message="m-2")),  # line 3
    '{"type": "track", "event": "Product Viewed", "anonymousId": ',  # line 4: cut off
    json.dumps(track("Product Viewed", name="no sku")),  # line 5: breaks the spec
    "   ",  # line 6
    json.dumps(order("O-1", [product("A", 30)], user="cust-1", message="m-3")),  # line 7
    "[1, 2]",  # line 8: JSON, but not a call
]


def write_lines(path: Path, lines: list[str]) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


@pytest.mark.parametrize("name", ["calls.jsonl", "calls.jsonl.gz"])
def test_good_calls_are_kept_and_bad_lines_named(session: Session, tmp_path: Path, name: str) -> None:
    path = write_lines(tmp_path / name, LINES)
    seen: list[tuple[str, int, int | None]] = []
    report = record_segment_file(session, path, now=NOW, progress=lambda *a: seen.append(a))
    session.commit()
    assert report.recorded == 3 and report.shoppers_created == 1  # the order names the browsing shopper
    assert [(r.position, r.event) for r in report.rejected] == [(4, None), (5, "Product Viewed"), (8, None)]
    assert report.rejected[0].reason.startswith("line 4: not JSON: Expecting value at column")
    assert "properties.sku/product_id" in report.rejected[1].reason
    assert "expected a JSON object, got list" in report.rejected[2].reason
    assert session.scalar(select(func.count()).select_from(Event)) == 3
    assert seen and seen[-1][0] == "read" and seen[-1][1] == seen[-1][2] == path.stat().st_size

    again = record_segment_file(session, path, now=NOW)
    assert (again.recorded, again.duplicates) == (0, 3)


def test_lines_are_numbered_as_in_the_file(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "calls.jsonl", ["\ufeff" + LINES[0], *LINES[1:], "\xff"])
    path.write_bytes(path.read_bytes().replace("ÿ".encode(), b"\xff"))  # a byte that is not UTF-8
    calls = list(read_segment_calls(path))
    assert [number for number, _ in calls] == [1, 3, 4, 5, 7, 8, 9]
    assert calls[0][1]["messageId"] == "m-1"  # the byte-order mark is not part of the JSON
    assert calls[-1][1] == Unreadable("line 9: not UTF-8 text (byte 1)")
    assert [number for number, _ in read_segment_calls(path, limit_lines=4)] == [1, 3, 4]


def test_missing_and_broken_files(session: Session, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_segment_calls(tmp_path / "nope.jsonl")
    broken = tmp_path / "calls.jsonl.gz"
    broken.write_bytes(gzip.compress(("\n".join(LINES * 50)).encode())[:-20])
    with pytest.raises(EventFileError, match=r"calls\.jsonl\.gz: broken gzip data"):
        record_segment_file(session, broken, now=NOW)
