"""``outfitter segments conversion``: what the bot's suggestions led to, per match level, segment and group."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.cli.console import table_console
from bot.services import Services
from recommender.feedback.lift import Lift, Rate
from recommender.feedback.report import DEFAULT_WINDOW_DAYS, ConversionReport, Row, conversion_report


def rate(found: Rate) -> str:
    """"12.5% (3/24)", or the counts alone when they are too few to make a rate of."""
    counts = f"{found.hits:,}/{found.base:,}"
    if not found.base:
        return "-"
    return f"{found.value:.1%} ({counts})" if found.enough else f"too few ({counts})"


def signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0%}"


def points(value: float | None) -> str:
    """A difference of two shares, in percentage points."""
    return "-" if value is None else f"{value * 100:+.1f}"


def row_table(title: str, rows: list[Row], caption: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    for name in ("", "lists", "shoppers", "shown", "clicks", "click-through", "orders", "conversion", "revenue"):
        table.add_column(name, justify="left" if not name else "right")
    for row in rows:
        table.add_row(escape(row.key), f"{row.lists:,}", f"{row.shoppers:,}", f"{row.products:,}", f"{row.clicks:,}",
                      rate(row.ctr), f"{row.orders:,}", rate(row.conversion), f"{row.revenue:,.2f}")
    return table


def lift_table(lifts: list[Lift]) -> Table:
    table = Table(title="Shoppers who …, personalized against control (95% intervals)", title_justify="left")
    for name in ("", "personalized", "control", "lift", "difference", "p", "verdict"):
        table.add_column(name, justify="left" if name in ("", "verdict") else "right")
    for lift in lifts:
        told = lift.lift is not None
        table.add_row(
            lift.metric, rate(lift.personalized), rate(lift.control),
            f"{signed(lift.lift)} ({signed(lift.lift_low)} to {signed(lift.lift_high)})" if told else "-",
            f"{points(lift.difference)} pt ({points(lift.difference_low)} to {points(lift.difference_high)})"
            if told else "-",
            f"{lift.p_value:.3f}" if lift.p_value is not None else "-", lift.verdict)
    return table


def print_report(report: ConversionReport, console: Console) -> None:
    since = f"{report.since:%Y-%m-%d %H:%M}" if report.since else "the first"
    console.print(f"Suggestion lists shown from {since} to {report.until:%Y-%m-%d %H:%M} UTC; orders count "
                  f"{report.window_days} days after a click (last click).", highlight=False)
    if not report.total.lists:
        console.print("[yellow]No suggestion list was shown in this period.[/]")
        return
    if report.open_clicks:
        console.print(f"{report.open_clicks:,} clicks are less than {report.window_days} days old: their orders "
                      "may still come.", highlight=False)
    console.print(row_table("All suggestions", [report.total]))
    console.print(row_table("By match level", report.by_match))
    console.print(row_table("By lifecycle", report.by_lifecycle))
    more = report.segments - len(report.by_segment)
    console.print(row_table(f"Micro-segments (top {len(report.by_segment)} by products shown)", report.by_segment,
                            caption=f"{more:,} more in the lifecycle rows" if more > 0 else None))
    console.print(row_table("By experiment group", report.by_group))
    console.print(lift_table(report.lifts))


def command(days: int = typer.Option(30, "--days", min=1, max=3650, help="Lists shown in the last N days."),
            window: int = typer.Option(DEFAULT_WINDOW_DAYS, "--window", min=1, max=365,
                                       help="Days after a click an order of the clicked product counts."),
            as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Suggestion lists shown, clicks, click-through, orders, conversion and revenue per match level, segment and
    experiment group, and the lift of personalized suggestions over the control group."""
    services = Services()
    with services.sessions() as session:
        report = conversion_report(session, since=datetime.now(UTC) - timedelta(days=days), window_days=window)
    if as_json:
        typer.echo(json.dumps(report.to_dict()))
        return
    print_report(report, table_console())
