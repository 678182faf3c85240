"""The suggestions API: the finder's ranking for the shop's pages, and related products for product pages."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from bot.metrics import Metrics, process_metrics
from bot.services import Services
from bot.suggestions import suggest_for
from bot.web.deps import BAD_BODY, FORBIDDEN, OPTIONAL_AUTH, UNAUTHORIZED, Caller, caller_dependency, may_read_shopper
from bot.web.schemas import MAX_SKU, SuggestBody
from recommender.index.versions import IndexVersionError
from recommender.query import Filters
from recommender.ranking import SuggestRequest, bought_together, similar

NO_INDEX = {"description": "No catalog is live yet"}
UNKNOWN_SKU = {"description": "The sku is not in the live catalog"}
SkuPath = Annotated[str, Path(min_length=1, max_length=MAX_SKU)]
Related = Annotated[int, Query(ge=1, le=50, description="How many products")]


def router(services: Services, metrics: Metrics | None = None) -> APIRouter:
    api = APIRouter(prefix="/api")
    caller = caller_dependency(services)
    metrics = metrics or process_metrics()

    def live() -> Any:
        try:
            return services.live_index.get()
        except IndexVersionError as exc:
            raise HTTPException(503, str(exc)) from exc

    def shopper_for(body: SuggestBody, who: Caller) -> str | None:
        """Whose history personalizes the page: the one named (staff, or the shopper's own id), else the
        session's own shopper; naming someone else's history is refused."""
        wanted = body.shopper_id or (who.session.shopper_id if who.session else None)
        if wanted is None:
            return None
        with services.sessions() as session:
            if may_read_shopper(session, who, wanted):
                return wanted
        if body.shopper_id is None:
            return None  # the session's own browser id, now a customer's: suggest without that history
        raise HTTPException(403, "shopper_id: suggestions personalize for the caller's own shopper only")

    @api.post("/suggest", responses={400: BAD_BODY, 401: UNAUTHORIZED, 403: FORBIDDEN, 503: NO_INDEX},
              openapi_extra=OPTIONAL_AUTH)
    async def suggest(body: SuggestBody, who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        live()
        shopper_id = await asyncio.to_thread(shopper_for, body, who)
        request = SuggestRequest(text=body.text, answers=body.answers.as_answers(),
                                 filters=Filters(**body.filters.model_dump()), exclude=frozenset(body.exclude),
                                 exclude_brands=frozenset(body.exclude_brands), k=body.k, more_like=body.more_like,
                                 not_like=body.not_like, shopper_id=shopper_id)
        # Profiles, signals, encoding and FAISS block: keep them off the event loop.
        with metrics.suggestion_timer("web"):
            result = await asyncio.to_thread(suggest_for, services, request)
        return {"search_text": result.search_text,
                "filters": {k: v for k, v in vars(result.filters).items() if v is not None},
                "suggestions": [item.to_dict() for item in result.items]}

    @api.get("/products/{sku}/similar", responses={404: UNKNOWN_SKU, 503: NO_INDEX})
    async def similar_products(sku: SkuPath, k: Related = 6) -> dict[str, Any]:
        index = live()
        if not index.has_sku(sku):
            raise HTTPException(404, f"sku {sku!r} is not in the live catalog")
        items = await asyncio.to_thread(similar, index, sku, k)
        return {"sku": sku, "similar": [item.to_dict() for item in items]}

    @api.get("/products/{sku}/bought-together", responses={404: UNKNOWN_SKU, 503: NO_INDEX})
    async def together(sku: SkuPath, k: Related = 6) -> dict[str, Any]:
        index = live()
        if not index.has_sku(sku):
            raise HTTPException(404, f"sku {sku!r} is not in the live catalog")
        items = await asyncio.to_thread(lambda: bought_together(index, services.signals.get(), sku, k))
        return {"sku": sku, "bought_together": [item.to_dict() for item in items]}

    return api
