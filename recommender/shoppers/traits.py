"""Readable traits from behaviour: lifecycle stage, price sensitivity, session intent, the micro-segment key.

Each rule is a few lines with its thresholds named in :class:`Thresholds`, so a merchandiser can read why a
shopper is where they are. The high-value bar is learned from the population at refresh time.
"""

from __future__ import annotations

from dataclasses import dataclass

from recommender.shoppers.behaviour import Behaviour
from recommender.shoppers.spec import (
    CART_VIEWED,
    CHECKOUT_STARTED,
    COUPON_APPLIED,
    PRODUCT_ADDED,
    PRODUCT_VIEWED,
    PRODUCTS_SEARCHED,
)

NEW_VISITOR = "new-visitor"
BROWSING_PROSPECT = "browsing-prospect"
FIRST_TIME_BUYER = "first-time-buyer"
REPEAT = "repeat"
LOYAL_HIGH_VALUE = "loyal-high-value"
LAPSING = "lapsing"
CHURNED = "churned"
LIFECYCLES = (NEW_VISITOR, BROWSING_PROSPECT, FIRST_TIME_BUYER, REPEAT, LOYAL_HIGH_VALUE, LAPSING, CHURNED)

COUPON_RESPONDER = "coupon-responder"
DEAL_SEEKER = "deal-seeker"
PREMIUM = "premium"
FULL_PRICE = "full-price"

WINDOW_SHOPPING = "window-shopping"
RESEARCHING = "researching"
READY_TO_BUY = "ready-to-buy"


@dataclass(frozen=True)
class Thresholds:
    lapsing_days: float = 90.0  # no order for this long: lapsing …
    churned_days: float = 180.0  # … and for this long: churned
    loyal_orders: int = 3
    high_value: float | None = None  # lifetime revenue for "high-value"; the population's 80th percentile
    coupon_share: float = 0.3  # orders with a coupon
    sale_share: float = 0.5  # lines bought on sale
    cheap_index: float = 0.85  # pays at most 85% of the category's median
    premium_index: float = 1.25  # pays at least 125% of it
    researching_views: int = 3  # product views in one session, mostly one category
    focus_share: float = 0.6  # share of a session's views in its main category to call it focused


def lifecycle(b: Behaviour, t: Thresholds) -> str:
    if b.orders == 0:
        return NEW_VISITOR if b.sessions <= 1 else BROWSING_PROSPECT
    recency = b.recency_days or 0.0
    if recency > t.churned_days:
        return CHURNED
    if recency > t.lapsing_days:
        return LAPSING
    if b.orders >= t.loyal_orders and (t.high_value is None or b.revenue >= t.high_value):
        return LOYAL_HIGH_VALUE
    return REPEAT if b.orders >= 2 else FIRST_TIME_BUYER


def price_sensitivity(b: Behaviour, t: Thresholds) -> str | None:
    """None until the shopper has bought something: browsing says little about what they will pay."""
    if b.orders == 0:
        return None
    if b.coupon_share >= t.coupon_share:
        return COUPON_RESPONDER
    index = b.price_index
    if b.sale_share >= t.sale_share or (index is not None and index <= t.cheap_index):
        return DEAL_SEEKER
    if index is not None and index >= t.premium_index and b.sale_share < t.sale_share / 2:
        return PREMIUM
    return FULL_PRICE


def intent(b: Behaviour, t: Thresholds) -> str | None:
    """What the current session looks like; None when the shopper is not in a session now."""
    session = b.current_session
    if not session:
        return None
    names = [e.name for e in session]
    if any(n in (PRODUCT_ADDED, CART_VIEWED, CHECKOUT_STARTED, COUPON_APPLIED) for n in names):
        return READY_TO_BUY
    viewed = [line for e in session if e.name == PRODUCT_VIEWED for line in e.lines]
    skus = [line.sku for line in viewed]
    if len(skus) != len(set(skus)):  # came back to the same product
        return RESEARCHING
    categories = [line.category for line in viewed if line.category]
    if len(viewed) >= t.researching_views and categories:
        main = max(set(categories), key=categories.count)
        if categories.count(main) / len(viewed) >= t.focus_share:
            return RESEARCHING
    if PRODUCTS_SEARCHED in names and len(viewed) >= 2:
        return RESEARCHING
    return WINDOW_SHOPPING


def main_category(b: Behaviour, min_share: float = 0.3) -> str | None:
    """The category the shopper leans to, if one stands out."""
    if not b.categories:
        return None
    name, share = next(iter(b.categories.items()))
    return name if share >= min_share else None


def micro_segment(stage: str, price: str | None, category: str | None, now: str | None,
                  abandoned: bool) -> str:
    """``repeat · coupon-responder · rain jackets · ready-to-buy``: the traits that are known, in one key."""
    parts = [stage, price if price != FULL_PRICE else None, category, now, "cart-abandoner" if abandoned else None]
    return " · ".join(p for p in parts if p)
