"""``outfitter catalog import|status``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.catalog_state import pending_text, publish_if_changed
from bot.cli.console import err, out, print_rejections
from bot.cli.progress import progress_bars
from bot.cli.writing import catalog_writer, database_errors
from bot.retraining import refresh_lookups, retrain_due
from bot.services import Services
from recommender.catalog.importer import ImportReport, import_catalog
from recommender.catalog.indexing import catalog_status
from recommender.catalog.reader import CatalogFileError, parse_currency, parse_mapping

app = typer.Typer(help="Import the catalog and see its state.", no_args_is_help=True)
log = logging.getLogger("outfitter.cli")
PUBLISH_FAILED = "the catalog is stored; `outfitter index build` publishes it"


def refresh_index(services: Services, console: Console) -> None:
    """Publish a new index version when the live one no longer matches the catalog.

    The caller holds the import lock (:func:`bot.cli.writing.catalog_writer`).
    """
    manifest, published = publish_if_changed(services)
    if not published:
        console.print(f"Index {manifest.version} is live and current.")  # type: ignore[union-attr]
        return
    assert manifest is not None
    message = (f"Index {manifest.version} is live: {manifest.count} products, {manifest.index_type}, "
               f"built in {manifest.build_seconds:.2f} s.")
    console.print(message)
    log.info(message)


def print_report(report: ImportReport, console: Console) -> None:
    print_rejections([str(r) for r in report.rejected], console, more="more rejected rows")
    summary = (f"added {report.added} · updated {report.updated} · unchanged {report.unchanged} · "
               f"discontinued {report.discontinued} · rejected {len(report.rejected)} · embedded {report.embedded}")
    console.print(summary)
    log.info(summary)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="CSV, JSON Lines or Parquet file."),
    map_: list[str] = typer.Option([], "--map", help="field=Column, for columns not named like the field."),
    replace: bool = typer.Option(False, "--replace", help="Discontinue products that are not in the file."),
    currency: str = typer.Option(None, "--currency", help="ISO 4217 code (EUR, INR, ...) of the prices of rows "
                                                         "that do not state a currency."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Exit with status 3 instead of waiting when another "
                                                         "import is running."),
) -> None:
    """Add and update products from FILE, embed what changed and publish a new index version."""
    services = Services()
    log.info("catalog import %s%s", file, "".join(f" --map {pair}" for pair in map_) + (" --replace" * replace)
             + (f" --currency {currency}" if currency else ""))
    try:
        mapping = parse_mapping(map_)
        code = parse_currency(currency)
    except CatalogFileError as exc:
        _file_error(exc)
    # Held from before the catalog is read until its index is live: two imports at once would insert the same
    # products, or publish an index of the catalog as it was before the other one's changes.
    with catalog_writer(services, wait=not no_wait):
        try:
            with database_errors(services, "the catalog import", "nothing was changed"), \
                    progress_bars(err) as progress, services.sessions() as session:
                report = import_catalog(session, file, services.encoder, mapping=mapping, replace=replace,
                                        progress=progress, currency=code)
        except CatalogFileError as exc:
            _file_error(exc)
        print_report(report, err)
        if report.added + report.updated + report.unchanged == 0:
            err.print("[red]No good row in the file: nothing was changed.[/]")
            raise typer.Exit(1)
        with database_errors(services, "publishing the index", PUBLISH_FAILED):
            refresh_index(services, err)
    tell_vocabulary(services, err)


def tell_vocabulary(services: Services, console: Console) -> None:
    """Rebuild the shop's lookup tables and say when the model is due a retrain."""
    if message := refresh_lookups(services.settings, services.engine).message():
        console.print(f"[yellow]{escape(message)}[/]", highlight=False)
        log.info(message)


def _file_error(exc: CatalogFileError) -> NoReturn:
    err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
    log.warning("%s", exc)
    raise typer.Exit(2) from None


@app.command()
def status() -> None:
    """Product count, the live index version, when it was built and what is pending."""
    services = Services()
    with database_errors(services, "reading the catalog's status", "nothing was changed"), \
            services.sessions() as session:
        state = catalog_status(session, services.index_store, services.encoder.model_name)
    table = Table(show_header=False, box=None)
    table.add_row("products", f"{state.active} active, {state.discontinued} discontinued")
    if state.live:
        table.add_row("live index", f"{state.live.version} ({state.live.index_type}, {state.live.count} products, "
                                    f"{state.live.model})")
        table.add_row("built", state.live.created_at)
    else:
        table.add_row("live index", "none yet")
    table.add_row("pending", pending_text(state))
    if retrain_due(services.settings):
        table.add_row("model", "due a retrain: the catalog's words changed since it was trained (`outfitter train`)")
    out.print(table)
