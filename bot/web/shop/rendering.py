"""Rendering a shop page: the template, what every page shows (categories, cart, who is signed in), the chat
widget's configuration, the page's Segment events, the shopper's session cookie and the security headers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.identity import COOKIE, ShopperSession, new_anonymous_id
from bot.services import Services
from bot.web import widget_assets
from bot.web.deps import set_session_cookie
from bot.web.shop.cart import CartStore
from bot.web.shop.catalog_view import SORTS, categories
from recommender.index.versions import IndexVersionError

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass
class Page:
    """What one page shows beyond its template's own values."""

    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # Segment track calls the page sends
    status_code: int = 200


STOCKING = Page("message.html", "The shop is being stocked",
                {"heading": "The shop is being stocked", "text": "No catalog is live yet. Try again shortly."},
                status_code=503)


def track(event: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A track call for the page to send; its messageId makes a resent page record it once."""
    return {"type": "track", "event": event, "messageId": f"page-{uuid.uuid4().hex}",
            "properties": {k: v for k, v in properties.items() if v is not None}}


def money(value: float | None, currency: str | None = None) -> str:
    if value is None:
        return ""
    symbol = {"EUR": "€", None: "€", "": "€", "GBP": "£", "USD": "$", "INR": "₹"}.get(currency)
    return f"{value:,.2f} {symbol}" if symbol else f"{value:,.2f} {currency}"


class Renderer:
    """Turns a :class:`Page` into the response a browser gets, for the browser's own shopper session."""

    def __init__(self, services: Services, carts: CartStore) -> None:
        self.services = services
        self.carts = carts
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["money"] = money
        self.env.globals["SORTS"] = SORTS
        # npm installs the widget's packages before the app starts (make setup); one look is enough.
        self.widget_scripts = widget_assets.script_urls() if widget_assets.installed() else None

    def session(self, request: Request) -> tuple[ShopperSession, bool]:
        """The browser's verified session, or a new anonymous one (True: its cookie is to be set)."""
        found = self.services.signer.verify(request.cookies.get(COOKIE))
        if found is not None:
            return found, False
        return ShopperSession(anonymous_id=new_anonymous_id()), True

    def socket_url(self, request: Request) -> str:
        """Rasa's socket.io channel as this browser reaches it."""
        configured = self.services.settings.rasa_public_url
        if configured:
            return configured.rstrip("/")
        if self.services.settings.chat_on_shop_origin:
            return f"{request.url.scheme}://{request.url.netloc}"
        return f"{request.url.scheme}://{request.url.hostname}:{self.services.settings.rasa_port}"

    def headers(self, socket_url: str) -> dict[str, str]:
        # rasa-webchat injects its styles as <style> elements and draws its icons from data: URIs; product
        # images may come from a shop's CDN. Scripts only from this app; the chat connects to Rasa.
        ws = urlsplit(socket_url)._replace(scheme="wss" if socket_url.startswith("https") else "ws").geturl()
        return {"Content-Security-Policy": "default-src 'self'; script-src 'self'; "
                                           "style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; "
                                           f"connect-src 'self' {socket_url} {ws}; font-src 'self' data:; "
                                           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}

    def show(self, request: Request, page: Page) -> HTMLResponse:
        """The page as HTML with the events a form post left for it; the session cookie is set when the
        session is new, and the flash is cleared once its events are in the page."""
        session, new = self.session(request)
        flashed = self.carts.flashed(request)
        try:
            nav = categories(self.services.live_index.get())
        except IndexVersionError:
            nav = []
        socket_url = self.socket_url(request)
        widget = {"socketUrl": socket_url, "session": self.services.signer.sign(session)} \
            if self.widget_scripts else None
        html = self.env.get_template(page.template).render(
            request=request, title=page.title, nav=nav, session=session,
            cart_count=sum(line.quantity for line in self.carts.read(request)), widget=widget,
            widget_scripts=self.widget_scripts or [], events=[*flashed, *page.events], **page.context)
        response = HTMLResponse(html, status_code=page.status_code, headers=self.headers(socket_url))
        if new:
            set_session_cookie(self.services, response, session, secure=request.url.scheme == "https")
        if flashed:
            self.carts.clear_flash(response)
        return response
