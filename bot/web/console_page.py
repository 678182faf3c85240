"""The merchandiser console's page: one HTML file and its script and style, all served by the app (no CDN).

The page itself holds no data and needs no token; it asks for the merchandiser token and calls
``/api/console`` (:mod:`bot.web.console_api`) with it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

STATIC = Path(__file__).resolve().parent / "static" / "console"
SCRIPTS = ("console.js", "api.js", "dom.js", "catalog.js", "segments.js", "conversion.js")  # ES modules
ASSETS = {name: "text/javascript; charset=utf-8" for name in SCRIPTS} | {"console.css": "text/css; charset=utf-8"}
# Scripts and styles from this app only, and no framing: the page shows catalog text and holds a token.
# Charts are SVG documents the script fetches with the token and shows as images (blob: URLs): an image
# runs no script and loads nothing, whatever its text says.
HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                                      "connect-src 'self'; img-src 'self' blob:; form-action 'self'; "
                                      "frame-ancestors 'none'; base-uri 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def router() -> APIRouter:
    # Read once: the files ship with the package and do not change while the app runs.
    page = (STATIC / "console.html").read_bytes()
    assets = {name: (STATIC / name).read_bytes() for name in ASSETS}
    api = APIRouter(include_in_schema=False)

    @api.get("/console")
    def console() -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=HEADERS)

    @api.get("/console/{name}")
    def asset(name: str) -> Response:
        if name not in assets:
            return Response(b"not found", status_code=404, media_type="text/plain")
        return Response(assets[name], media_type=ASSETS[name], headers=HEADERS)

    return api
