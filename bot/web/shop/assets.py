"""The shop pages' own script and style."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {"shop.js": "text/javascript; charset=utf-8", "shop.css": "text/css; charset=utf-8"}


def assets_router() -> APIRouter:
    files = {name: (STATIC / name).read_bytes() for name in TYPES}
    api = APIRouter(include_in_schema=False)

    @api.get("/assets/{name}")
    def asset(name: str) -> Response:
        if name not in files:
            return Response(b"not found", status_code=404, media_type="text/plain")
        return Response(files[name], media_type=TYPES[name],
                        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"})

    return api
