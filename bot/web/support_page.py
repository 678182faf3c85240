"""The support console's page: one HTML file and its script and style, all served by the app (no CDN).

The page itself holds no data and needs no token; it asks for the support token and calls
``/api/support`` (:mod:`bot.web.support_console`) with it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from bot.web.static_files import files_router

STATIC = Path(__file__).resolve().parent / "static" / "support"
ASSETS = ("console.js", "console.css")
# Scripts and styles from this app only, and no framing: the page shows shoppers' words and holds a token,
# so injected markup must not run and another site must not overlay it.
HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                                      "connect-src 'self'; img-src 'self'; form-action 'self'; "
                                      "frame-ancestors 'none'; base-uri 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def router() -> APIRouter:
    return files_router(STATIC, ASSETS, prefix="/support", headers=HEADERS, page="console.html", page_path="/support")
