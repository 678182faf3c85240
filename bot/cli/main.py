"""The ``outfitter`` command: one sub-command per job, each a thin layer over ``recommender``/``bot``."""

from __future__ import annotations

import typer
from rich.markup import escape

from bot.cli import catalog, conversion, evaluate, events, index, orders, search, segments, tokens
from bot.cli import run as run_cli

app = typer.Typer(help="Outfitter: a self-hosted conversational shopping assistant.", no_args_is_help=True)
db_app = typer.Typer(help="The app database.", no_args_is_help=True)
app.add_typer(catalog.app, name="catalog")
app.add_typer(index.app, name="index")
app.add_typer(events.app, name="events")
app.add_typer(orders.app, name="orders")
segments.app.command("conversion")(conversion.command)
app.add_typer(segments.app, name="segments")
app.add_typer(segments.shopper_app, name="shopper")
app.add_typer(db_app, name="db")
app.command("search")(search.command)
app.command("eval")(evaluate.command)
app.command("run")(run_cli.run)
app.command("train")(run_cli.train)
app.command("tokens")(tokens.command)


@app.callback()
def main() -> None:
    """Outfitter: a self-hosted conversational shopping assistant."""
    from pydantic import ValidationError

    from bot.cli.console import err
    from bot.cli.logs import log_to_file
    from bot.settings import Settings, setting_errors

    try:
        settings = Settings()
    except ValidationError as exc:
        for line in setting_errors(exc):
            err.print(f"[red]error:[/] {escape(line)}", highlight=False)
        raise typer.Exit(2) from None
    # Every command logs to OUTFITTER_HOME/logs/outfitter.log: piped progress and failures stay on record.
    log_to_file(settings.log_dir)


@db_app.command()
def upgrade() -> None:
    """Create or migrate the app database's tables (idempotent)."""
    from bot.db import upgrade as upgrade_schema
    from bot.services import Services

    services = Services()
    upgrade_schema(services.engine)
    typer.echo(f"database is up to date: {services.engine.url.render_as_string(hide_password=True)}")


if __name__ == "__main__":
    app()
