"""Signing in on the demo shop as one of its demo customers, and signing out.

A real shop signs its customers in with a password; the demo offers its customers by name. Either way the
sign-in is the shop's word: it links the browser's history to the customer (``bot.identity.sign_in``) and
gives the browser the signed session that names both, which the chat widget then carries to the bot.
"""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot import identity
from bot.demo.orders import CUSTOMERS
from bot.identity import ShopperSession, new_anonymous_id
from bot.services import Services
from bot.web.deps import set_session_cookie
from bot.web.shop.rendering import Page, Renderer
from bot.write_races import retrying

# name -> (customer id, email); the guest checkout of the demo orders has no account to sign in to.
DEMO_CUSTOMERS = {name: (customer, email) for name, (customer, email) in CUSTOMERS.items() if customer is not None}


def router(services: Services, renderer: Renderer) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def account_page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
        session, _ = renderer.session(request)
        signed_in = next((name for name, (customer, _) in DEMO_CUSTOMERS.items()
                          if customer == session.customer_id), session.customer_id)
        customers = [(name, customer, email) for name, (customer, email) in DEMO_CUSTOMERS.items()]
        return renderer.show(request, Page("account.html", "Your account", {
            "customers": customers, "signed_in": signed_in, "error": error}, status_code=status_code))

    @pages.get("/account", response_class=HTMLResponse)
    async def account(request: Request) -> HTMLResponse:
        return account_page(request)

    @pages.post("/account/sign-in", response_class=HTMLResponse, response_model=None)
    async def sign_in(request: Request, customer: Annotated[str, Form(max_length=40)]) -> Response:
        if customer not in DEMO_CUSTOMERS:
            return account_page(request, f"customer: {customer!r} is not one of the demo customers", 422)
        session, _ = renderer.session(request)
        customer_id = DEMO_CUSTOMERS[customer][0]

        def link() -> ShopperSession:
            with services.sessions.begin() as db:
                return identity.sign_in(db, session.anonymous_id, customer_id)

        signed = await asyncio.to_thread(retrying, link, what="sign-in")
        response = RedirectResponse("/account", status_code=303)
        set_session_cookie(services, response, signed, secure=request.url.scheme == "https")
        return response

    @pages.post("/account/sign-out", response_model=None)
    async def sign_out(request: Request) -> Response:
        response = RedirectResponse("/", status_code=303)
        set_session_cookie(services, response, ShopperSession(anonymous_id=new_anonymous_id()),
                           secure=request.url.scheme == "https")
        return response

    return pages
