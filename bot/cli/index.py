"""``outfitter index build|list|rollback``."""

from __future__ import annotations

import typer
from rich.table import Table

from bot.cli.catalog import PUBLISH_FAILED, refresh_index
from bot.cli.console import err, out
from bot.cli.progress import progress_bars
from bot.cli.writing import catalog_writer, database_errors
from bot.services import Services
from recommender.catalog.indexing import embed_missing
from recommender.index.versions import IndexVersionError

app = typer.Typer(help="The FAISS index versions.", no_args_is_help=True)
NO_WAIT = typer.Option(False, "--no-wait", help="Exit with status 3 instead of waiting when an import is running.")


@app.command()
def build(no_wait: bool = NO_WAIT) -> None:
    """Embed products that lack a vector, then publish a new version if the catalog changed."""
    services = Services()
    with catalog_writer(services, wait=not no_wait):
        with database_errors(services, "embedding the catalog", "no index version was published"), \
                progress_bars(err) as progress, services.sessions() as session:
            embedded = embed_missing(session, services.encoder, progress)
        if embedded:
            err.print(f"embedded {embedded} products")
        with database_errors(services, "publishing the index", PUBLISH_FAILED):
            refresh_index(services, err)


@app.command("list")
def list_() -> None:
    """The versions kept on disk; the live one is marked."""
    store = Services().index_store
    table = Table("version", "live", "type", "products", "model", "built")
    for version in store.versions():
        manifest = store.manifest(version)
        assert manifest is not None
        table.add_row(version, "●" if version == store.current() else "", manifest.index_type,
                      str(manifest.count), manifest.model, manifest.created_at)
    out.print(table)


@app.command()
def rollback(no_wait: bool = NO_WAIT) -> None:
    """Make the previous version live again (readers switch on their next query)."""
    services = Services()
    try:
        with catalog_writer(services, wait=not no_wait):
            manifest = services.index_store.rollback()
    except IndexVersionError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    err.print(f"Index {manifest.version} is live again ({manifest.count} products, built {manifest.created_at}).")
