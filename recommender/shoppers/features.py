"""Behaviour as a fixed row of numbers: what the clusters and the predictive models see.

Counts and money are log-scaled: a few wholesale buyers would otherwise decide every cluster on their own.
"""

from __future__ import annotations

import math

import numpy as np

from recommender.shoppers.behaviour import Behaviour

FEATURES = (
    "recency_days", "frequency", "monetary", "aov", "tenure_days", "days_between_orders", "orders_last_90d",
    "refunds", "sessions", "views", "adds", "cart_abandonment", "sale_share", "coupon_share", "price_index",
    "categories",
)
# Words for a cluster that stands out on a feature: (when above the population, when below).
WORDS = {
    "recency_days": ("long since last order", "ordered recently"),
    "frequency": ("frequent buyers", "rare buyers"),
    "monetary": ("high spend", "low spend"),
    "aov": ("large baskets", "small baskets"),
    "tenure_days": ("long-standing", "newly arrived"),
    "days_between_orders": ("slow to reorder", "quick to reorder"),
    "orders_last_90d": ("active lately", "quiet lately"),
    "refunds": ("often refund", "rarely refund"),
    "sessions": ("many visits", "few visits"),
    "views": ("browse a lot", "browse little"),
    "adds": ("cart a lot", "cart little"),
    "cart_abandonment": ("abandon carts", "finish carts"),
    "sale_share": ("buy on sale", "buy at full price"),
    "coupon_share": ("use coupons", "seldom use coupons"),
    "price_index": ("pay above the typical price", "pay below the typical price"),
    "categories": ("buy across many categories", "stick to few categories"),
}


def feature_row(b: Behaviour) -> list[float]:
    recency = b.recency_days if b.recency_days is not None else b.tenure_days
    between = b.mean_days_between_orders if b.mean_days_between_orders is not None else b.tenure_days
    return [
        math.log1p(max(recency, 0.0)), math.log1p(b.orders), math.log1p(max(b.revenue, 0.0)),
        math.log1p(max(b.aov, 0.0)), math.log1p(b.tenure_days), math.log1p(between), float(b.orders_last_90d),
        math.log1p(b.refunds), math.log1p(b.sessions), math.log1p(b.views), math.log1p(b.adds),
        b.cart_abandonment, b.sale_share, b.coupon_share, b.price_index if b.price_index is not None else 1.0,
        math.log1p(len(b.categories)),
    ]


def feature_matrix(behaviours: list[Behaviour]) -> np.ndarray:
    if not behaviours:
        return np.zeros((0, len(FEATURES)))
    return np.asarray([feature_row(b) for b in behaviours], dtype=np.float64)
