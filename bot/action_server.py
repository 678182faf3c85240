"""The action server: rasa-sdk's app around an actions package, with a ``/health`` that checks the database and
the live index, ``/metrics`` for Prometheus, and each action call timed.

    python -m bot.action_server --actions actions --port 5055

The flags are rasa-sdk's (``python -m rasa_sdk``) for what the project uses. The package is named on the
command line, as rasa-sdk takes it: ``bot`` never imports ``actions``. One process, no worker processes: a
deployment runs several action servers behind the balancer, and each serves its own metrics.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
from collections.abc import Sequence
from typing import Any

from rasa_sdk.constants import DEFAULT_SERVER_PORT
from rasa_sdk.endpoint import create_app as rasa_sdk_app
from rasa_sdk.executor import ActionExecutor, ActionExecutorRunResult
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.health import HealthChecks, ping_database
from bot.metrics import CONTENT_TYPE, UNKNOWN_ACTION, Metrics, process_metrics
from bot.services import Services

log = logging.getLogger("outfitter.actions")
DATABASE_AWAY = ("Sorry, I can't reach our records right now. Please try again in a minute; nothing you told me "
                 "is lost.")


class TimedExecutor(ActionExecutor):
    """rasa-sdk's executor, timing each call (the webhook's whole work: tracker, action, events) by action."""

    def __init__(self, metrics: Metrics, database: Engine | None = None) -> None:
        super().__init__()
        self.metrics = metrics
        # Pinged before each action: Rasa keeps the conversation going on an empty tracker when its tracker
        # store (the same PostgreSQL) is away, and an action that reads no table would then answer as if the
        # shopper had said nothing yet.
        self.database = database

    async def run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        name = action_call.get("next_action")
        # Only names the server has become labels: a caller could otherwise make a new series per request.
        label = name if isinstance(name, str) and name in self.actions else UNKNOWN_ACTION
        started = time.perf_counter()
        try:
            if name in self.actions and self.database is not None:
                await asyncio.to_thread(ping_database, self.database)
            return await super().run(action_call, *args, **kwargs)
        except DBAPIError as exc:
            if not exc.connection_invalidated and not isinstance(exc, OperationalError):
                raise
            # The database is away (the session rolled back: nothing of the turn is written). The shopper is
            # told so in words, and the turn sets nothing, so her answers so far stand.
            log.warning("%s: the database is unreachable: %s", label, exc.orig)
            return ActionExecutorRunResult(events=[], responses=[{"text": DATABASE_AWAY}])
        finally:
            self.metrics.turn_seconds.labels(label).observe(time.perf_counter() - started)


def actions_services(executor: ActionExecutor) -> Services | None:
    """The :class:`Services` the registered actions use (an action exposing it as ``deps``), so ``/health``
    loads the same live index the actions serve instead of a second copy of it."""
    for function in executor.actions.values():
        deps = getattr(getattr(function, "__self__", None), "deps", None)
        if isinstance(deps, Services):
            return deps
    return None


def create_app(package: str, services: Services | None = None, metrics: Metrics | None = None,
               cors: Sequence[str] | str | None = None) -> Sanic:
    """rasa-sdk's Sanic app for ``package``, with our ``/health`` and ``/metrics``."""
    metrics = metrics or process_metrics()
    executor = TimedExecutor(metrics)
    executor.register_package(package)
    services = services or actions_services(executor) or Services()
    executor.database = services.engine
    checks = HealthChecks(services, redis=False)  # Redis is Rasa's lock store: the actions do not use it
    app = rasa_sdk_app(executor, cors_origins=list(cors) if isinstance(cors, list | tuple) else cors)

    @app.on_request
    async def health(request: Request) -> HTTPResponse | None:
        # rasa-sdk's own /health answers ok whatever the state: a request middleware answers in its place.
        if request.path != "/health" or request.method != "GET":
            return None
        report = await asyncio.to_thread(checks.run)
        return response.json(report.as_dict(), status=200 if report.ok else 503)

    @app.get("/metrics")
    async def prometheus(_: Request) -> HTTPResponse:
        manifest = await asyncio.to_thread(services.index_store.manifest)
        metrics.set_index_version(manifest.version if manifest else None)
        return response.raw(metrics.exposition(), content_type=CONTENT_TYPE)

    return app


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.action_server",
                                     description="Serve the custom actions to Rasa, with /health and /metrics.")
    parser.add_argument("--actions", required=True, help="the actions package, e.g. actions")
    parser.add_argument("-p", "--port", type=int, default=DEFAULT_SERVER_PORT, help="port to listen on")
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "0.0.0.0"),
                        help="address to listen on (rasa-sdk's SANIC_HOST; default 0.0.0.0)")
    parser.add_argument("--cors", nargs="*", help="origins allowed to call it from a browser (* for any)")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = argument_parser().parse_args(argv)
    if "/" in args.actions:
        argument_parser().error(f"--actions: {args.actions!r} is a path; name the package (e.g. actions)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(args.actions, cors=args.cors)
    log.info("action server for %s on http://%s:%d (/health, /metrics)", args.actions, args.host, args.port)
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
