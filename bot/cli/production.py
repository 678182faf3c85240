"""``outfitter run --production``: PostgreSQL, Redis, nginx in front of N Rasa and M action servers."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import typer
from sqlalchemy.exc import OperationalError

from bot import cluster, launcher, production
from bot.cli.console import err
from bot.cli.first_run import prepare
from bot.services import Services
from bot.settings import Settings


def banner(settings: Settings, layout: production.Layout) -> list[str]:
    entry = f"http://127.0.0.1:{layout.balancer_port}"
    return [
        "[green]Outfitter is running[/] in production mode.",
        f"  Shop (with the chat widget):  {entry}/",
        f"  Merchandiser console:         {entry}/console   token: `outfitter tokens --role merchandiser`",
        f"  Support console:              {entry}/support   token: `outfitter tokens --role support`",
        f"  REST channel:                 {entry}/webhooks/rest/webhook",
        f"  Rasa servers :{', :'.join(map(str, layout.rasa_ports))} (balanced on :{layout.rasa_port}), action "
        f"servers :{', :'.join(map(str, layout.actions_ports))} (balanced on :{layout.actions_port}), web app "
        f":{layout.web_port}; metrics on each one's /metrics.",
        f"  Logs in {settings.log_dir}; processes in {settings.home_dir / 'processes.json'}. Ctrl-C stops "
        "everything.",
    ]


def start_all(running: list[launcher.Service], settings: Settings) -> None:
    """Start every process at once, then wait for each: N Rasa servers load their models side by side."""
    for service in running:
        err.print(f"starting {service.name} …")
        launcher.start(service, settings)
    with ThreadPoolExecutor(len(running)) as pool:
        for future in [pool.submit(launcher.wait_healthy, service, settings) for service in running]:
            future.result()


def run(services: Services, rasa: int, actions: int, *, skip_train: bool) -> None:
    """Prepare, start and supervise until a process keeps stopping (exit 1) or the caller is interrupted; the
    processes are stopped either way."""
    settings = services.settings
    try:
        production.check_settings(settings)
        layout = production.Layout.of(settings, rasa, actions)
        cluster.check_nginx()
    except (production.ProductionConfigError, launcher.LaunchError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    try:
        if production.ensure_database(settings.database_url or ""):
            err.print("created the app database (it did not exist)")
    except OperationalError as exc:
        err.print(f"[red]error:[/] cannot reach PostgreSQL at OUTFITTER_DATABASE_URL: {exc.orig}")
        raise typer.Exit(2) from None
    prepare(services)
    if not skip_train:
        launcher.train(settings)
    running = cluster.services(settings, services.keys.rasa_token, layout)
    err.print("making Rasa's tracker store …")
    cluster.make_tracker_store(settings)
    supervisor = cluster.Supervisor(settings, running, lambda line: err.print(line, highlight=False))
    try:
        start_all(running, settings)
        supervisor.record()
        for line in banner(settings, layout):
            err.print(line, highlight=False)
        while supervisor.check():
            time.sleep(1)
        raise typer.Exit(1)
    finally:
        launcher.stop(running)
