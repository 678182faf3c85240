"""The demo shop: server-rendered pages over the live catalog, with the chat widget on every page and the
Segment events each page sends. ``router`` assembles its parts."""

from __future__ import annotations

from fastapi import APIRouter

from bot.services import Services
from bot.web.shop import account, buying, pages
from bot.web.shop.assets import assets_router
from bot.web.shop.cart import CartStore
from bot.web.shop.rendering import Renderer


def router(services: Services) -> APIRouter:
    carts = CartStore(services.keys.session_secret, secure=services.settings.cookie_secure)
    renderer = Renderer(services, carts)
    shop = APIRouter(include_in_schema=False)
    for part in (pages, buying, account):
        shop.include_router(part.router(services, renderer))
    shop.include_router(assets_router())
    return shop
