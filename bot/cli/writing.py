"""What a command that changes the catalog or its index holds: the import lock, and a database failure told
in one line (the traceback, with its SQL and parameters, goes to the log file only)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.markup import escape
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog_state import database_refusal
from bot.cli.console import err
from bot.cli.logs import LOG_FILE
from bot.services import Services
from recommender.catalog.lock import ImportLockBusy, import_lock

BUSY_EXIT = 3  # distinct from 1 (nothing imported) and 2 (bad file or arguments), so scripts can retry

log = logging.getLogger("outfitter.cli")


def _waiting(pid: int | None) -> None:
    message = "another import is running" + (f" (pid {pid})" if pid else "") + ", waiting…"
    err.print(message, highlight=False)
    log.info(message)


@contextmanager
def catalog_writer(services: Services, *, wait: bool = True) -> Iterator[None]:
    """Hold the import lock of ``services``' OUTFITTER_HOME, after sweeping what killed publishes left.

    Exits with status 3 when another import holds the lock and ``wait`` is false.
    """
    try:
        with import_lock(services.settings.home_dir, wait=wait, on_wait=_waiting):
            # Under the lock, so the temporary folder of a publish that is still running is never removed.
            swept = services.index_store.remove_abandoned()
            if swept:
                log.info("removed what an interrupted publish left: %s", ", ".join(swept))
            yield
    except ImportLockBusy as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        log.warning("%s", exc)
        raise typer.Exit(BUSY_EXIT) from None


@contextmanager
def database_errors(services: Services, what: str, consequence: str) -> Iterator[None]:
    """Turn a database error inside the block into one line naming ``what`` failed, and exit with status 1.

    Args:
        services: whose log file receives the traceback.
        what: the work that failed, as in "the database refused {what}".
        consequence: what the merchant's catalog is left with, e.g. "nothing was changed".
    """
    try:
        yield
    except SQLAlchemyError as exc:
        log.exception("the database refused %s", what)
        where = services.settings.log_dir / LOG_FILE
        err.print(f"[red]error:[/] {escape(database_refusal(exc, what))} "
                  f"({consequence}; details in {escape(str(where))})", highlight=False)
        if not _has_schema(services):
            err.print("The database has no tables yet: `outfitter db upgrade` makes them (`outfitter run` does too).",
                      highlight=False)
        raise typer.Exit(1) from None


def _has_schema(services: Services) -> bool:
    """Whether the migrations have run on the database; True when that cannot be told (it may be away)."""
    try:
        return inspect(services.engine).has_table("alembic_version")
    except SQLAlchemyError:
        return True
