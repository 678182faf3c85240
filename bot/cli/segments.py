"""``outfitter segments refresh|report`` and ``outfitter shopper profile``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.console import err, out, table_console
from bot.cli.progress import progress_bars
from bot.services import Services
from recommender.shoppers.profile import shopper_profile
from recommender.shoppers.refresh import refresh_segments
from recommender.shoppers.report import GroupRow, segment_report
from recommender.shoppers.segment_model import SegmentModel

app = typer.Typer(help="Shopper micro-segments and clusters: learn them, see what they are worth.",
                  no_args_is_help=True)
shopper_app = typer.Typer(help="One shopper's profile.", no_args_is_help=True)
TERMINAL_ROWS = 25


def parse_when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/] {option}: {value!r} is not a date (use YYYY-MM-DD or an ISO timestamp)")
        raise typer.Exit(2) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def refresh_and_save(services: Services, as_of: datetime | None = None, console: Console = err) -> SegmentModel:
    """Profile everyone as of ``as_of`` (default: the latest event) with progress, store the segments and save
    the model the running processes pick up: ``segments refresh``, and the first run's demo shoppers."""
    with progress_bars(console) as progress, services.sessions() as session:
        model = refresh_segments(session, as_of=as_of, progress=progress)
        session.commit()
    services.segment_store.save(model)
    return model


@app.command()
def refresh(as_of: str = typer.Option(None, "--as-of", help="Judge shoppers as of this date "
                                                             "(default: the latest event).")) -> None:
    """Profile every shopper, learn clusters and the purchase/value models, store segments."""
    services = Services()
    model = refresh_and_save(services, parse_when(as_of, "--as-of"))
    err.print(f"{model.shoppers:,} shoppers as of {model.as_of:%Y-%m-%d %H:%M} UTC.")
    if model.clustering is None:
        err.print("Too few shoppers to learn clusters (at least 10 are needed).")
    else:
        chosen = model.clustering.k
        err.print(f"{chosen} clusters (k chosen by the best silhouette, "
                  f"{model.clustering.silhouettes[chosen]:.3f}, among k = 2..8):")
        for cluster in model.clustering.clusters:
            err.print(f"  {cluster.id}: {cluster.label} — {cluster.size:,} shoppers", highlight=False)
    if model.scorer is None:
        err.print("Not enough history for the purchase model (it needs 180 days and buyers who came back).")
    else:
        e = model.scorer.evaluation
        err.print(f"Purchase within 90 days, tested at {e.test_cutoff:%Y-%m-%d} on {e.test_shoppers:,} shoppers: "
                  f"AUC {e.model_auc:.3f} (RFM score {e.rfm_auc:.3f}); 90-day value MAE {e.clv_mae:.2f} "
                  f"(past rate {e.baseline_mae:.2f}).")


def group_table(title: str, rows: list[GroupRow]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("segment", "shoppers", "revenue", "share", "orders", "AOV", "conversion", "rev/shopper",
                 "P(buy 90d)", "CLV 12m"):
        table.add_column(name, justify="left" if name == "segment" else "right")
    for row in rows[:TERMINAL_ROWS]:
        table.add_row(row.label, f"{row.shoppers:,}", f"{row.revenue:,.2f}", f"{row.revenue_share:.1%}",
                      f"{row.orders:,}", f"{row.aov:,.2f}", f"{row.conversion:.1%}", f"{row.revenue_per_shopper:,.2f}",
                      "-" if row.purchase_probability is None else f"{row.purchase_probability:.1%}",
                      "-" if row.clv_12m is None else f"{row.clv_12m:,.2f}")
    if len(rows) > TERMINAL_ROWS:
        table.caption = f"top {TERMINAL_ROWS} of {len(rows)} by revenue; the HTML report has them all"
    return table


@app.command()
def report(html: Path = typer.Option(None, "--html", help="Also write a self-contained HTML page with charts."),
           since: str = typer.Option(None, "--since", help="Count orders and revenue from this date on.")) -> None:
    """Shoppers, revenue and its share, orders, AOV and conversion per micro-segment and per cluster."""
    services = Services()
    model = services.segment_store.load()
    if model is None:
        err.print("[yellow]No segments yet:[/] run `outfitter segments refresh` first.")
        raise typer.Exit(1)
    with services.sessions() as session:
        result = segment_report(session, model, since=parse_when(since, "--since"))
    out.print(f"{result.shoppers:,} shoppers, revenue {result.revenue:,.2f}, as of {model.as_of:%Y-%m-%d}")
    tables = table_console()
    tables.print(group_table(f"Micro-segments ({len(result.micro_segments)})", result.micro_segments))
    if result.clusters:
        tables.print(group_table(f"Clusters ({len(result.clusters)})", result.clusters))
    if html is not None:
        from recommender.shoppers.report_html import render_html

        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(render_html(result), encoding="utf-8")
        err.print(f"HTML report written to {html}")


@shopper_app.command()
def profile(shopper: str = typer.Argument(..., help="An anonymous or customer id."),
            as_of: str = typer.Option(None, "--as-of", help="Profile as of this date (default: now)."),
            as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The profile the assistant sees for SHOPPER: traits, micro-segment, cluster, scores, recent products."""
    services = Services()
    with services.sessions() as session:
        result = shopper_profile(session, shopper, as_of=parse_when(as_of, "--as-of"),
                                 model=services.live_segments.get())
    if result is None:
        err.print(f"[red]error:[/] shopper {shopper!r} is not known (no event or answer has named them)")
        raise typer.Exit(1)
    data = result.to_dict()
    if as_json:
        typer.echo(json.dumps(data))
        return
    table = Table(show_header=False, box=None)
    for key, value in data.items():
        table.add_row(key, readable(value))
    out.print(table)


def readable(value: object) -> str:
    """A profile field in one short line: affinities by name, products by sku, answers as question=value."""
    if isinstance(value, list):
        names = [item[0] if isinstance(item, list) else item["sku"] if isinstance(item, dict) else item
                 for item in value[:8]]
        return ", ".join(str(name) for name in names) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{question}={answer['value']}" for question, answer in value.items()) or "-"
    return "-" if value is None else str(value)
