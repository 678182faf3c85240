"""The demo shop's cart and the events a form post leaves for the next page, both in signed cookies.

A cart of a few lines fits a cookie and needs no table; signing it means a shopper can empty it but not
forge it. Prices are never stored in it: they are read from the live catalog when the cart is shown and
when the order is placed, so a price change is honoured.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

CART_COOKIE = "outfitter_cart"
FLASH_COOKIE = "outfitter_flash"
MAX_LINES = 30
MAX_QUANTITY = 10
MAX_FLASH = 10


@dataclass(frozen=True)
class CartLine:
    sku: str
    size: str | None
    quantity: int


class CartStore:
    def __init__(self, secret: str, *, secure: bool = False) -> None:
        self._cart = URLSafeSerializer(secret, salt="outfitter-cart")
        self._flash = URLSafeSerializer(secret, salt="outfitter-flash")
        self._order = URLSafeSerializer(secret, salt="outfitter-last-order")
        self.secure = secure

    def read(self, request: Request) -> list[CartLine]:
        data = self._load(self._cart, request.cookies.get(CART_COOKIE))
        lines = []
        for item in data if isinstance(data, list) else []:
            try:
                line = CartLine(str(item["sku"]), item.get("size") and str(item["size"]), int(item["quantity"]))
            except (KeyError, TypeError, ValueError):
                continue  # a cookie from an older shop version: its odd lines are dropped, not an error page
            if 1 <= line.quantity <= MAX_QUANTITY:
                lines.append(line)
        return lines[:MAX_LINES]

    def write(self, response: Response, lines: list[CartLine]) -> None:
        if not lines:
            response.delete_cookie(CART_COOKIE)
            return
        response.set_cookie(CART_COOKIE, self._cart.dumps([asdict(line) for line in lines[:MAX_LINES]]),
                            max_age=30 * 86400, httponly=True, samesite="lax", secure=self.secure)

    def flash(self, request: Request, response: Response, events: list[dict[str, Any]]) -> None:
        """Leave ``events`` for the next page this browser shows (a form post redirects to it)."""
        pending = self.flashed(request)
        response.set_cookie(FLASH_COOKIE, self._flash.dumps([*pending, *events][-MAX_FLASH:]), max_age=600,
                            httponly=True, samesite="lax", secure=self.secure)

    def flashed(self, request: Request) -> list[dict[str, Any]]:
        data = self._load(self._flash, request.cookies.get(FLASH_COOKIE))
        return [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []

    def clear_flash(self, response: Response) -> None:
        response.delete_cookie(FLASH_COOKIE)

    def sign_order(self, number: str) -> str:
        """A token for the browser that placed order ``number``: it may see the order's confirmation page."""
        return self._order.dumps(number)

    def placed_order(self, raw: str | None) -> str | None:
        number = self._load(self._order, raw)
        return number if isinstance(number, str) else None

    @staticmethod
    def _load(serializer: URLSafeSerializer, raw: str | None) -> Any:
        if not raw:
            return None
        try:
            return serializer.loads(raw)
        except BadSignature:
            return None


def add(lines: list[CartLine], sku: str, size: str | None, quantity: int) -> list[CartLine]:
    """The cart with ``quantity`` more of ``sku`` in ``size`` (at most MAX_QUANTITY of a line)."""
    for n, line in enumerate(lines):
        if line.sku == sku and line.size == size:
            merged = CartLine(sku, size, min(MAX_QUANTITY, line.quantity + quantity))
            return [*lines[:n], merged, *lines[n + 1:]]
    return [*lines, CartLine(sku, size, min(MAX_QUANTITY, quantity))][-MAX_LINES:]
