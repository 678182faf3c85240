"""The Online Retail invoices become delivered orders, once per invoice, verifiable by the customer id alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.support.models import Order, OrderLine
from bot.support.online_retail import import_retail_orders
from bot.support.orders import find_order
from bot.support.verification import verify
from recommender.shoppers.online_retail import _prepare, read_invoice_lines
from tests.recommender.test_online_retail import EDGE_CASES, RETAIL_FILE, SLICE_LINES, write_retail


def test_a_hand_written_file(session: Session, tmp_path: Path) -> None:
    path = write_retail(tmp_path / "retail.csv", EDGE_CASES)
    report = import_retail_orders(session, path)
    session.commit()
    assert (report.invoices, report.refunds, report.loading.added, report.loading.lines) == (2, 1, 2, 3)
    assert not report.loading.rejected

    winter = find_order(session, "100001")
    assert winter is not None and winter.status == "delivered" and winter.customer_id == "12345"
    assert winter.email is None and winter.currency == "GBP"
    placed = datetime(2010, 12, 1, 8, 26, tzinfo=UTC)  # UK winter time is UTC
    assert (winter.placed_at, winter.paid_at) == (placed, placed)
    assert winter.shipped_at == placed + timedelta(days=1) and winter.delivered_at == placed + timedelta(days=3)
    # Postage and the negative line are not goods; the stock code is upper-cased, the title cleaned.
    assert [(line.sku, line.title, line.quantity, line.unit_price, line.category) for line in winter.lines] == [
        ("85123A", "White Hanging Heart T-Light Holder", 6, 2.55, "t-light holder"),
        ("71053", "White Metal Lantern", 6, 3.39, "lantern"),
    ]
    assert winter.total == round(6 * 2.55 + 6 * 3.39, 2)
    summer = find_order(session, "100002")
    assert summer is not None and summer.customer_id is None
    assert summer.placed_at == datetime(2011, 6, 15, 11, 0, tzinfo=UTC)  # 12:00 in London is BST
    assert find_order(session, "C100003") is None

    again = import_retail_orders(session, path)
    assert (again.loading.added, again.loading.known) == (0, 2)
    # No email in the file: the signed-in customer id is the only proof.
    now = datetime(2012, 1, 1, tzinfo=UTC)
    assert verify(session, "conv", "100001", customer_id="12345", now=now).verified
    assert not verify(session, "conv", "100001", email="someone@example.com", now=now).verified
    assert not verify(session, "conv", "100002", customer_id="12345", now=now).verified


@pytest.mark.skipif(not RETAIL_FILE.exists(), reason=f"the UCI Online Retail file is not at {RETAIL_FILE}")
def test_a_slice_of_the_real_file(session: Session) -> None:
    report = import_retail_orders(session, RETAIL_FILE, limit_lines=SLICE_LINES)
    session.commit()
    lines, _ = _prepare(read_invoice_lines(RETAIL_FILE, limit_lines=SLICE_LINES))
    invoices = lines.groupby("invoice")["refund"].first()
    assert report.invoices == int((~invoices).sum()) and report.refunds == int(invoices.sum()) > 0
    assert report.loading.added == report.invoices and not report.loading.rejected
    assert session.scalar(select(func.count()).select_from(OrderLine)) == int((~lines["refund"]).sum())
    assert set(session.scalars(select(Order.status))) == {"delivered"}
    assert session.scalar(select(func.count()).select_from(Order).where(Order.email.is_not(None))) == 0
    first = find_order(session, "536365")  # the file's first invoice
    assert first is not None and first.customer_id == "17850" and first.delivered_at is not None
    assert first.delivered_at - first.placed_at == timedelta(days=3)
    assert import_retail_orders(session, RETAIL_FILE, limit_lines=SLICE_LINES).loading.added == 0
