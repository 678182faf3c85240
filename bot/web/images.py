"""``GET /static/products/{sku}.svg``: the picture of a live product, drawn from its catalog attributes.

The demo catalog ships no photos; its ``image_url`` points here, and :mod:`bot.demo.images` draws the
product's kind in its colour. A product the live catalog lacks is a 404. Pictures are small and change only
when the product's category, colour or title does, so they carry an ETag and may be cached for an hour.
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.demo.images import product_svg
from bot.services import Services
from recommender.index.versions import IndexVersionError

SVG = "image/svg+xml"
# An SVG opened on its own is a document: let it run nothing and load nothing.
HEADERS = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'none'"}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _not_modified(etag: str, if_none_match: str | None) -> bool:
    """Whether the client holds this version: ``*``, or the tag among those listed (weak or strong)."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return if_none_match.strip() == "*" or etag in tags


def router(services: Services) -> APIRouter:
    api = APIRouter(include_in_schema=False)

    # HEAD too: link checkers, caches and `curl -I` ask that way (Starlette sends the headers without the body).
    @api.api_route("/static/products/{sku}.svg", methods=["GET", "HEAD"])
    def product_image(sku: str, request: Request) -> Response:
        try:
            index = services.live_index.get()
        except IndexVersionError:
            return Response(b"no catalog is live yet", status_code=404, media_type="text/plain")
        if not index.has_sku(sku):
            return Response(b"no such product in the live catalog", status_code=404, media_type="text/plain")
        row = index.row_of_sku(sku)
        body = product_svg(_text(index.column("category")[row]), _text(index.column("color")[row]),
                           _text(index.column("title")[row])).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
        headers = {**HEADERS, "ETag": etag}
        if _not_modified(etag, request.headers.get("if-none-match")):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=SVG, headers=headers)

    return api
