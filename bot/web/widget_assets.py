"""The chat widget's files: rasa-webchat and React from the npm packages `make` installs, and our own script
and style that mount it on every shop page.

The npm packages live in ``bot/web/widget/node_modules`` (never committed; ``make setup`` runs ``npm ci``).
Only the three built files the page needs are served, by name, so nothing else under node_modules is
reachable from the web.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from bot.web.static_files import TYPES, files_router

WIDGET = Path(__file__).resolve().parent / "widget"
NODE_MODULES = WIDGET / "node_modules"
# rasa-webchat's `module` build is its React component as a UMD bundle that takes React and ReactDOM from the
# page (its `lib` build mounts a closed widget that accepts no React component for our product cards).
VENDOR = {
    "react.js": NODE_MODULES / "react" / "umd" / "react.production.min.js",
    "react-dom.js": NODE_MODULES / "react-dom" / "umd" / "react-dom.production.min.js",
    "webchat.js": NODE_MODULES / "rasa-webchat" / "module" / "index.js",
}
OWN = ("widget.js", "widget.css")  # ours, in WIDGET / "static"
# rasa-webchat's styles @import a Google font: a shop that serves everything itself should not have every
# visitor's browser call Google (and a strict CSP blocks it anyway), so the import is left out when served.
FONT_IMPORT = b"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
NOT_INSTALLED = "the chat widget's npm packages are not installed: run `make setup`"

log = logging.getLogger("outfitter.web")


def installed() -> bool:
    return all(path.is_file() for path in VENDOR.values())


def script_urls() -> list[str]:
    """The scripts a page loads, in order: React, ReactDOM, rasa-webchat, then ours."""
    return [f"/widget/vendor/{name}" for name in VENDOR] + ["/widget/widget.js"]


def router() -> APIRouter:
    """The vendor files (read once: ``npm ci`` runs before the app starts) and our own script and style."""
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    vendor_files = {name: path.read_bytes().replace(FONT_IMPORT, b"") for name, path in VENDOR.items()
                    if path.is_file()}
    if len(vendor_files) < len(VENDOR):
        log.warning(NOT_INSTALLED)
    api = files_router(WIDGET / "static", OWN, prefix="/widget",
                       headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"})

    @api.get("/widget/vendor/{name}")
    def vendor(name: str) -> Response:
        if name not in VENDOR:
            return Response(b"not found", status_code=404, media_type="text/plain")
        if name not in vendor_files:
            return Response(NOT_INSTALLED, status_code=404, media_type="text/plain")
        # pinned in package-lock.json: a file changes only with a new install
        return Response(vendor_files[name], media_type=TYPES[".js"], headers=headers)

    return api
