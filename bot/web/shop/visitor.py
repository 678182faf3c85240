"""Who is browsing: the shopper session from the browser's cookie, started on the first page it opens."""

from __future__ import annotations

from fastapi import Request

from bot.identity import COOKIE, ShopperSession, new_anonymous_id
from bot.services import Services
from bot.web.shop.cart import CartStore


class Visitor:
    def __init__(self, services: Services, carts: CartStore) -> None:
        self.services = services
        self.carts = carts

    def session(self, request: Request) -> tuple[ShopperSession, bool]:
        """The browser's verified session, or a new anonymous one (True: set its cookie on the response)."""
        found = self.services.signer.verify(request.cookies.get(COOKIE))
        if found is not None:
            return found, False
        return ShopperSession(anonymous_id=new_anonymous_id()), True
