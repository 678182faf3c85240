"""The FastAPI app: health, catalog search, the demo shop with its chat widget, the events API, and the
support and merchandiser consoles with their APIs."""

from __future__ import annotations

import asyncio
import html
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import AfterValidator
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.health import HealthChecks
from bot.metrics import CONTENT_TYPE, Metrics, process_metrics
from bot.services import Services
from bot.web import (
    console_api,
    console_page,
    events,
    sessions,
    shop,
    shoppers,
    suggestions,
    support_console,
    support_page,
    widget_assets,
)
from bot.web.api_docs import add_api_docs
from bot.web.images import router as images_router
from bot.web.schemas import MAX_PRICE, MAX_TEXT, MAX_WORD, NOT_BLANK, printable
from recommender.index.versions import IndexVersionError
from recommender.query import Filters
from recommender.search import product_cards, search

log = logging.getLogger("outfitter.web")
REQUEST_ID = "X-Request-ID"


def not_blank(value: str | None) -> str | None:
    """Printable and not only spaces, as the schema's pattern says: blank words would search for nothing."""
    if value is not None and not printable(value).strip():
        raise ValueError("is blank: give some words")
    return value


SearchText = Annotated[str, Query(min_length=1, max_length=MAX_TEXT, json_schema_extra={"pattern": NOT_BLANK}),
                       AfterValidator(not_blank)]
Word = Annotated[str | None, Query(min_length=1, max_length=MAX_WORD, json_schema_extra={"pattern": NOT_BLANK}),
                 AfterValidator(not_blank)]
Price = Annotated[float | None, Query(ge=0, le=MAX_PRICE)]


def invalid_page(errors: list[dict[str, Any]]) -> str:
    items = "".join(f"<li><b>{html.escape(str(e['loc'][-1]))}</b>: {html.escape(e['msg'])}</li>" for e in errors)
    return (f"<!doctype html><meta charset=utf-8><title>Check the address</title><body style='font:16px system-ui;"
            f"margin:3rem'><h1>That page address has a value we can't use</h1><ul>{items}</ul>"
            f"<p><a href='/shop'>Back to the shop</a></p>")


def add_error_handling(app: FastAPI) -> None:
    """Every response carries a request id; anything unexpected is a 500 that shows only that id, while the
    log keeps the traceback under the same id, so a report from a shop can be found without leaking code."""

    @app.middleware("http")
    async def request_id(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        rid = uuid.uuid4().hex[:16]
        request.state.request_id = rid
        try:
            response = await call_next(request)
        except Exception:
            log.exception("request %s: %s %s failed", rid, request.method, request.url.path)
            response = JSONResponse({"detail": "internal error", "request_id": rid}, status_code=500)
        response.headers[REQUEST_ID] = rid
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # Each error names its field; the offending input is not echoed back (it may be a megabyte, or text
        # that cannot even be encoded).
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        if not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(invalid_page(errors), status_code=422)  # a shop page: a person reads it
        return JSONResponse({"detail": errors}, status_code=422)


class RequestTiming:
    """Each request's time under its route template (``/api/products/{sku}/similar``), so the label set stays
    the app's routes whatever paths are asked for. Plain ASGI: no second copy of each request and response."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            # The router writes the matched route into this same scope.
            template = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.http_seconds.labels(template, scope["method"]).observe(time.perf_counter() - started)


def add_health(app: FastAPI, services: Services, metrics: Metrics) -> None:
    checks = HealthChecks(services)

    @app.get("/health", responses={503: {"description": "A dependency is failing: named in `failing`, with "
                                                         "the reason under `checks`"}})
    def health(response: Response) -> dict[str, Any]:
        """The database, Redis (production mode) and the live index, each with a short deadline."""
        report = checks.run()
        if not report.ok:
            response.status_code = 503
        return report.as_dict()

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        manifest = services.index_store.manifest()  # one small file read, at scrape time
        metrics.set_index_version(manifest.version if manifest else None)
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)


def create_app(services: Services | None = None, metrics: Metrics | None = None) -> FastAPI:
    services = services or Services()
    metrics = metrics or process_metrics()
    app = FastAPI(title="Outfitter",
                  description="Search, suggestions, shopper events and profiles, the support console and the "
                              "merchandiser console.",
                  docs_url=None, redoc_url=None)  # see add_api_docs
    app.state.services = services
    app.state.metrics = metrics
    add_error_handling(app)
    app.add_middleware(RequestTiming, metrics=metrics)
    add_api_docs(app)
    app.include_router(events.router(services, metrics))
    app.include_router(sessions.router(services))
    app.include_router(shoppers.router(services))
    app.include_router(suggestions.router(services, metrics))
    app.include_router(support_console.router(services))
    app.include_router(support_page.router())
    app.include_router(images_router(services))
    app.include_router(console_api.router(services))
    app.include_router(console_page.router())
    app.include_router(shop.router(services))
    app.include_router(widget_assets.router())

    add_health(app, services, metrics)

    @app.get("/api/search", responses={503: suggestions.NO_INDEX})
    async def api_search(q: SearchText, k: Annotated[int, Query(ge=1, le=100)] = 10,
                         gender: Word = None, category: Word = None, min_price: Price = None,
                         max_price: Price = None, color: Word = None, size: Word = None,
                         in_stock: bool | None = None) -> dict[str, Any]:
        filters = Filters(gender=gender, category=category, min_price=min_price, max_price=max_price,
                          color=color, size=size, in_stock=in_stock)
        try:
            index = services.live_index.get()
        except IndexVersionError as exc:
            raise HTTPException(503, str(exc)) from exc
        # Encoding and the FAISS scan are blocking: keep them off the event loop.
        with metrics.suggestion_timer("web"):
            result = await asyncio.to_thread(search, index, services.encoder, q, k, filters)
        return {"query": q, "index_version": index.manifest.version,
                "filters": {k: v for k, v in vars(result.query.filters).items() if v is not None},
                "results": product_cards(index, result.hits)}

    return app
