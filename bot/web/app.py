"""The FastAPI app: health, catalog search and a search page over the live index, the events API."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from bot.services import Services
from bot.web import shoppers, suggestions
from recommender.index.versions import IndexVersionError
from recommender.query import Filters
from recommender.search import product_cards, search

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outfitter</title>
<style>body{font:16px system-ui;margin:2rem auto;max-width:52rem}input{font-size:1rem;width:70%;padding:.4rem}
li{margin:.4rem 0}.s{color:#777;font-size:.85em}</style></head><body><h1>Outfitter</h1>
<form id="f"><input id="q" placeholder="waterproof hiking jacket for women under 200" autofocus>
<button>Search</button></form><ol id="r"></ol><script>
document.getElementById('f').onsubmit=async e=>{e.preventDefault();
const r=await fetch('/api/search?q='+encodeURIComponent(document.getElementById('q').value));
const d=await r.json();document.getElementById('r').innerHTML=d.results.map(p=>
`<li>${p.title} <span class="s">${p.brand||''} · ${p.price} · ${p.sku} · ${p.score.toFixed(3)}</span></li>`).join('');};
</script></body></html>"""


def create_app(services: Services | None = None) -> FastAPI:
    services = services or Services()
    app = FastAPI(title="Outfitter")
    app.include_router(shoppers.router(services))
    app.include_router(suggestions.router(services))

    @app.get("/health")
    def health() -> dict[str, Any]:
        manifest = services.index_store.manifest()
        return {"status": "ok", "index_version": manifest.version if manifest else None}

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        return PAGE

    @app.get("/api/search")
    async def api_search(q: Annotated[str, Query(min_length=1)], k: Annotated[int, Query(ge=1, le=100)] = 10,
                         gender: str | None = None, category: str | None = None,
                         min_price: float | None = None, max_price: float | None = None,
                         color: str | None = None, size: str | None = None,
                         in_stock: bool | None = None) -> dict[str, Any]:
        filters = Filters(gender=gender, category=category, min_price=min_price, max_price=max_price,
                          color=color, size=size, in_stock=in_stock)
        try:
            index = services.live_index.get()
        except IndexVersionError as exc:
            raise HTTPException(503, str(exc)) from exc
        # Encoding and the FAISS scan are blocking: keep them off the event loop.
        result = await asyncio.to_thread(search, index, services.encoder, q, k, filters)
        return {"query": q, "index_version": index.manifest.version,
                "filters": {k: v for k, v in vars(result.query.filters).items() if v is not None},
                "results": product_cards(index, result.hits)}

    return app
