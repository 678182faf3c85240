"""Import the UCI Online Retail file (a UK gift wholesaler's invoices, 2010-2011) as shoppers' order history.

Each invoice becomes one Segment call (``Order Completed``, or ``Order Refunded`` for a "C" invoice) and goes
through :func:`recording.record_events` like any other call; the products bought are added to the catalog
first, so that recording can compare the prices paid with list prices.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.catalog.importer import apply_rows
from recommender.catalog.models import Product
from recommender.catalog.reader import Progress
from recommender.catalog.rows import CatalogRow, RowError, parse_row
from recommender.encoder import Encoder
from recommender.shoppers.product_types import product_type
from recommender.shoppers.recording import RecordReport, record_events
from recommender.shoppers.segment_file import EventFileError
from recommender.shoppers.spec import ORDER_COMPLETED, ORDER_REFUNDED

COLUMNS = ("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country")
CHUNK_LINES = 50_000
LONDON = ZoneInfo("Europe/London")  # the shop's invoice times are UK wall-clock times
CURRENCY = "GBP"
MESSAGE_PREFIX = "online-retail:"  # messageId = prefix + InvoiceNo, so a second import records nothing twice

# Stock codes that are not goods: postage, fees, manual corrections. Their lines are not products bought.
NOT_MERCHANDISE = {
    "POST": "postage", "DOT": "postage", "C2": "postage", "M": "manual adjustment", "D": "discount",
    "S": "samples", "B": "bad debt adjustment", "CRUK": "fees and commissions",
    "BANK CHARGES": "fees and commissions", "AMAZONFEE": "fees and commissions", "PADS": "price adjustment",
}
# Some charges hide behind ordinary-looking codes (23444 is next-day carriage, 22016 a £100 voucher).
NOT_MERCHANDISE_DESCRIPTIONS = {"NEXT DAY CARRIAGE": "postage", "PACKING CHARGE": "postage",
                                "HIGH RESOLUTION IMAGE": "image licence"}
_MINOR_WORDS = frozenset(("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
                          "with", "w"))
_ACRONYMS = frozenset(("LED", "USB", "UK", "USA", "DVD", "CD", "TV", "3D", "XL", "PVC", "DIY", "UFO", "II", "III"))
_WORD_START = re.compile(r"(?:^|(?<=[-/(&+.,\"]))[a-z]")
@dataclass
class OnlineRetailReport:
    lines: int = 0  # lines read (the header is not a line)
    invoices: int = 0  # distinct invoice numbers read
    orders: int = 0  # calls made: Order Completed
    refunds: int = 0  # calls made: Order Refunded (the "C" invoices)
    customers: int = 0  # distinct CustomerIDs among the calls
    guest_checkouts: int = 0  # calls without a CustomerID, each its own anonymous shopper
    products_added: int = 0
    skipped_lines: dict[str, int] = field(default_factory=dict)  # reason -> lines left out of the calls
    skipped_invoices: int = 0  # invoices with no line left
    product_rejections: list[str] = field(default_factory=list)
    recording: RecordReport = field(default_factory=RecordReport)
    # The invoice behind each call, in the order given to record_events (rejection positions index into it).
    invoice_numbers: list[str] = field(default_factory=list, repr=False)

    def invoice_at(self, position: int) -> str:
        """The invoice number of the call at ``position`` (1-based, as in ``recording.rejected``)."""
        return self.invoice_numbers[position - 1]


def clean_title(description: str) -> str:
    """``WHITE HANGING HEART T-LIGHT HOLDER`` -> ``White Hanging Heart T-Light Holder``."""
    words = re.sub(r"\s+", " ", description).strip(" .,").split(" ")
    out = []
    for position, word in enumerate(words):
        if word.upper() in _ACRONYMS:
            out.append(word.upper())
        elif position and word.lower() in _MINOR_WORDS:
            out.append(word.lower())
        else:
            out.append(_WORD_START.sub(lambda m: m.group(0).upper(), word.lower()))
    return " ".join(out)


def read_invoice_lines(path: Path, *, progress: Progress | None = None,
                       limit_lines: int | None = None) -> pd.DataFrame:
    """The file's lines as text columns (``COLUMNS``); with ``limit_lines``, the first N lines and then the
    rest of the invoice the N-th line belongs to.

    Raises:
        OSError: the file cannot be opened.
        EventFileError: it is not a readable CSV (or gzip) or lacks a column.
    """
    raw = path.read_bytes()
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise EventFileError(f"{path}: broken gzip data: {exc}") from exc
    total = max(raw.count(b"\n") - 1 + (not raw.endswith(b"\n")), 0)
    if limit_lines is not None:
        total = min(total, limit_lines)
    frames: list[pd.DataFrame] = []
    read = 0
    try:
        header = [str(c).strip() for c in pd.read_csv(io.BytesIO(raw), nrows=0, encoding_errors="replace").columns]
        if missing := [c for c in COLUMNS if c not in header]:
            raise EventFileError(f"{path}: missing column(s) {', '.join(missing)}; "
                                 f"an Online Retail file has {', '.join(COLUMNS)}")
        for chunk in pd.read_csv(io.BytesIO(raw), header=0, names=header, usecols=list(COLUMNS), dtype=str,
                                 chunksize=CHUNK_LINES, encoding_errors="replace", skipinitialspace=True):
            frames.append(chunk)
            read += len(chunk)
            if progress:
                progress("read", min(read, total), total)
            if limit_lines is not None and read >= limit_lines and _cut(frames, limit_lines):
                break
    except EventFileError:
        raise
    except pd.errors.EmptyDataError:
        raise EventFileError(f"{path}: empty file (expected a header: {', '.join(COLUMNS)})") from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise EventFileError(f"{path}: cannot be parsed as CSV: {exc}") from exc
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS), dtype=object)
    if progress:
        progress("read", len(frame), max(total, len(frame)))
    return frame


def _cut(frames: list[pd.DataFrame], limit: int) -> bool:
    """Trim ``frames`` to ``limit`` lines plus the rest of the last invoice; False while it may go on."""
    frame = pd.concat(frames, ignore_index=True)
    invoices = frame["InvoiceNo"]
    if limit == 0:
        frames[:] = [frame.iloc[:0]]
        return True
    others = np.flatnonzero((invoices.iloc[limit:] != invoices.iat[limit - 1]).to_numpy())
    frames[:] = [frame.iloc[:limit + others[0]]] if len(others) else [frame]
    return bool(len(others))


def _local_times(text: pd.Series) -> pd.Series:
    when = pd.to_datetime(text, format="ISO8601", errors="coerce")
    other = when.isna() & text.notna()
    if other.any():  # the original UCI spreadsheet's export: 12/1/2010 8:26
        when[other] = pd.to_datetime(text[other], format="%m/%d/%Y %H:%M", errors="coerce")
    return when


def _customer_ids(text: pd.Series) -> pd.Series:
    """``17850.0`` -> ``17850`` (the file went through a float column); other ids stay as written."""
    ids = text.str.strip().replace("", None)
    number = pd.to_numeric(ids, errors="coerce")
    whole = number.notna() & (number % 1 == 0)
    ids = ids.astype(object)
    ids[whole] = number[whole].astype("int64").astype(str)
    return ids


def _prepare(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The lines that become order lines, with typed columns, and the count of the others by reason."""
    invoice = frame["InvoiceNo"].str.strip()
    sku = frame["StockCode"].str.strip().str.upper()  # 85123a and 85123A are the same product
    description = frame["Description"].str.strip().replace("", None)
    quantity = pd.to_numeric(frame["Quantity"], errors="coerce")
    price = pd.to_numeric(frame["UnitPrice"], errors="coerce")
    when = _local_times(frame["InvoiceDate"].str.strip())
    refund = invoice.str.startswith("C").fillna(False).astype(bool)
    upper = description.str.upper()
    service = sku.map(NOT_MERCHANDISE).fillna(upper.map(NOT_MERCHANDISE_DESCRIPTIONS))
    voucher = sku.str.startswith("GIFT_").fillna(False) | upper.str.contains("GIFT VOUCHER").fillna(False)
    service = service.mask(voucher.astype(bool), "gift voucher")
    rules = [
        (invoice.isna() | (invoice == ""), "no InvoiceNo"),
        (sku.isna() | (sku == ""), "no StockCode"),
        (service.notna(), None),
        (quantity.isna(), "unreadable Quantity"),
        (~refund & (quantity <= 0), "quantity <= 0 on an invoice"),
        (refund & (quantity >= 0), "quantity >= 0 on a cancellation"),
        (price.isna(), "no price"),
        (price < 0, "negative price"),
        (price == 0, "zero price (free item or stock adjustment)"),
        (when.isna(), "unreadable InvoiceDate"),
    ]
    reason = pd.Series(None, index=frame.index, dtype=object)
    for mask, text in rules:
        fresh = mask.fillna(False).astype(bool) & reason.isna()
        reason[fresh] = ("not merchandise: " + service[fresh]) if text is None else text
    keep = reason.isna().to_numpy()
    lines = pd.DataFrame({"invoice": invoice[keep], "sku": sku[keep], "description": description[keep],
                          "quantity": quantity[keep].abs(), "price": price[keep], "when": when[keep],
                          "customer": _customer_ids(frame["CustomerID"])[keep],
                          "country": frame["Country"].str.strip()[keep], "refund": refund[keep]})
    return lines.reset_index(drop=True), {str(k): int(v) for k, v in reason.value_counts().items()}


def _catalog_rows(session: Session, lines: pd.DataFrame, report: OnlineRetailReport) -> list[CatalogRow]:
    """Rows for the products bought that the catalog does not have yet."""
    skus = lines["sku"].unique().tolist()
    known: set[str] = set()
    for start in range(0, len(skus), 500):
        known.update(session.scalars(select(Product.sku).where(Product.sku.in_(skus[start:start + 500]))))
    new = lines[~lines["sku"].isin(known)]
    if new.empty:
        return []
    named = new.dropna(subset=["description"]).groupby(["sku", "description"]).size().reset_index(name="n")
    named = named.sort_values(["sku", "n", "description"], ascending=[True, False, True]).drop_duplicates("sku")
    descriptions = dict(zip(named["sku"], named["description"], strict=True))
    # The list price is what the shop usually asked; refunds only when the file holds no sale of the product.
    price = new[~new["refund"]].groupby("sku")["price"].median()
    price = price.reindex(new["sku"].unique()).fillna(new.groupby("sku")["price"].median())
    rows = []
    for sku, median in price.items():
        description = descriptions.get(sku)
        try:
            rows.append(parse_row({"sku": sku, "title": clean_title(description) if description else f"Item {sku}",
                                   "price": round(float(median), 2), "currency": CURRENCY,
                                   "category": product_type(description or "")}))
        except RowError as exc:
            report.product_rejections.append(f"sku {sku}: {exc}")
    return rows


@dataclass
class _Invoices:
    """Invoice-level columns (one entry per call) and the order lines grouped by invoice."""

    numbers: list[str]
    refund: list[bool]
    customer: list[str | None]
    country: list[str | None]
    timestamp: list[str]
    bounds: np.ndarray  # lines of invoice i are lines[bounds[i]:bounds[i + 1]]
    lines: tuple[list[Any], ...]  # sku, name, price, quantity (sorted by invoice)


def _group(lines: pd.DataFrame) -> _Invoices:
    codes, numbers = pd.factorize(lines["invoice"])  # invoices in the order the file first shows them
    first = lines.groupby(codes, sort=True).agg(refund=("refund", "first"), customer=("customer", "first"),
                                                  country=("country", "first"), when=("when", "min"))
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(numbers) + 1))
    titles = {d: clean_title(d) for d in lines["description"].dropna().unique()}
    names = [titles.get(d) if isinstance(d, str) else None for d in lines["description"].to_numpy()[order]]
    quantity = [int(q) if q.is_integer() else q for q in lines["quantity"].to_numpy(dtype=float)[order].tolist()]
    stamps = [t.replace(tzinfo=LONDON).astimezone(UTC).isoformat() for t in first["when"].dt.to_pydatetime()]

    def text(values: pd.Series) -> list[str | None]:
        return [v if isinstance(v, str) and v else None for v in values.tolist()]

    return _Invoices(numbers=[str(n) for n in numbers], refund=first["refund"].astype(bool).tolist(),
                     customer=text(first["customer"]), country=text(first["country"]), timestamp=stamps,
                     bounds=bounds, lines=(lines["sku"].to_numpy()[order].tolist(), names,
                                           lines["price"].to_numpy(dtype=float)[order].tolist(), quantity))


def _calls(invoices: _Invoices) -> Iterator[dict[str, Any]]:
    """One Segment call per invoice, built as recording asks for it (the whole list would hold ~500k dicts)."""
    skus, names, prices, quantities = invoices.lines
    for i, number in enumerate(invoices.numbers):
        start, end = int(invoices.bounds[i]), int(invoices.bounds[i + 1])
        products = [{"sku": s, "name": n, "price": p, "quantity": q} for s, n, p, q in
                    zip(skus[start:end], names[start:end], prices[start:end], quantities[start:end], strict=True)]
        call: dict[str, Any] = {
            "type": "track", "event": ORDER_REFUNDED if invoices.refund[i] else ORDER_COMPLETED,
            "messageId": MESSAGE_PREFIX + number, "timestamp": invoices.timestamp[i],
            "properties": {"order_id": number, "products": products, "currency": CURRENCY},
        }
        customer, country = invoices.customer[i], invoices.country[i]
        if customer:
            call["userId"] = customer
        else:
            call["anonymousId"] = f"guest-{number}"  # each guest checkout is its own anonymous shopper
        if country:
            call["context"] = {"location": {"country": country}}
        yield call


def import_online_retail(session: Session, path: Path, encoder: Encoder, *, progress: Progress | None = None,
                         limit_lines: int | None = None, now: datetime | None = None) -> OnlineRetailReport:
    """Add the products bought to the catalog (new ones only, embedded), then record one call per invoice.

    ``limit_lines`` reads the first N lines and the rest of the last invoice. Progress stages: ``read``
    (lines), ``embed`` (new products), ``write`` (calls). The caller commits.

    Raises:
        OSError: the file cannot be opened.
        EventFileError: the file is not a readable Online Retail CSV.
    """
    frame = read_invoice_lines(path, progress=progress, limit_lines=limit_lines)
    report = OnlineRetailReport(lines=len(frame), invoices=int(frame["InvoiceNo"].str.strip().replace("", None)
                                                               .nunique()))
    lines, report.skipped_lines = _prepare(frame)
    del frame
    rows = _catalog_rows(session, lines, report)
    if rows:
        report.products_added = apply_rows(session, rows, encoder, progress=progress).added
        session.flush()  # recording reads list prices back with a query
    invoices = _group(lines)
    del lines
    report.invoice_numbers = invoices.numbers
    report.skipped_invoices = report.invoices - len(invoices.numbers)
    report.refunds = sum(invoices.refund)
    report.orders = len(invoices.numbers) - report.refunds
    report.customers = len({c for c in invoices.customer if c})
    report.guest_checkouts = sum(1 for c in invoices.customer if not c)
    total = len(invoices.numbers)
    report.recording = record_events(session, _calls(invoices), now=now,
                                     progress=(lambda done: progress("write", done, total)) if progress else None)
    return report
