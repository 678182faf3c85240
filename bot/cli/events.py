"""``outfitter events import``: load order history or Segment calls into shoppers' histories; and the demo shop's
shoppers on a first run."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import distinct, func, select

from bot.cli.catalog import refresh_index
from bot.cli.console import SHOWN_REJECTIONS, err, print_rejections
from bot.cli.orders import print_order_report
from bot.cli.progress import progress_bars
from bot.cli.segments import refresh_and_save
from bot.cli.writing import catalog_writer
from bot.demo.shopper_loading import load_demo_shoppers
from bot.services import Services
from bot.support.online_retail import RetailOrdersReport, import_retail_orders
from recommender.shoppers.models import ShopperSegment
from recommender.shoppers.online_retail import OnlineRetailReport, import_online_retail
from recommender.shoppers.recording import EventRejection, RecordReport
from recommender.shoppers.refresh import latest_event_time
from recommender.shoppers.segment_file import EventFileError, record_segment_file

app = typer.Typer(help="Load shoppers' order history and behaviour events.", no_args_is_help=True)


class EventFormat(StrEnum):
    online_retail = "online-retail"
    segment = "segment"


def _rejection(rejection: EventRejection, retail: OnlineRetailReport | None) -> str:
    where = f"invoice {retail.invoice_at(rejection.position)}" if retail else f"line {rejection.position}"
    reason = rejection.reason
    if reason.startswith(f"{where}: "):  # an unreadable line already names itself
        reason = reason[len(where) + 2:]
    return f"{where}" + (f" ({rejection.event})" if rejection.event else "") + f": {reason}"


def print_retail(report: OnlineRetailReport, console: Console) -> None:
    console.print(f"{report.lines:,} lines · {report.invoices:,} invoices: {report.orders:,} orders, "
                  f"{report.refunds:,} refunds, {report.skipped_invoices:,} skipped (no line left to record)")
    console.print(f"{report.customers:,} customers · {report.guest_checkouts:,} guest checkouts · "
                  f"{report.products_added:,} products added to the catalog")
    if report.skipped_lines:
        skipped = " · ".join(f"{reason} {count:,}" for reason, count in report.skipped_lines.items())
        console.print(f"skipped {sum(report.skipped_lines.values()):,} lines: {skipped}", highlight=False)
    for problem in report.product_rejections[:SHOWN_REJECTIONS]:
        console.print(f"[yellow]product not added[/] {escape(problem)}", highlight=False)


def print_recording(report: RecordReport, console: Console, retail: OnlineRetailReport | None) -> None:
    print_rejections([_rejection(r, retail) for r in report.rejected], console)
    console.print(f"recorded {report.recorded:,} · identified {report.identified:,} · "
                  f"duplicates {report.duplicates:,} · shoppers created {report.shoppers_created:,} · "
                  f"merged {report.shoppers_merged:,} · rejected {len(report.rejected):,}")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="The file: an Online Retail CSV, or JSON Lines of Segment calls "
                                          "(either may be gzipped)."),
    format_: EventFormat = typer.Option(..., "--format", help="online-retail: the UCI Online Retail invoices; "
                                                              "segment: one Segment track/identify call a line."),
    limit: int = typer.Option(None, "--limit", min=1, help="Read only the first N lines (online-retail: and "
                                                            "the rest of the invoice the N-th line is in)."),
) -> None:
    """Record FILE's events in shoppers' histories; online-retail also adds the products bought to the catalog."""
    if not file.is_file():
        err.print(f"[red]error:[/] {escape(str(file))}: no such file", highlight=False)
        raise typer.Exit(2)
    services = Services()
    # Order history adds the products it names to the catalog and publishes them: a catalog writer like an import.
    writer: AbstractContextManager[None] = catalog_writer(services) if format_ is EventFormat.online_retail \
        else nullcontext()
    with writer:
        _record(services, file, format_, limit)


def _record(services: Services, file: Path, format_: EventFormat, limit: int | None) -> None:
    retail: OnlineRetailReport | None = None
    orders: RetailOrdersReport | None = None
    try:
        with progress_bars(err) as progress, services.sessions() as session:
            if format_ is EventFormat.online_retail:
                retail = import_online_retail(session, file, services.encoder, progress=progress, limit_lines=limit)
                report = retail.recording
                orders = import_retail_orders(session, file, progress=progress, limit_lines=limit)  # for support
            else:
                report = record_segment_file(session, file, progress=progress, limit_lines=limit)
            # Duplicates were recorded by an earlier import: a re-import is a success that changes nothing.
            nothing = not (report.recorded or report.identified or report.duplicates)
            if not nothing:
                session.commit()
    except EventFileError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]error:[/] {escape(str(file))}: cannot be read: {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    if retail is not None:
        print_retail(retail, err)
    print_recording(report, err, retail)
    if orders is not None:
        print_order_report(orders.loading, err, where=f" (from {orders.invoices:,} invoices; {orders.refunds:,} "
                                                      "cancellation invoices are not orders)")
    if nothing:
        err.print(f"[red]Nothing in {escape(str(file))} could be recorded: nothing was changed.[/]", highlight=False)
        raise typer.Exit(1)
    if retail is not None and retail.products_added:
        refresh_index(services, err)


def load_first_shoppers(services: Services, console: Console) -> None:
    """On a first run of the demo shop (no event recorded yet, the demo catalog on sale), the demo shop's shoppers,
    dated from today, and one segment refresh, so the console's report and the ranking's popularity and co-purchase
    have a shop to show; not when ``OUTFITTER_DEMO_SHOPPERS=false``."""
    if not services.settings.demo_shoppers:
        return
    with services.sessions() as session:
        if latest_event_time(session) is not None:
            return
    started = time.monotonic()
    with progress_bars(console) as progress, services.sessions() as session:
        report = load_demo_shoppers(session, progress=progress)
        session.commit()
    if report is None:  # a shop's own catalog, or another process recorded events meanwhile
        return
    print_rejections([str(r) for r in report.rejected], console)
    model = refresh_and_save(services, console=console)
    with services.sessions() as session:
        micro = session.scalar(select(func.count(distinct(ShopperSegment.micro_segment))))
    clusters = model.clustering.k if model.clustering is not None else 0
    console.print(f"shoppers (the demo shop's, dated from today): {model.shoppers:,} shoppers, "
                  f"{report.recorded:,} events · {micro:,} micro-segments, {clusters} clusters · "
                  f"{time.monotonic() - started:.1f} s", highlight=False)
