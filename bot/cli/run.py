"""``outfitter run`` and ``outfitter train``."""

from __future__ import annotations

import signal
import time

import typer

from bot import launcher
from bot.cli import production
from bot.cli.console import err
from bot.cli.first_run import prepare
from bot.services import Services
from bot.settings import Settings


def train(force: bool = typer.Option(False, "--force", help="Train even if nothing changed.")) -> None:
    """Train the Rasa model (skipped by Rasa when the project files did not change)."""
    launcher.train(Services().settings, force=force)


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
