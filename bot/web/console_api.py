"""The merchandiser console's API under ``/api/console``: the catalog and its index versions, imports,
segments and conversion, every route behind the ``merchandiser`` token.

The token is checked by a dependency of the whole router, which runs before any route reads its body: the
upload streams its body itself (:mod:`bot.web.uploads`), so a stranger's file is never read at all.
"""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from bot.keys import Role
from bot.services import Services
from bot.web import console_catalog, console_conversion, console_jobs, console_segments
from bot.web.deps import FORBIDDEN, UNAUTHORIZED, Caller, caller_dependency, require
from bot.web.jobs import JobBoard

INVALID = {"description": "A parameter or field is wrong; each is named in `detail[].loc`"}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: UNAUTHORIZED, 403: FORBIDDEN, 422: INVALID}


def router(services: Services, board: JobBoard | None = None) -> APIRouter:
    """The console's routes; ``board`` runs its background jobs (one per app, made here by default)."""
    board = board or JobBoard()
    caller = caller_dependency(services)

    def merchandiser_only(who: Annotated[Caller, Depends(caller)]) -> None:
        require(who, Role.MERCHANDISER)

    # On the router, so no console route can forget it; it runs before the body is looked at.
    api = APIRouter(prefix="/api/console", tags=["merchandiser console"], dependencies=[Depends(merchandiser_only)],
                    responses=AUTH_RESPONSES)
    api.include_router(console_catalog.router(services, board))
    api.include_router(console_jobs.router(board))
    api.include_router(console_segments.router(services, board))
    api.include_router(console_conversion.router(services))
    return api
