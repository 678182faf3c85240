"""Serving a page's own files: a fixed set, read once (they ship with the package and do not change while the
app runs), each under its name and type, with the page's security headers. Nothing else in the folder is
reachable."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8"}


def files_router(folder: Path, names: tuple[str, ...], *, prefix: str, headers: Mapping[str, str],
                 page: str | None = None, page_path: str | None = None) -> APIRouter:
    """``GET {prefix}/{name}`` for each of ``names`` in ``folder``, and ``GET {page_path}`` for ``page``."""
    files = {name: (folder / name).read_bytes() for name in names}
    api = APIRouter(include_in_schema=False)
    if page is not None and page_path is not None:
        html = (folder / page).read_bytes()

        @api.get(page_path)
        def serve_page() -> Response:
            return Response(html, media_type=TYPES[".html"], headers=dict(headers))

    @api.get(f"{prefix}/{{name}}")
    def asset(name: str) -> Response:
        if name not in files:
            return Response(b"not found", status_code=404, media_type="text/plain")
        return Response(files[name], media_type=TYPES[Path(name).suffix], headers=dict(headers))

    return api
