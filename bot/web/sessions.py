"""Shopper sessions: the browser's first-party id, and the shop's sign-in that links it to a customer."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from bot import identity
from bot.identity import ShopperSession, new_anonymous_id
from bot.keys import Role
from bot.services import Services
from bot.web import deps
from bot.web.deps import OPTIONAL_AUTH, UNAUTHORIZED, Caller, browser_session, caller_dependency
from bot.web.schemas import SignInBody
from bot.write_races import retrying


class SessionOut(BaseModel):
    anonymous_id: str
    customer_id: str | None
    token: str  # the signed session, for the chat widget's metadata (the cookie itself is HttpOnly)


def _out(services: Services, session: ShopperSession) -> SessionOut:
    return SessionOut(anonymous_id=session.anonymous_id, customer_id=session.customer_id,
                      token=services.signer.sign(session))


def router(services: Services) -> APIRouter:
    api = APIRouter(prefix="/api")
    caller = caller_dependency(services)

    @api.get("/session", responses={401: UNAUTHORIZED}, openapi_extra=OPTIONAL_AUTH)
    def current(request: Request, response: Response, who: Annotated[Caller, Depends(caller)]) -> SessionOut:
        """This browser's session, started (with its cookie) when it has none."""
        return _out(services, browser_session(services, who, request, response))

    # A POST of its own rather than DELETE /api/session, so each path has one method (and one Allow header).
    @api.post("/session/sign-out", responses={401: UNAUTHORIZED}, openapi_extra=OPTIONAL_AUTH)
    def sign_out(request: Request, response: Response, who: Annotated[Caller, Depends(caller)]) -> SessionOut:
        """Forget the customer: the browser continues as a new anonymous shopper."""
        fresh = ShopperSession(anonymous_id=new_anonymous_id())
        deps.set_session_cookie(services, response, fresh, secure=request.url.scheme == "https")
        return _out(services, fresh)

    @api.post("/sessions", responses={400: deps.BAD_BODY, 401: UNAUTHORIZED, 403: deps.FORBIDDEN})
    async def sign_in(body: SignInBody, who: Annotated[Caller, Depends(caller)]) -> SessionOut:
        """The shop's servers vouch that a customer signed in (shop token): a signed session for them, and
        their browser's anonymous history joined to theirs. Give the token to the browser as its cookie."""
        deps.require(who, Role.SHOP)

        def link() -> ShopperSession:
            with services.sessions.begin() as db:
                return identity.sign_in(db, body.anonymous_id, body.customer_id)

        session = await asyncio.to_thread(retrying, link, what="sign-in")
        return _out(services, session)

    return api
