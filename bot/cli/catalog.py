"""``outfitter catalog import|status``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.console import err, out, print_rejections
from bot.cli.progress import progress_bars
from bot.services import Services
from recommender.catalog.importer import ImportReport, import_catalog
from recommender.catalog.indexing import catalog_status, publish_index
from recommender.catalog.reader import CatalogFileError, parse_mapping

app = typer.Typer(help="Import the catalog and see its state.", no_args_is_help=True)


def refresh_index(services: Services, console: Console) -> None:
    """Publish a new index version when the live one no longer matches the catalog."""
    with services.sessions() as session:
        status = catalog_status(session, services.index_store, services.encoder.model_name)
        if status.in_sync:
            console.print(f"Index {status.live.version} is live and current.")  # type: ignore[union-attr]
            return
        manifest = publish_index(session, services.index_store, services.encoder.model_name,
                                 services.settings.index_type)
    console.print(f"Index {manifest.version} is live: {manifest.count} products, {manifest.index_type}, "
                  f"built in {manifest.build_seconds:.2f} s.")


def print_report(report: ImportReport, console: Console) -> None:
    print_rejections([str(r) for r in report.rejected], console, more="more rejected rows")
    console.print(f"added {report.added} · updated {report.updated} · unchanged {report.unchanged} · "
                  f"discontinued {report.discontinued} · rejected {len(report.rejected)} · "
                  f"embedded {report.embedded}")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="CSV, JSON Lines or Parquet file."),
    map_: list[str] = typer.Option([], "--map", help="field=Column, for columns not named like the field."),
    replace: bool = typer.Option(False, "--replace", help="Discontinue products that are not in the file."),
) -> None:
    """Add and update products from FILE, embed what changed and publish a new index version."""
    services = Services()
    try:
        mapping = parse_mapping(map_)
        with progress_bars(err) as progress, services.sessions() as session:
            report = import_catalog(session, file, services.encoder, mapping=mapping, replace=replace,
                                    progress=progress)
    except CatalogFileError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    print_report(report, err)
    if report.added + report.updated + report.unchanged == 0:
        err.print("[red]No good row in the file: nothing was changed.[/]")
        raise typer.Exit(1)
    refresh_index(services, err)


@app.command()
def status() -> None:
    """Product count, the live index version, when it was built and what is pending."""
    services = Services()
    with services.sessions() as session:
        state = catalog_status(session, services.index_store, services.encoder.model_name)
    table = Table(show_header=False, box=None)
    table.add_row("products", f"{state.active} active, {state.discontinued} discontinued")
    if state.live:
        table.add_row("live index", f"{state.live.version} ({state.live.index_type}, {state.live.count} products, "
                                    f"{state.live.model})")
        table.add_row("built", state.live.created_at)
    else:
        table.add_row("live index", "none yet")
    pending = "nothing" if state.in_sync and not state.not_embedded else (
        f"{state.changed_since_live} product change(s) not in the live index, "
        f"{state.not_embedded} product(s) waiting for an embedding; run `outfitter index build`")
    table.add_row("pending", pending)
    out.print(table)
