"""The cart and the checkout: add and remove (``Product Added`` / ``Product Removed``, sent by the page the
post leads to), the cart (``Cart Viewed``), the checkout form (``Checkout Started``) and placing the order,
which stores it for the support desk with its ``Order Completed`` event."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import Services
from bot.support.checkout import CheckoutError, Item, currency_of, event_products, place_order
from bot.support.models import Order
from bot.web.deps import set_session_cookie
from bot.web.schemas import MAX_SKU, MAX_WORD
from bot.web.shop.cart import MAX_QUANTITY, CartLine, add
from bot.web.shop.rendering import STOCKING, Page, Renderer, track
from bot.write_races import retrying
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexVersionError
from recommender.shoppers.identity import find_shopper
from recommender.shoppers.spec import CART_VIEWED, CHECKOUT_STARTED, PRODUCT_ADDED, PRODUCT_REMOVED

LAST_ORDER_COOKIE = "outfitter_last_order"


def items_of(index: LoadedIndex, lines: list[CartLine]) -> list[Item]:
    """The cart's lines with the live catalog's facts; a product the catalog dropped is left out."""
    items = []
    for line in lines:
        if not index.has_sku(line.sku):
            continue
        row = index.row_of_sku(line.sku)
        title, category, brand, currency = (index.column(c)[row] for c in ("title", "category", "brand", "currency"))
        items.append(Item(sku=line.sku, title=str(title), category=category, brand=brand,
                          unit_price=float(index.effective_price[row]), list_price=float(index.price[row]),
                          quantity=line.quantity, size=line.size, currency=currency))
    return items


def cart_refusal(index: LoadedIndex, sku: str, size: str | None) -> str | None:
    """Why ``sku`` in ``size`` cannot go in the cart (naming the field), or None."""
    if not index.has_sku(sku):
        return f"sku: {sku} is not in the shop"
    row = index.row_of_sku(sku)
    if index.stock[row] <= 0:  # a page opened before it sold out still shows the button
        return f"sku: {index.column('title')[row]} is out of stock"
    sizes = list(index.attrs["sizes"].iat[row])
    if sizes and size not in sizes:
        return f"size: choose one of {', '.join(sizes)}"
    return None


def router(services: Services, renderer: Renderer) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    carts, show = renderer.carts, renderer.show

    def live() -> LoadedIndex | None:
        try:
            return services.live_index.get()
        except IndexVersionError:
            return None

    def cart_page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
        index = live()
        items = items_of(index, carts.read(request)) if index is not None else []
        total = round(sum(i.unit_price * i.quantity for i in items), 2)
        viewed = track(CART_VIEWED, {"cart_id": None, "products": event_products(items)})
        return show(request, Page("cart.html", "Your cart", {"items": items, "total": total, "error": error},
                                  [viewed] if items else [], status_code=status_code))

    @pages.get("/cart", response_class=HTMLResponse)
    async def cart(request: Request) -> HTMLResponse:
        return cart_page(request)

    @pages.post("/cart/items", response_class=HTMLResponse, response_model=None)
    async def add_item(request: Request, sku: Annotated[str, Form(min_length=1, max_length=MAX_SKU)],
                       size: Annotated[str | None, Form(max_length=MAX_WORD)] = None,
                       quantity: Annotated[int, Form(ge=1, le=MAX_QUANTITY)] = 1) -> Response:
        index = live()
        if index is None:
            return show(request, STOCKING)
        size = size or None
        if refusal := cart_refusal(index, sku, size):
            return cart_page(request, refusal, 422)
        [added] = event_products(items_of(index, [CartLine(sku, size, quantity)]))
        response = RedirectResponse("/cart", status_code=303)
        carts.write(response, add(carts.read(request), sku, size, quantity))
        carts.flash(request, response, [track(PRODUCT_ADDED, {**added, "position": None, "cart_id": None})])
        return response

    @pages.post("/cart/items/{position}/remove", response_model=None)
    async def remove_item(request: Request, position: Annotated[int, Path(ge=1, le=100)]) -> Response:
        lines = carts.read(request)
        response = RedirectResponse("/cart", status_code=303)
        if position <= len(lines):
            gone = lines.pop(position - 1)
            carts.write(response, lines)
            index = live()
            for removed in event_products(items_of(index, [gone]) if index is not None else []):
                carts.flash(request, response, [track(PRODUCT_REMOVED, {**removed, "position": None})])
        return response

    def checkout_page(request: Request, email: str = "", error: str | None = None,
                      status_code: int = 200) -> HTMLResponse:
        session, _ = renderer.session(request)
        index = live()
        items = items_of(index, carts.read(request)) if index is not None else []
        if not items:
            return cart_page(request)
        if not email and session.customer_id:
            with services.sessions() as db:
                email = known_email(db, session.customer_id) or ""
        total = round(sum(i.unit_price * i.quantity for i in items), 2)
        started = track(CHECKOUT_STARTED, {"value": total, "revenue": total, "currency": currency_of(items),
                                           "products": event_products(items)})
        return show(request, Page("checkout.html", "Checkout", {"items": items, "total": total, "email": email,
                                                                "error": error},
                                  [] if error else [started], status_code=status_code))

    @pages.get("/checkout", response_class=HTMLResponse)
    async def checkout(request: Request) -> HTMLResponse:
        return checkout_page(request)

    @pages.post("/checkout", response_class=HTMLResponse, response_model=None)
    async def place(request: Request, email: Annotated[str, Form(max_length=320)] = "") -> Response:
        session, new = renderer.session(request)
        index = live()
        items = items_of(index, carts.read(request)) if index is not None else []

        def write() -> str:
            with services.sessions.begin() as db:
                return place_order(db, session, items, email, now=datetime.now(UTC))

        try:
            # Two checkouts at once may take the same next order number: the loser runs again with the next.
            number = await asyncio.to_thread(retrying, write, what="checkout")
        except CheckoutError as exc:
            return checkout_page(request, email, str(exc), 422)
        response = RedirectResponse(f"/orders/{number}", status_code=303)
        carts.write(response, [])
        response.set_cookie(LAST_ORDER_COOKIE, carts.sign_order(number), max_age=3600, httponly=True,
                            samesite="lax")
        if new:
            set_session_cookie(services, response, session, secure=request.url.scheme == "https")
        return response

    @pages.get("/orders/{number}", response_class=HTMLResponse)
    async def confirmation(request: Request, number: Annotated[str, Path(max_length=40)]) -> HTMLResponse:
        # Only the browser that placed the order sees this page; anyone else asks the bot, with proof.
        if carts.placed_order(request.cookies.get(LAST_ORDER_COOKIE)) != number:
            return show(request, Page("message.html", "Your order", {
                "heading": "Looking for an order?",
                "text": "Ask the assistant: \"where is my order\" with its number and your email."}, status_code=404))
        with services.sessions() as db:
            order = db.scalar(select(Order).where(Order.order_number == number))
        return show(request, Page("order.html", f"Order {number}", {"order": order}))

    return pages


def known_email(db: Session, customer_id: str) -> str | None:
    """The customer's email: the one their profile holds, else the one on their latest order."""
    shopper = find_shopper(db, customer_id)
    if shopper is not None and shopper.email:
        return shopper.email
    return db.scalar(select(Order.email).where(Order.customer_id == customer_id, Order.email.is_not(None))
                     .order_by(Order.placed_at.desc()).limit(1))
