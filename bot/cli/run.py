"""``outfitter run`` and ``outfitter train``."""

from __future__ import annotations

import signal
import time

import typer
from sqlalchemy import func, select

from bot import launcher
from bot.cli import production
from bot.cli.catalog import print_report, refresh_index, tell_vocabulary
from bot.cli.console import err
from bot.cli.events import load_first_shoppers
from bot.cli.orders import print_order_report
from bot.cli.progress import progress_bars
from bot.cli.writing import catalog_writer
from bot.db import upgrade
from bot.demo import DEMO_CATALOG
from bot.demo.orders import load_demo_orders
from bot.services import Services
from bot.settings import Settings
from recommender.catalog.importer import import_catalog
from recommender.catalog.models import Product


def train(force: bool = typer.Option(False, "--force", help="Train even if nothing changed.")) -> None:
    """Train the Rasa model (skipped by Rasa when the project files did not change)."""
    launcher.train(Services().settings, force=force)


def prepare(services: Services) -> None:
    """Database schema, a catalog, orders and shoppers (the demo shop's on first run) and a live index."""
    upgrade(services.engine)
    with services.sessions() as session:
        if (orders := load_demo_orders(session)) is not None:  # only while there is no order at all
            session.commit()
            print_order_report(orders, err, where=" (the demo shop's, dated from today)")
    with catalog_writer(services):
        with services.sessions() as session:
            empty = not session.scalar(select(func.count()).select_from(Product))
        if empty:
            err.print(f"The catalog is empty: importing the demo catalog {DEMO_CATALOG.name}")
            with progress_bars(err) as progress, services.sessions() as session:
                print_report(import_catalog(session, DEMO_CATALOG, services.encoder, progress=progress), err)
        refresh_index(services, err)
    tell_vocabulary(services, err)
    load_first_shoppers(services, err)  # only while no event is recorded; reads the catalog's prices


def running_banner(settings: Settings) -> list[str]:
    """What ``run`` prints once everything is up: where to go, and how to get into the consoles."""
    web = f"http://127.0.0.1:{settings.web_port}"
    return [
        "[green]Outfitter is running.[/]",
        f"  Shop (with the chat widget):  {web}/",
        f"  Merchandiser console:         {web}/console   token: `outfitter tokens --role merchandiser`",
        f"  Support console:              {web}/support   token: `outfitter tokens --role support`",
        f"  API docs:                     {web}/docs",
        f"  Rasa :{settings.rasa_port} (REST and socket.io), actions :{settings.actions_port}, logs in "
        f"{settings.log_dir}. Ctrl-C stops everything.",
    ]


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def run(skip_train: bool = typer.Option(False, "--skip-train", help="Use the model in models/ as it is."),
        production_mode: bool = typer.Option(False, "--production", help="PostgreSQL (OUTFITTER_DATABASE_URL), "
                                             "Redis (OUTFITTER_REDIS_URL) and nginx in front of several servers."),
        rasa: int = typer.Option(2, "--rasa", help="Rasa servers, with --production."),
        actions: int = typer.Option(2, "--actions", help="Action servers, with --production.")) -> None:
    """Start Rasa, the action server and the web app; train the model first when the Rasa files or the shop's
    words changed."""
    services = Services()
    settings = services.settings
    # A SIGTERM (from a service manager or `timeout`) must stop the children too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    if production_mode:
        try:
            production.run(services, rasa, actions, skip_train=skip_train)
        except KeyboardInterrupt:
            err.print("stopping …")
        except launcher.LaunchError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(1) from None
        return
    prepare(services)
    if not skip_train:
        launcher.train(settings)
    running: list[launcher.Service] = []
    try:
        for service in launcher.services(settings, services.keys.rasa_token):
            err.print(f"starting {service.name} …")
            launcher.start(service, settings)
            running.append(service)
            launcher.wait_healthy(service, settings)
        for line in running_banner(settings):
            err.print(line, highlight=False)
        while all(s.process and s.process.poll() is None for s in running):
            time.sleep(1)
        err.print("[red]a process stopped; shutting down[/]")
        raise typer.Exit(1)
    except KeyboardInterrupt:
        err.print("stopping …")
    except launcher.LaunchError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        launcher.stop(running)
