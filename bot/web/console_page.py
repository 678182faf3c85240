"""The merchandiser console's page: one HTML file and its script and style, all served by the app (no CDN).

The page itself holds no data and needs no token; it asks for the merchandiser token and calls
``/api/console`` (:mod:`bot.web.console_api`) with it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from bot.web.static_files import files_router

STATIC = Path(__file__).resolve().parent / "static" / "console"
SCRIPTS = ("console.js", "api.js", "dom.js", "catalog.js", "segments.js", "conversion.js")  # ES modules
ASSETS = (*SCRIPTS, "console.css")
# Scripts and styles from this app only, and no framing: the page shows catalog text and holds a token.
# Charts are SVG documents the script fetches with the token and shows as images (blob: URLs): an image
# runs no script and loads nothing, whatever its text says.
HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                                      "connect-src 'self'; img-src 'self' blob:; form-action 'self'; "
                                      "frame-ancestors 'none'; base-uri 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def router() -> APIRouter:
    return files_router(STATIC, ASSETS, prefix="/console", headers=HEADERS, page="console.html", page_path="/console")
