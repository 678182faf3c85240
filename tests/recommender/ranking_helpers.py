"""Hand-made shoppers for the ranking tests: profiles built from histories, no database needed."""

from __future__ import annotations

from datetime import timedelta

from recommender.index.loaded import LoadedIndex
from recommender.shoppers.history import Happening, Line
from recommender.shoppers.profile import Profile, build_profile
from recommender.shoppers.spec import ORDER_COMPLETED, PRODUCT_ADDED, PRODUCT_VIEWED
from tests.recommender.shoppers_helpers import NOW


def line(index: LoadedIndex, sku: str, on_sale: bool = False) -> Line:
    row = index.attrs.iloc[index.row_of_sku(sku)]
    return Line(sku, row["category"], row["brand"], float(row["price"]), 1.0, on_sale)


def viewed(index: LoadedIndex, sku: str, days_ago: float) -> Happening:
    return Happening(PRODUCT_VIEWED, NOW - timedelta(days=days_ago), (line(index, sku),))


def carted(index: LoadedIndex, sku: str, days_ago: float) -> Happening:
    return Happening(PRODUCT_ADDED, NOW - timedelta(days=days_ago), (line(index, sku),))


def bought(index: LoadedIndex, skus: list[str], days_ago: float, order_id: str, on_sale: bool = False) -> Happening:
    lines = tuple(line(index, sku, on_sale) for sku in skus)
    paid = sum(item.price or 0.0 for item in lines) * (0.7 if on_sale else 1.0)
    return Happening(ORDER_COMPLETED, NOW - timedelta(days=days_ago), lines, order_id, paid)


def profile_of(history: list[Happening], shopper_id: int = 1) -> Profile:
    return build_profile(shopper_id, sorted(history, key=lambda h: h.at), [], NOW)


def skus_of(index: LoadedIndex, **where: str) -> list[str]:
    """Skus of the products whose attributes equal the given values (lists: contain them)."""
    rows = index.attrs
    for column, value in where.items():
        if isinstance(rows[column].iloc[0], list):
            rows = rows[rows[column].map(lambda values, v=value: v in values)]
        else:
            rows = rows[rows[column] == value]
    return list(rows["sku"])
