"""``/docs``: the OpenAPI page, with Swagger UI served by the app itself.

FastAPI's own page loads Swagger UI from a CDN, so on a machine or an intranet without internet it stays
blank. Here the script, the style and the icon come from the ``swagger-ui-bundle-v2`` package (Swagger UI 5,
which reads the OpenAPI 3.1 FastAPI writes), mounted under ``/docs/assets``. ReDoc ships no such package
and is switched off (``redoc_url=None``).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS = "/docs"
ASSETS = "/docs/assets"


def add_api_docs(app: FastAPI) -> None:
    """Serve the OpenAPI page at ``/docs`` from local files; ``app`` is made with ``docs_url=None``."""
    if app.openapi_url is None:
        return  # no schema, nothing to show
    openapi_url = app.openapi_url
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get(DOCS, include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} API",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
                                   oauth2_redirect_url=None)
