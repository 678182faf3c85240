"""The shop's browsing pages: home, category listings with filters and pages, search, and a product's page.
Each page says which Segment events it sends (``Product List Viewed``, ``Products Searched``,
``Product Viewed``); the page's script posts them to ``/api/events`` for the browser's own session."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import AfterValidator
from sqlalchemy import select

from bot.services import Services
from bot.web.schemas import MAX_PRICE, MAX_SKU, MAX_TEXT, MAX_WORD, printable
from bot.web.shop.catalog_view import PER_PAGE, Browse, Sort, browse, card_of, cards_for_rows, categories
from bot.web.shop.rendering import STOCKING, Page, Renderer, track
from recommender.catalog.models import Product
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_keys, product_rows
from recommender.index.versions import IndexVersionError
from recommender.query import Filters
from recommender.ranking import bought_together, similar
from recommender.search import search
from recommender.shoppers.spec import PRODUCT_LIST_VIEWED, PRODUCT_VIEWED, PRODUCTS_SEARCHED

Word = Annotated[str | None, Query(max_length=MAX_WORD), AfterValidator(lambda v: (v and printable(v)) or None)]
Price = Annotated[float | None, Query(ge=0, le=MAX_PRICE)]
SEARCH_PAGE = 24
RELATED = 4



def possessive(audience: str) -> str:
    """ "Women's", "Girls'", "Kids'", "Unisex": the heading of an audience's listing."""
    word = audience.capitalize()
    if word == "Unisex":
        return word
    return word + ("'" if word.endswith("s") and not word.endswith("men") else "'s")

def router(services: Services, renderer: Renderer) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    show = renderer.show

    def live() -> LoadedIndex:
        return services.live_index.get()

    def unavailable(request: Request) -> HTMLResponse:
        return show(request, STOCKING)

    @pages.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> HTMLResponse:
        try:
            index = live()
        except IndexVersionError:
            return unavailable(request)
        popularity = services.signals.get().popularity_of(index)
        popular = (await asyncio.to_thread(browse, index, popularity, Browse(filters=Filters(in_stock=True)), 8,
                                           facets=False)).cards
        tiles = [(category, count, _image_of(index, category)) for category, count in categories(index)]
        return show(request, Page("home.html", "Outfitter", {"tiles": tiles, "popular": popular},
                                  [track(PRODUCT_LIST_VIEWED, {"list_id": "home:popular", "category": "popular",
                                                                 "products": [c.track(n) for n, c in
                                                                              enumerate(popular, 1)]})]))

    @pages.get("/shop", response_class=HTMLResponse)
    async def listing(request: Request, category: Word = None, gender: Word = None, color: Word = None,
                      size: Word = None, min_price: Price = None, max_price: Price = None, on_sale: bool = False,
                      sort: Sort = "popular", page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
        try:
            index = live()
        except IndexVersionError:
            return unavailable(request)
        query = Browse(filters=Filters(category=category, gender=gender, color=color, size=size,
                                       min_price=min_price, max_price=max_price),
                       on_sale=on_sale, sort=sort, page=page)
        result = await asyncio.to_thread(browse, index, services.signals.get().popularity_of(index), query)
        heading = " ".join(p for p in (gender and possessive(gender), category or "All products") if p)
        params = {k: v for k, v in {"category": category, "gender": gender, "color": color, "size": size,
                                    "min_price": min_price, "max_price": max_price,
                                    "on_sale": "true" if on_sale else None, "sort": sort}.items() if v}
        event = track(PRODUCT_LIST_VIEWED, {
            "list_id": "shop?" + "&".join(f"{k}={v}" for k, v in params.items()), "category": category,
            "products": [c.track((result.page - 1) * PER_PAGE + n) for n, c in enumerate(result.cards, 1)]})
        return show(request, Page("listing.html", heading, {"listing": result, "query": query, "params": params,
                                                           "heading": heading}, [event]))

    @pages.get("/search", response_class=HTMLResponse, response_model=None)
    async def search_page(request: Request,
                          q: Annotated[str, Query(max_length=MAX_TEXT), AfterValidator(printable)] = "") -> Response:
        if not q.strip():
            return RedirectResponse("/shop", status_code=303)
        try:
            index = live()
        except IndexVersionError:
            return unavailable(request)
        result = await asyncio.to_thread(search, index, services.encoder, q, SEARCH_PAGE)  # one hit per product
        cards = cards_for_rows(index, [index.row(hit.product_id) for hit in result.hits])
        understood = {k: v for k, v in vars(result.query.filters).items() if v is not None}
        events = [track(PRODUCTS_SEARCHED, {"query": q}),
                  track(PRODUCT_LIST_VIEWED, {"list_id": "search", "category": "search results",
                                                "products": [c.track(n) for n, c in enumerate(cards, 1)]})]
        return show(request, Page("search.html", f"“{q}”", {"q": q, "cards": cards, "understood": understood},
                                  events))

    @pages.get("/products/{sku}", response_class=HTMLResponse)
    async def product(request: Request, sku: Annotated[str, Path(max_length=MAX_SKU)]) -> HTMLResponse:
        try:
            index = live()
        except IndexVersionError:
            return unavailable(request)
        if not index.has_sku(sku):
            return show(request, Page("message.html", "Not found", {
                "heading": "We couldn't find that product", "text": f"No product {sku} in the shop now."},
                status_code=404))
        row = index.row_of_sku(sku)
        card = card_of(index, row, product_rows(index)[product_keys(index)[row]])
        facts = await asyncio.to_thread(_facts, services, sku)
        alike = await asyncio.to_thread(similar, index, sku, RELATED)
        together = await asyncio.to_thread(lambda: bought_together(index, services.signals.get(), sku, RELATED))
        attrs = index.attrs.iloc[row]
        viewed = track(PRODUCT_VIEWED, {**card.track(1), "position": None, "variant": attrs["color"],
                                          "currency": card.currency})
        return show(request, Page("product.html", card.title, {
            "card": card, "full_title": str(attrs["title"]), "color": attrs["color"], "sizes": list(attrs["sizes"]),
            "features": list(attrs["features"]), "materials": list(attrs["materials"]),
            "activities": list(attrs["activities"]), "warranty": attrs["warranty_months"],
            "description": facts, "similar": alike, "together": together}, [viewed]))

    return pages


def _facts(services: Services, sku: str) -> str | None:
    """The product's description: the one fact the index does not carry."""
    with services.sessions() as db:
        return db.scalar(select(Product.description).where(Product.sku == sku))


def _image_of(index: LoadedIndex, category: str) -> str | None:
    rows = np.flatnonzero(index.where("category", category.lower().__eq__))
    return index.column("image_url")[rows[0]] if len(rows) else None
