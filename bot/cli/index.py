"""``outfitter index build|list|rollback``."""

from __future__ import annotations

import typer
from rich.table import Table

from bot.cli.catalog import refresh_index
from bot.cli.console import err, out
from bot.cli.progress import progress_bars
from bot.services import Services
from recommender.catalog.indexing import embed_missing
from recommender.index.versions import IndexVersionError

app = typer.Typer(help="The FAISS index versions.", no_args_is_help=True)


@app.command()
def build() -> None:
    """Embed products that lack a vector, then publish a new version if the catalog changed."""
    services = Services()
    with progress_bars(err) as progress, services.sessions() as session:
        embedded = embed_missing(session, services.encoder, progress)
    if embedded:
        err.print(f"embedded {embedded} products")
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
def rollback() -> None:
    """Make the previous version live again (readers switch on their next query)."""
    try:
        manifest = Services().index_store.rollback()
    except IndexVersionError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    err.print(f"Index {manifest.version} is live again ({manifest.count} products, built {manifest.created_at}).")
