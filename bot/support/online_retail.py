"""The UCI Online Retail invoices as orders, so the support desk knows the real history the shoppers' events
came from.

The file's lines are read and grouped by the same helpers as the events import
(``recommender.shoppers.online_retail``), so the two agree on which lines are goods. The file records only the
invoice: every order is delivered, placed and paid at the invoice time, shipped a day and delivered three days
after it. The file holds no email, so these orders can be verified by their customer id only (a signed-in
shopper), and guest invoices by no one but the team. Cancellation invoices ("C...") take back lines of earlier
invoices rather than being orders, so they are counted and left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.support.loading import OrderLoadReport, load_orders
from bot.support.models import DELIVERED
from recommender.catalog.reader import Progress

# The private helpers are the events import's own reading of the file; sharing them keeps one definition of
# an invoice's lines.
from recommender.shoppers.online_retail import CURRENCY, _group, _Invoices, _prepare, read_invoice_lines
from recommender.shoppers.product_types import product_type

SHIPPED_AFTER = timedelta(days=1)
DELIVERED_AFTER = timedelta(days=3)


@dataclass
class RetailOrdersReport:
    invoices: int = 0  # invoices with at least one line of goods
    refunds: int = 0  # cancellation invoices, not orders
    loading: OrderLoadReport = field(default_factory=OrderLoadReport)
    invoice_numbers: list[str] = field(default_factory=list, repr=False)  # the orders' invoices, in order


def _orders(invoices: _Invoices) -> Iterator[dict[str, Any]]:
    skus, names, prices, quantities = invoices.lines
    categories: dict[str, str] = {}
    for i, number in enumerate(invoices.numbers):
        if invoices.refund[i]:
            continue
        placed = datetime.fromisoformat(invoices.timestamp[i])
        start, end = int(invoices.bounds[i]), int(invoices.bounds[i + 1])
        lines = []
        for position, row in enumerate(range(start, end), start=1):
            title = names[row] or f"Item {skus[row]}"
            if title not in categories:
                categories[title] = product_type(title)  # as the catalog import names the product's category
            lines.append({"line_number": position, "sku": skus[row], "title": title, "quantity": quantities[row],
                          "unit_price": prices[row], "category": categories[title]})
        yield {"order_number": number, "customer_id": invoices.customer[i], "status": DELIVERED,
               "placed_at": placed, "paid_at": placed, "shipped_at": placed + SHIPPED_AFTER,
               "delivered_at": placed + DELIVERED_AFTER, "currency": CURRENCY, "lines": lines}


def import_retail_orders(session: Session, path: Path, *, progress: Progress | None = None,
                         limit_lines: int | None = None, now: datetime | None = None) -> RetailOrdersReport:
    """Add each invoice of the file as a delivered order, once per invoice number. The caller commits.

    ``limit_lines`` reads the first N lines and the rest of the last invoice, as the events import does.

    Raises:
        OSError: the file cannot be opened.
        EventFileError: the file is not a readable Online Retail CSV.
    """
    lines, _ = _prepare(read_invoice_lines(path, progress=progress, limit_lines=limit_lines))
    invoices = _group(lines)
    del lines
    report = RetailOrdersReport(refunds=sum(invoices.refund))
    report.invoices = len(invoices.numbers) - report.refunds
    report.invoice_numbers = [n for n, refund in zip(invoices.numbers, invoices.refund, strict=True) if not refund]
    report.loading = load_orders(session, _orders(invoices), now=now, progress=progress)
    report.loading.rejected = [replace(r, name=f"invoice {report.invoice_numbers[r.line - 1]}")
                               for r in report.loading.rejected]
    return report
