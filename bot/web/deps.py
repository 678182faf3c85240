"""Who is calling, as FastAPI dependencies: a staff role from a bearer token, a shopper from their signed
session. Routes declare what they need here, so none can forget to check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from bot.identity import COOKIE, HEADER, ShopperSession, may_see, new_anonymous_id
from bot.keys import Role
from bot.services import Services

_bearer = HTTPBearer(auto_error=False, scheme_name="staffToken",
                     description="A staff token: the shop's servers, support or merchandisers.")
_cookie = APIKeyCookie(name=COOKIE, auto_error=False, scheme_name="sessionCookie",
                       description="The browser's signed shopper session.")
_header = APIKeyHeader(name=HEADER, auto_error=False, scheme_name="sessionHeader",
                       description="The same signed session, for clients that do not keep cookies.")

# For routes an anonymous browser may call too: the empty requirement says credentials are optional.
OPTIONAL_AUTH = {"security": [{}, {"staffToken": []}, {"sessionCookie": []}, {"sessionHeader": []}]}
BAD_BODY = {"description": "The body is not JSON"}
UNAUTHORIZED = {"description": "No valid staff token or shopper session"}
FORBIDDEN = {"description": "The caller may not do this"}


@dataclass(frozen=True)
class Caller:
    role: Role | None = None
    session: ShopperSession | None = None

    @property
    def is_staff(self) -> bool:
        return self.role is not None


def caller_dependency(services: Services) -> Callable[..., Caller]:
    """The dependency that reads a request's staff token and shopper session.

    A token that is not one of the shop's is refused outright (a typo in a console's configuration should
    say so); a session that does not verify is treated as absent, as a browser's stale cookie would be.
    """

    def caller(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
               cookie: Annotated[str | None, Depends(_cookie)],
               header: Annotated[str | None, Depends(_header)]) -> Caller:
        role = None
        if credentials is not None:
            role = services.keys.role_of(credentials.credentials)
            if role is None:
                raise HTTPException(401, "Authorization: not a token of this shop",
                                    headers={"WWW-Authenticate": "Bearer"})
        return Caller(role=role, session=services.signer.verify(header or cookie))

    return caller


def may_read_shopper(db: Session, caller: Caller, external_id: str) -> bool:
    """Whether the caller may see the history of the shopper known by ``external_id``: staff may, a shopper
    as :func:`bot.identity.may_see` says."""
    return caller.is_staff or may_see(db, caller.session, external_id)


def require(caller: Caller, *roles: Role) -> None:
    """Refuse a caller without one of ``roles`` (401 without any credentials, 403 with the wrong ones)."""
    if caller.role in roles:
        return
    if caller.role is None and caller.session is None:
        raise HTTPException(401, "Authorization: a staff token is required", headers={"WWW-Authenticate": "Bearer"})
    raise HTTPException(403, f"Authorization: needs the {' or '.join(roles)} role")


def browser_session(services: Services, caller: Caller, request: Request, response: Response) -> ShopperSession:
    """The caller's shopper session, starting one (and setting its cookie) for a browser that has none."""
    if caller.session is not None:
        return caller.session
    session = ShopperSession(anonymous_id=new_anonymous_id())
    set_session_cookie(services, response, session, secure=request.url.scheme == "https")
    return session


def set_session_cookie(services: Services, response: Response, session: ShopperSession, *, secure: bool) -> None:
    response.set_cookie(COOKIE, services.signer.sign(session), max_age=services.settings.session_days * 86400,
                        httponly=True, samesite="lax", secure=secure or services.settings.cookie_secure)
