"""The cart and the checkout: add and remove (``Product Added`` / ``Product Removed``, sent by the page the
post leads to), the cart (``Cart Viewed``), the checkout form (``Checkout Started``) and placing the order,
which stores it for the support desk with its ``Order Completed`` event."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from bot.services import Services
from bot.support.checkout import CheckoutError, Item, place_order
from bot.support.models import Order
from bot.web.deps import set_session_cookie
from bot.web.schemas import MAX_SKU, MAX_WORD
from bot.web.shop.cart import MAX_QUANTITY, CartLine, add
from bot.web.shop.rendering import Page, Renderer, track
from bot.web.shop.visitor import Visitor
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
        title, category, brand = (index.column(c)[row] for c in ("title", "category", "brand"))
        items.append(Item(sku=line.sku, title=str(title), category=category, brand=brand,
                          unit_price=float(index.effective_price[row]), list_price=float(index.price[row]),
                          quantity=line.quantity, size=line.size))
    return items


def products_of(items: list[Item]) -> list[dict[str, Any]]:
    return [{"product_id": i.sku, "sku": i.sku, "name": i.title, "category": i.category, "brand": i.brand,
             "price": i.unit_price, "quantity": i.quantity, "variant": i.size, "position": n}
            for n, i in enumerate(items, 1)]


def router(services: Services, renderer: Renderer, visitor: Visitor) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    carts = visitor.carts

    def page(request: Request, page: Page) -> HTMLResponse:
        session, new = visitor.session(request)
        return renderer.render(request, session, page, new_session=new, flashed=carts.flashed(request))

    def cart_page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
        try:
            items = items_of(services.live_index.get(), carts.read(request))
        except IndexVersionError:
            items = []
        total = round(sum(i.unit_price * i.quantity for i in items), 2)
        viewed = track(CART_VIEWED, {"cart_id": None, "products": products_of(items)})
        return page(request, Page("cart.html", "Your cart", {"items": items, "total": total, "error": error},
                                  [viewed] if items else [], status_code=status_code))

    @pages.get("/cart", response_class=HTMLResponse)
    async def cart(request: Request) -> HTMLResponse:
        return cart_page(request)

    @pages.post("/cart/items", response_class=HTMLResponse, response_model=None)
    async def add_item(request: Request, sku: Annotated[str, Form(min_length=1, max_length=MAX_SKU)],
                       size: Annotated[str | None, Form(max_length=MAX_WORD)] = None,
                       quantity: Annotated[int, Form(ge=1, le=MAX_QUANTITY)] = 1) -> Response:
        index = services.live_index.get()
        if not index.has_sku(sku):
            return cart_page(request, f"sku: {sku} is not in the shop", 422)
        sizes = list(index.attrs["sizes"].iat[index.row_of_sku(sku)])
        if sizes and size not in sizes:
            return cart_page(request, f"size: choose one of {', '.join(sizes)}", 422)
        [item] = items_of(index, [CartLine(sku, size or None, quantity)])
        response = RedirectResponse("/cart", status_code=303)
        carts.write(response, add(carts.read(request), sku, size or None, quantity))
        carts.flash(request, response, [track(PRODUCT_ADDED, {**products_of([item])[0], "position": None,
                                                              "cart_id": None})])
        return response

    @pages.post("/cart/items/{position}/remove", response_model=None)
    async def remove_item(request: Request, position: Annotated[int, Path(ge=1, le=100)]) -> Response:
        lines = carts.read(request)
        response = RedirectResponse("/cart", status_code=303)
        if position <= len(lines):
            gone = lines.pop(position - 1)
            carts.write(response, lines)
            removed = items_of(services.live_index.get(), [gone])
            if removed:
                carts.flash(request, response, [track(PRODUCT_REMOVED, {**products_of(removed)[0], "position": None})])
        return response

    def checkout_page(request: Request, email: str = "", error: str | None = None,
                      status_code: int = 200) -> HTMLResponse:
        session, _ = visitor.session(request)
        items = items_of(services.live_index.get(), carts.read(request))
        if not items:
            return cart_page(request)
        if not email and session.customer_id:
            with services.sessions() as db:
                shopper = find_shopper(db, session.customer_id)
                email = (shopper.email if shopper else None) or _last_email(db, session.customer_id) or ""
        total = round(sum(i.unit_price * i.quantity for i in items), 2)
        started = track(CHECKOUT_STARTED, {"value": total, "revenue": total, "currency": _currency(items, services),
                                           "products": products_of(items)})
        return page(request, Page("checkout.html", "Checkout", {"items": items, "total": total, "email": email,
                                                                "error": error},
                                  [] if error else [started], status_code=status_code))

    @pages.get("/checkout", response_class=HTMLResponse)
    async def checkout(request: Request) -> HTMLResponse:
        return checkout_page(request)

    @pages.post("/checkout", response_class=HTMLResponse, response_model=None)
    async def place(request: Request, email: Annotated[str, Form(max_length=320)] = "") -> Response:
        session, new = visitor.session(request)
        index = services.live_index.get()
        items = items_of(index, carts.read(request))
        currency = _currency(items, services)

        def write() -> str:
            with services.sessions.begin() as db:
                return place_order(db, session, items, email, currency=currency, now=datetime.now(UTC))

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
            return page(request, Page("message.html", "Your order", {
                "heading": "Looking for an order?",
                "text": "Ask the assistant: \"where is my order\" with its number and your email."}, status_code=404))
        with services.sessions() as db:
            order = db.scalar(select(Order).where(Order.order_number == number))
        return page(request, Page("order.html", f"Order {number}", {"order": order}))

    return pages


def _currency(items: list[Item], services: Services) -> str:
    try:
        index = services.live_index.get()
    except IndexVersionError:
        return "EUR"
    for item in items:
        currency = index.column("currency")[index.row_of_sku(item.sku)]
        if currency:
            return str(currency)
    return "EUR"


def _last_email(db: Any, customer_id: str) -> str | None:
    return db.scalar(select(Order.email).where(Order.customer_id == customer_id, Order.email.is_not(None))
                     .order_by(Order.placed_at.desc()).limit(1))
