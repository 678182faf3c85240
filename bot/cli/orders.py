"""``outfitter orders import|show|policy``: the shop's orders for the support desk, and its policy file."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from bot.cli.console import err, out, print_rejections, table_console
from bot.cli.progress import progress_bars
from bot.cli.writing import database_errors
from bot.services import Services
from bot.support.loading import OrderLoadReport, load_orders
from bot.support.models import SupportCase
from bot.support.orders import find_order, order_view
from bot.support.policy import return_policy_text, today_in
from bot.support.policy_file import PolicyError, SupportPolicy, load_policy
from recommender.base import utcnow
from recommender.shoppers.segment_file import EventFileError

app = typer.Typer(help="The shop's orders, for the support desk.", no_args_is_help=True)
log = logging.getLogger("outfitter.cli")


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/] {escape(message)}", highlight=False)
    log.warning("%s", message)
    raise typer.Exit(code)


def _policy(services: Services) -> SupportPolicy:
    try:
        return load_policy(services.settings.support_policy)
    except PolicyError as exc:
        _fail(str(exc))


def print_order_report(report: OrderLoadReport, console: Console, *, where: str = "") -> None:
    """The rejections and the counts of an order load; ``where`` names the file in the summary."""
    print_rejections([str(r) for r in report.rejected], console, more="more rejected orders")
    summary = (f"orders{where}: added {report.added:,} ({report.lines:,} lines) · already known {report.known:,} · "
               f"rejected {len(report.rejected):,}")
    console.print(summary, highlight=False)
    log.info(summary)


@app.command("import")
def import_(file: Path = typer.Argument(..., help="JSON Lines, one order with its lines a line (may be gzipped).")
            ) -> None:
    """Add the orders of FILE that are not known yet; orders already known are left as they are."""
    if not file.is_file():
        _fail(f"{file}: no such file")
    services = Services()
    log.info("orders import %s", file)
    try:
        with database_errors(services, "the order import", "nothing was changed"), \
                progress_bars(err) as progress, services.sessions() as session:
            report = load_orders(session, file, progress=progress)
            session.commit()
    except EventFileError as exc:
        _fail(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{file}: cannot be read: {exc}")
    print_order_report(report, err)
    if not report.added and not report.known:
        _fail(f"No good order in {file}: nothing was changed.", 1)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


@app.command()
def show(number: str = typer.Argument(..., help="The order number, e.g. OF-100101."),
         as_json: bool = typer.Option(False, "--json", help="Print the order as JSON.")) -> None:
    """One order as the support team sees it: its status, dates, lines, who it belongs to and its cases."""
    services = Services()
    policy = _policy(services)
    with services.sessions() as session:
        order = find_order(session, number)
        if order is None:
            _fail(f"no order {number.strip()}", 1)
        view = order_view(order, zone=policy.zone, today=today_in(policy, utcnow()))
        cases = session.execute(select(SupportCase.case_number, SupportCase.kind, SupportCase.status)
                                .where(SupportCase.order_id == order.id).order_by(SupportCase.id)).all()
        owner = {"customer_id": order.customer_id, "email": order.email}
    if as_json:
        data = asdict(view) | owner | {"cases": [dict(row._mapping) for row in cases]}
        out.print_json(json.dumps(data, default=_jsonable, ensure_ascii=False))
        return
    _print_order(view, owner, cases)


def _print_order(view: Any, owner: dict[str, str | None], cases: list[Any]) -> None:
    head = Table(show_header=False, box=None)
    head.add_row("order", view.order_number)
    head.add_row("status", view.status_text)
    head.add_row("customer", owner["customer_id"] or "guest checkout")
    head.add_row("email", owner["email"] or "none on file")
    head.add_row("total", f"{view.total:,.2f} {view.currency}")
    if view.tracking_url:
        head.add_row("tracking", view.tracking_url)
    head.add_row("cases", ", ".join(f"{c.case_number} ({c.kind}, {c.status})" for c in cases) or "none")
    out.print(head)
    lines = Table("line", "id", "sku", "title", "qty", "price", "category", "final sale")
    for line in view.lines:
        lines.add_row(str(line.line_number), str(line.line_id), line.sku, escape(line.title), str(line.quantity),
                      f"{line.unit_price:,.2f}", line.category or "", "yes" if line.final_sale else "")
    table_console().print(lines)


@app.command()
def policy(file: Path = typer.Argument(None, help="A policy file to check; default: OUTFITTER_SUPPORT_POLICY or "
                                                  "the shipped one.")) -> None:
    """Check the support policy file and print its return policy as shoppers are told it."""
    services = Services()
    try:
        rules = load_policy(file or services.settings.support_policy)
    except PolicyError as exc:
        _fail(str(exc))
    out.print(return_policy_text(rules), highlight=False)
    out.print(f"warranty: {rules.warranty.default_months} months when the catalog states none · cancellation "
              f"while {' or '.join(rules.cancellation.allowed_statuses)} · time zone {rules.timezone}",
              highlight=False)
