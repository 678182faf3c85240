"""What the CLI and the merchandiser console both say and do about the catalog's state: what is pending,
publishing the index when the catalog moved on, and a database refusal in one line."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.services import Services
from recommender.catalog.indexing import CatalogStatus, catalog_status, publish_index
from recommender.index.versions import Manifest


def pending_text(state: CatalogStatus) -> str:
    """What is not live yet, in words."""
    if state.in_sync and not state.not_embedded:
        return "nothing"
    return (f"{state.changed_since_live} product change(s) not in the live index, {state.not_embedded} product(s) "
            "waiting for an embedding; `outfitter index build` (or the next import) publishes them")


def publish_if_changed(services: Services) -> tuple[Manifest | None, bool]:
    """Publish a new index version when the live one no longer matches the catalog: the live version, and
    whether it is new. The caller holds the import lock."""
    model = services.encoder.model_name
    with services.sessions() as session:
        if catalog_status(session, services.index_store, model).in_sync:
            return services.index_store.manifest(), False
        return publish_index(session, services.index_store, model, services.settings.index_type), True


def database_refusal(exc: SQLAlchemyError, what: str) -> str:
    """The first line of the database's reason: later lines (SQLAlchemy's [SQL: …] and [parameters: …],
    PostgreSQL's DETAIL) repeat the statement and the row's values."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    reason = (str(cause).strip().splitlines() or [""])[0]
    return f"the database refused {what}: {type(exc).__name__}: {reason}"
