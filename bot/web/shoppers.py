"""A shopper's profile, for the shopper's own session or a staff token."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path

from bot.services import Services
from bot.web.deps import UNAUTHORIZED, Caller, caller_dependency, may_read_shopper
from bot.web.schemas import MAX_ID
from recommender.shoppers.profile import shopper_profile


def router(services: Services) -> APIRouter:
    api = APIRouter(prefix="/api")
    caller = caller_dependency(services)

    @api.get("/shoppers/{shopper_id}/profile",
             responses={401: UNAUTHORIZED, 404: {"description": "Not known, or not the caller's to read"}})
    async def profile(shopper_id: Annotated[str, Path(min_length=1, max_length=MAX_ID)],
                      who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        """The shopper's micro-segment profile. A shopper may read their own (by either of their ids); staff
        may read anyone's. Someone else's profile answers as an unknown one, so ids cannot be probed."""
        if not who.is_staff and who.session is None:
            raise HTTPException(401, "Authorization: a shopper session or a staff token is required",
                                headers={"WWW-Authenticate": "Bearer"})

        def load() -> dict[str, Any] | None:
            with services.sessions() as session:
                if not may_read_shopper(session, who, shopper_id):
                    return None
                found = shopper_profile(session, shopper_id, model=services.live_segments.get())
            return found.to_dict() if found else None

        result = await asyncio.to_thread(load)
        if result is None:
            raise HTTPException(404, f"shopper {shopper_id!r} is not known")
        return result

    return api
