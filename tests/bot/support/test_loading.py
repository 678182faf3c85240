"""Loading orders: bad rows named by line and field and the good ones kept, once per order number, dates moved
by whole days when asked."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.support.loading import day_shift, load_orders
from bot.support.models import Order, OrderLine
from bot.support.orders import find_order

from .conftest import NOW, order_record


def write_orders(path: Path, lines: list[object]) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    path.write_bytes(gzip.compress(text.encode()) if path.suffix == ".gz" else text.encode())
    return path


def test_bad_rows_are_named_and_the_good_ones_kept(session: Session, tmp_path: Path) -> None:
    bad_quantity = order_record("OF-5")
    bad_quantity["lines"][1]["quantity"] = 0
    no_delivery = order_record("OF-6")
    del no_delivery["delivered_at"]
    private = order_record("OF-7", email="not-an-address secret@")
    path = write_orders(tmp_path / "orders.jsonl.gz", [
        order_record("OF-1"), "{", bad_quantity, no_delivery, "", private, order_record("of-1"),
        {**order_record("OF-8"), "colour": "red"}, order_record("581483", customer_id="17850"),
        {**order_record("OF-10"), "placed_at": "2025-01-01T10:00:00"}, [1, 2],
        {**order_record("OF-11", status="placed"), "placed_at": (NOW + timedelta(days=3)).isoformat()},
    ])
    report = load_orders(session, path, now=NOW)
    session.commit()
    assert (report.added, report.known, report.lines) == (2, 0, 4)
    assert [str(r) for r in report.rejected] == [
        "line 2: not JSON: Expecting property name enclosed in double quotes at column 1",
        "line 3 (order OF-5): lines[1].quantity: Input should be greater than or equal to 1",
        "line 4 (order OF-6): delivered_at: missing (required for a delivered order)",
        "line 6 (order OF-7): email: not an email address",
        "line 7 (order OF-1): order_number: repeated (first at line 1)",
        "line 8 (order OF-8): colour: unknown field",
        "line 10 (order OF-10): placed_at: Input should have timezone info",
        "line 11: order: expected a JSON object, got list",
        "line 12 (order OF-11): placed_at: more than a day in the future",
    ]
    assert "secret" not in " ".join(map(str, report.rejected))  # a shopper's address is never echoed
    invoice = find_order(session, "581483")
    assert invoice is not None and invoice.customer_id == "17850" and invoice.email == "Ada@Example.com"


def test_a_second_load_changes_nothing(session: Session) -> None:
    records = [order_record("OF-1"), order_record("OF-2", status="placed")]
    assert load_orders(session, records, now=NOW).added == 2
    session.commit()
    cancelled_here = find_order(session, "OF-2")
    assert cancelled_here is not None
    cancelled_here.status, cancelled_here.cancelled_at = "cancelled", NOW
    session.commit()
    again = load_orders(session, records, now=NOW + timedelta(days=1))
    session.commit()
    assert (again.added, again.known, again.rejected) == (0, 2, [])
    assert session.scalar(select(func.count()).select_from(OrderLine)) == 4
    session.expire_all()
    kept = find_order(session, "OF-2")
    assert kept is not None and kept.status == "cancelled"  # an older export does not undo it


def test_dates_move_by_whole_days_from_the_reference(session: Session) -> None:
    reference = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
    now = datetime(2025, 6, 2, 7, 30, tzinfo=UTC)
    assert day_shift(now, reference) == timedelta(days=143) and day_shift(now, None) == timedelta(0)
    record = order_record("OF-1")
    record["placed_at"] = "2024-12-31T10:00:00+00:00"
    record["paid_at"] = "2024-12-31T10:00:00+00:00"
    record["shipped_at"] = "2024-12-31T20:00:00+00:00"
    record["delivered_at"] = "2024-12-31T23:00:00-02:00"  # 1 January at 01:00 UTC
    assert not load_orders(session, [record], now=now, reference=reference).rejected
    session.commit()
    order = find_order(session, "OF-1")
    assert order is not None and order.placed_at == datetime(2025, 5, 23, 10, 0, tzinfo=UTC)
    assert order.delivered_at == datetime(2025, 5, 24, 1, 0, tzinfo=UTC)  # the time of day is kept
    assert session.scalar(select(Order.created_at)) == now
