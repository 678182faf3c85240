"""The suggestions API: the finder's ranking for the shop's pages, and related products for product pages."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from bot.services import Services
from bot.suggestions import suggest_for
from recommender.index.versions import IndexVersionError
from recommender.query import Filters
from recommender.ranking import SuggestRequest, bought_together, similar


class SuggestBody(BaseModel):
    text: str = ""
    answers: dict[str, Any] = Field(default_factory=dict)
    filters: dict[str, Any] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)
    exclude_brands: list[str] = Field(default_factory=list)
    k: int = Field(10, ge=1, le=100)
    more_like: str | None = None
    not_like: str | None = None
    shopper_id: str | None = None


def router(services: Services) -> APIRouter:
    api = APIRouter(prefix="/api")

    def live() -> Any:
        try:
            return services.live_index.get()
        except IndexVersionError as exc:
            raise HTTPException(503, str(exc)) from exc

    @api.post("/suggest")
    async def suggest(body: SuggestBody) -> dict[str, Any]:
        try:
            filters = Filters.from_dict(body.filters)
        except (TypeError, ValueError) as exc:
            raise HTTPException(422, f"filters: {exc}") from exc
        request = SuggestRequest(text=body.text, answers=body.answers, filters=filters, exclude=frozenset(body.exclude),
                                 exclude_brands=frozenset(body.exclude_brands), k=body.k, more_like=body.more_like,
                                 not_like=body.not_like, shopper_id=body.shopper_id)
        live()
        # Profiles, signals, encoding and FAISS block: keep them off the event loop.
        result = await asyncio.to_thread(suggest_for, services, request)
        return {"search_text": result.search_text,
                "filters": {k: v for k, v in vars(result.filters).items() if v is not None},
                "suggestions": [item.to_dict() for item in result.items]}

    @api.get("/products/{sku}/similar")
    async def similar_products(sku: str, k: int = 6) -> dict[str, Any]:
        index = live()
        if not index.has_sku(sku):
            raise HTTPException(404, f"sku {sku!r} is not in the live catalog")
        items = await asyncio.to_thread(similar, index, sku, k)
        return {"sku": sku, "similar": [item.to_dict() for item in items]}

    @api.get("/products/{sku}/bought-together")
    async def together(sku: str, k: int = 6) -> dict[str, Any]:
        index = live()
        if not index.has_sku(sku):
            raise HTTPException(404, f"sku {sku!r} is not in the live catalog")
        items = await asyncio.to_thread(lambda: bought_together(index, services.signals.get(), sku, k))
        return {"sku": sku, "bought_together": [item.to_dict() for item in items]}

    return api
