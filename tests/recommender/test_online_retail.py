"""The UCI Online Retail file becomes shoppers' order history: invoices to orders and refunds, products to the
catalog, guests to anonymous shoppers, and a second import records nothing twice."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.catalog.importer import apply_rows
from recommender.catalog.models import Product
from recommender.catalog.rows import parse_row
from recommender.encoder import Encoder
from recommender.shoppers.identity import find_shopper
from recommender.shoppers.models import ANONYMOUS, CUSTOMER, Event, EventItem, Shopper, ShopperId
from recommender.shoppers.online_retail import (
    NOT_MERCHANDISE,
    _calls,
    _group,
    _prepare,
    clean_title,
    import_online_retail,
    read_invoice_lines,
)
from recommender.shoppers.product_types import product_type
from recommender.shoppers.segment_file import EventFileError
from recommender.shoppers.spec import SpecError, check
from tests.conftest import SHARED_DATA

RETAIL_FILE = SHARED_DATA / "behaviour" / "uci-online-retail" / "online_retail.csv.gz"
SLICE_LINES = 1500  # enough for customers, guests, cancellations and postage lines; a few seconds to embed
HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
EDGE_CASES = [
    # A winter invoice (GMT = UTC) by a customer, with postage and a return line mixed in.
    "100001,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,12345.0,United Kingdom",
    "100001,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,12345.0,United Kingdom",
    "100001,POST,POSTAGE,1,2010-12-01 08:26:00,18.00,12345.0,United Kingdom",
    "100001,22633,HAND WARMER UNION JACK,-2,2010-12-01 08:26:00,1.85,12345.0,United Kingdom",
    # A summer guest checkout (BST = UTC+1); the stock code's lower-case letter is the same product.
    "100002,85123a,WHITE HANGING HEART T-LIGHT HOLDER,2,2011-06-15 12:00:00,2.95,,France",
    # The customer cancels one holder.
    "C100003,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-1,2011-01-10 09:00:00,2.55,12345.0,United Kingdom",
    # Nothing to record: postage alone; a free line and a gift voucher.
    "100004,POST,POSTAGE,1,2011-02-01 10:00:00,40.00,12345.0,United Kingdom",
    "100005,21175,check,5,2011-03-01 10:00:00,0.0,,United Kingdom",
    "100005,gift_0001_10,Dotcomgiftshop Gift Voucher £10.00,1,2011-03-01 10:00:00,8.51,,United Kingdom",
]


def write_retail(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_descriptions_become_titles_and_product_types() -> None:
    assert clean_title("WHITE HANGING HEART T-LIGHT HOLDER") == "White Hanging Heart T-Light Holder"
    assert clean_title("SET OF 3 CAKE TINS PANTRY DESIGN ") == "Set of 3 Cake Tins Pantry Design"
    assert clean_title("PAPER CHAIN KIT 50'S CHRISTMAS") == "Paper Chain Kit 50's Christmas"
    assert {d: product_type(d) for d in [
        "WHITE HANGING HEART T-LIGHT HOLDER", "KNITTED UNION FLAG HOT WATER BOTTLE", "SET OF 3 CAKE TINS PANTRY DESIGN",
        "JUMBO BAG RED RETROSPOT", "CARD HOLDER GINGHAM HEART", "BAG 125g SWIRLY MARBLES", "WICKER STAR",
        "LUNCH BOX WITH CUTLERY", "PACK OF 72 RETROSPOT CAKE CASES", "ALARM CLOCK BAKELIKE PINK", "XYZZY",
    ]} == {
        "WHITE HANGING HEART T-LIGHT HOLDER": "t-light holder", "KNITTED UNION FLAG HOT WATER BOTTLE":
        "hot water bottle", "SET OF 3 CAKE TINS PANTRY DESIGN": "tin", "JUMBO BAG RED RETROSPOT": "bag",
        "CARD HOLDER GINGHAM HEART": "frame", "BAG 125g SWIRLY MARBLES": "toy", "WICKER STAR": "decoration",
        "LUNCH BOX WITH CUTLERY": "kitchenware", "PACK OF 72 RETROSPOT CAKE CASES": "baking",
        "ALARM CLOCK BAKELIKE PINK": "clock", "XYZZY": "other",
    }


def test_edge_cases_of_a_hand_written_file(session: Session, encoder: Encoder, tmp_path: Path) -> None:
    # A product the catalog already has keeps its own title and price.
    apply_rows(session, [parse_row({"sku": "71053", "title": "Lantern", "price": 9.99, "currency": "GBP"})], encoder)
    session.commit()
    path = write_retail(tmp_path / "retail.csv", EDGE_CASES)
    report = import_online_retail(session, path, encoder)
    session.commit()

    assert (report.lines, report.invoices, report.orders, report.refunds) == (9, 5, 2, 1)
    assert (report.customers, report.guest_checkouts, report.skipped_invoices) == (1, 1, 2)
    assert report.skipped_lines == {"not merchandise: postage": 2, "quantity <= 0 on an invoice": 1,
                                    "zero price (free item or stock adjustment)": 1, "not merchandise: gift voucher": 1}
    assert report.recording.recorded == 3 and not report.recording.rejected
    assert report.products_added == 1  # the holder; the lantern was known
    holder = session.scalars(select(Product).where(Product.sku == "85123A")).one()
    assert (holder.title, holder.category, holder.currency) == ("White Hanging Heart T-Light Holder",
                                                                "t-light holder", "GBP")
    assert holder.price == 2.75  # the median of 2.55 and 2.95; the refund does not count
    lantern = session.scalars(select(Product).where(Product.sku == "71053")).one()
    assert (lantern.title, lantern.price) == ("Lantern", 9.99)

    events = {e.order_id: e for e in session.scalars(select(Event))}
    assert set(events) == {"100001", "100002", "C100003"}
    winter, summer, refund = events["100001"], events["100002"], events["C100003"]
    assert winter.occurred_at == datetime(2010, 12, 1, 8, 26, tzinfo=UTC)
    assert summer.occurred_at == datetime(2011, 6, 15, 11, 0, tzinfo=UTC)  # 12:00 BST
    assert winter.name == "Order Completed" and winter.message_id == "online-retail:100001"
    assert winter.revenue == pytest.approx(6 * 2.55 + 6 * 3.39)
    assert winter.properties["currency"] == "GBP"
    assert sorted(i.sku for i in winter.items) == ["71053", "85123A"]  # no postage, no returned line
    assert refund.name == "Order Refunded" and refund.revenue == pytest.approx(2.55)
    assert [(i.sku, i.quantity) for i in refund.items] == [("85123A", 1)]
    on_sale = {i.sku: i.on_sale for i in winter.items}
    assert on_sale == {"85123A": True, "71053": True}  # paid under the list price

    customer = find_shopper(session, "12345")
    guest = find_shopper(session, "guest-100002")
    assert customer is not None and customer.customer_id == "12345"
    assert guest is not None and guest.customer_id is None and guest.country == "France"
    assert winter.shopper_id == refund.shopper_id == customer.id and summer.shopper_id == guest.id
    kinds = dict(session.execute(select(ShopperId.external_id, ShopperId.kind)).all())
    assert kinds == {"12345": CUSTOMER, "guest-100002": ANONYMOUS}

    again = import_online_retail(session, path, encoder)
    session.commit()
    assert (again.recording.recorded, again.recording.duplicates, again.products_added) == (0, 3, 0)
    assert session.scalar(select(func.count()).select_from(Event)) == 3


def test_a_limit_keeps_whole_invoices_and_bad_files_are_named(tmp_path: Path) -> None:
    path = write_retail(tmp_path / "retail.csv", EDGE_CASES)
    assert list(read_invoice_lines(path, limit_lines=2)["InvoiceNo"]) == ["100001"] * 4
    assert len(read_invoice_lines(path, limit_lines=5)) == 5
    gzipped = tmp_path / "retail.csv.gz"
    gzipped.write_bytes(gzip.compress(path.read_bytes()))
    assert len(read_invoice_lines(gzipped)) == len(EDGE_CASES)
    (tmp_path / "bad.csv").write_text("InvoiceNo,StockCode,Quantity\n1,2,3\n", encoding="utf-8")
    with pytest.raises(EventFileError, match=r"bad.csv: missing column\(s\) Description, InvoiceDate"):
        read_invoice_lines(tmp_path / "bad.csv")
    (tmp_path / "broken.csv.gz").write_bytes(gzip.compress(path.read_bytes())[:40])
    with pytest.raises(EventFileError, match=r"broken\.csv\.gz: broken gzip data"):
        read_invoice_lines(tmp_path / "broken.csv.gz")


@pytest.mark.skipif(not RETAIL_FILE.exists(), reason=f"the UCI Online Retail file is not at {RETAIL_FILE}")
def test_a_slice_of_the_real_file(session: Session, encoder: Encoder) -> None:
    report = import_online_retail(session, RETAIL_FILE, encoder, limit_lines=SLICE_LINES)
    session.commit()
    recorded = report.recording
    assert report.lines >= SLICE_LINES and not recorded.rejected
    assert recorded.recorded == report.orders + report.refunds and report.refunds > 0 and report.guest_checkouts > 0

    # Customers are known shoppers, each guest checkout an anonymous one.
    kinds = pd.DataFrame(session.execute(select(ShopperId.external_id, ShopperId.kind, Shopper.customer_id)
                                         .join(Shopper, Shopper.id == ShopperId.shopper_id)).all(),
                         columns=["external", "kind", "customer"])
    customers, guests = kinds[kinds["kind"] == CUSTOMER], kinds[kinds["kind"] == ANONYMOUS]
    assert len(customers) == report.customers and (customers["external"] == customers["customer"]).all()
    assert customers["external"].str.fullmatch(r"\d+").all()  # 17850, not 17850.0
    assert len(guests) == report.guest_checkouts and guests["external"].str.startswith("guest-").all()
    assert guests["customer"].isna().all()
    assert recorded.shoppers_created == report.customers + report.guest_checkouts

    # "C" invoices are refunds, the rest orders; no postage or fee is a line of either.
    names = dict(session.execute(select(Event.order_id, Event.name)).all())
    assert all((name == "Order Refunded") == order.startswith("C") for order, name in names.items())
    skus = set(session.scalars(select(EventItem.sku).distinct()))
    assert not skus & set(NOT_MERCHANDISE) and report.skipped_lines.get("not merchandise: postage", 0) > 0

    # An order's revenue is the sum of its lines.
    sums = dict(session.execute(select(EventItem.event_id, func.sum(EventItem.price * EventItem.quantity))
                                .group_by(EventItem.event_id)).all())
    for event_id, revenue in session.execute(select(Event.id, Event.revenue)):
        assert revenue == pytest.approx(sums[event_id], abs=0.006)

    # Products are in the catalog with a type and the median price of their sales.
    assert report.products_added == len(skus) == session.scalar(select(func.count()).select_from(Product))
    lines = read_invoice_lines(RETAIL_FILE, limit_lines=SLICE_LINES)
    sold = lines[(lines["StockCode"] == "85123A") & ~lines["InvoiceNo"].str.startswith("C")]
    holder = session.scalars(select(Product).where(Product.sku == "85123A")).one()
    assert holder.price == pytest.approx(sold["UnitPrice"].astype(float).median(), abs=0.005)
    assert (holder.category, holder.title) == ("t-light holder", "White Hanging Heart T-Light Holder")
    categories = pd.Series(session.scalars(select(Product.category)).all())
    assert (categories == "other").mean() < 0.1 and categories.nunique() > 20

    again = import_online_retail(session, RETAIL_FILE, encoder, limit_lines=SLICE_LINES)
    session.commit()
    assert (again.recording.recorded, again.products_added) == (0, 0)
    assert again.recording.duplicates == recorded.recorded


@pytest.mark.skipif(not RETAIL_FILE.exists(), reason=f"the UCI Online Retail file is not at {RETAIL_FILE}")
def test_every_invoice_of_the_real_file_keeps_the_bounds_of_a_call() -> None:
    # The bounds on a call (quantity, products per call, JSON size) must not reject a real wholesaler's orders:
    # its largest line is 80,995 of one item and its longest invoice 1,112 lines.
    lines, _ = _prepare(read_invoice_lines(RETAIL_FILE))
    invoices = _group(lines)
    rejected = []
    for call in _calls(invoices):
        try:
            check(call, datetime(2012, 1, 1, tzinfo=UTC))
        except SpecError as exc:
            rejected.append(f"{call['properties']['order_id']}: {exc}")
    assert not rejected, rejected[:5]
    assert len(invoices.numbers) > 20_000
