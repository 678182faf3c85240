"""The live catalog as the shop's pages show it: one card per product with its colours, category listings with
filters, facets and pages, and a product's page. Read from the live index (no database round trip), so a new
index version shows on the next page view.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_keys, product_rows
from recommender.query import Filters
from recommender.search import filter_mask

Sort = Literal["popular", "price-asc", "price-desc", "new"]
SORTS: dict[str, str] = {"popular": "Most popular", "price-asc": "Price: low to high",
                         "price-desc": "Price: high to low", "new": "Newest"}
PER_PAGE = 24
FACETS = ("category", "gender", "color")


@dataclass(frozen=True)
class Colourway:
    sku: str
    color: str | None
    image_url: str | None
    url: str | None


@dataclass(frozen=True)
class Card:
    """A product on a listing: the variant shown, and every colour the product comes in."""

    sku: str
    title: str
    brand: str | None
    category: str | None
    gender: str | None
    price: float
    sale_price: float | None
    currency: str | None
    image_url: str | None
    url: str | None
    in_stock: bool
    colours: tuple[Colourway, ...] = ()

    @property
    def shown_price(self) -> float:
        return self.sale_price if self.sale_price is not None else self.price

    def track(self, position: int) -> dict[str, Any]:
        """The product as a Segment product list item."""
        return {"product_id": self.sku, "sku": self.sku, "name": self.title, "brand": self.brand,
                "category": self.category, "price": self.shown_price, "position": position,
                "url": self.url, "image_url": self.image_url}


@dataclass(frozen=True)
class Browse:
    """What a listing shows: its filters, the order and the page (from 1)."""

    filters: Filters = field(default_factory=Filters)
    on_sale: bool = False
    sort: Sort = "popular"
    page: int = 1


@dataclass(frozen=True)
class Listing:
    cards: list[Card]
    total: int  # products (not colour variants) that fit
    page: int
    pages: int
    facets: dict[str, list[tuple[str, int]]]  # facet -> (value, products) among those that fit the other filters


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) else str(value)


def display_title(title: str, color: str | None) -> str:
    """The title without a trailing colour ("Granite Jacket – Blue" → "Granite Jacket"): the card lists colours."""
    if not color:
        return title
    stripped = re.sub(rf"\s*[–—\-|,/]\s*{re.escape(color)}\s*$", "", title, flags=re.IGNORECASE)
    return stripped or title


def card_of(index: LoadedIndex, row: int, variants: Iterable[int] = ()) -> Card:
    """The card of the product at ``row``, listing the colours of ``variants`` (rows of the same product)."""
    attrs = index.attrs.iloc[row]
    sale = attrs["sale_price"]
    colours = tuple(Colourway(str(index.column("sku")[r]), _text(index.column("color")[r]),
                              _text(index.attrs["image_url"].iat[r]), _text(index.attrs["url"].iat[r]))
                    for r in sorted(set(variants) | {row}, key=lambda r: str(index.column("color")[r] or "")))
    color = _text(attrs["color"])
    return Card(sku=str(attrs["sku"]), title=display_title(str(attrs["title"]), color if len(colours) > 1 else None),
                brand=_text(attrs["brand"]), category=_text(attrs["category"]), gender=_text(attrs["gender"]),
                price=float(attrs["price"]), sale_price=None if pd.isna(sale) else float(sale),
                currency=_text(attrs["currency"]), image_url=_text(attrs["image_url"]), url=_text(attrs["url"]),
                in_stock=not (index.stock[row] <= 0), colours=colours if len(colours) > 1 else ())


def _groups(index: LoadedIndex, rows: np.ndarray) -> dict[str, list[int]]:
    keys = product_keys(index)
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        groups[keys[row]].append(int(row))
    return groups


def _mask(index: LoadedIndex, browse: Browse) -> np.ndarray:
    mask = filter_mask(index, browse.filters)
    mask = np.ones(len(index), dtype=bool) if mask is None else mask
    if browse.on_sale:
        mask &= index.effective_price < index.attrs["price"].to_numpy(dtype=float)
    return mask


def _facets(index: LoadedIndex, browse: Browse) -> dict[str, list[tuple[str, int]]]:
    """Per facet, how many products each value has among those that fit every other filter."""
    facets = {}
    for name in FACETS:
        others = replace(browse, filters=replace(browse.filters, **{name: None}))
        rows = np.flatnonzero(_mask(index, others))
        counts: dict[str, set[str]] = defaultdict(set)
        keys = product_keys(index)
        for row in rows:
            if value := _text(index.column(name)[row]):
                counts[value].add(keys[row])
        facets[name] = sorted(((v, len(k)) for v, k in counts.items()), key=lambda vc: (-vc[1], vc[0]))
    return facets


def browse(index: LoadedIndex, popularity: Mapping[str, float], query: Browse, per_page: int = PER_PAGE) -> Listing:
    """One page of the products that fit ``query``, in its order, one card per product."""
    mask = _mask(index, query)
    groups = _groups(index, np.flatnonzero(mask))
    skus = index.column("sku")
    prices = index.effective_price

    def best(rows: list[int]) -> int:  # the variant shown: the most popular, in stock first
        return max(rows, key=lambda r: (not (index.stock[r] <= 0), popularity.get(str(skus[r]), 0.0), -r))

    shown = {key: best(rows) for key, rows in groups.items()}
    order = list(shown)
    if query.sort == "popular":
        order.sort(key=lambda k: (-max(popularity.get(str(skus[r]), 0.0) for r in groups[k]), shown[k]))
    elif query.sort in ("price-asc", "price-desc"):
        order.sort(key=lambda k: (float(prices[shown[k]]), shown[k]), reverse=query.sort == "price-desc")
    else:
        created = index.attrs["created_at"]
        order.sort(key=lambda k: (str(created.iat[shown[k]] or ""), -shown[k]), reverse=True)
    pages = max(1, math.ceil(len(order) / per_page))
    page = min(max(1, query.page), pages)
    every = product_rows(index)  # colours the product comes in, whatever the filters
    cards = [card_of(index, shown[key], every[key])
             for key in order[(page - 1) * per_page: page * per_page]]
    return Listing(cards=cards, total=len(order), page=page, pages=pages, facets=_facets(index, query))


def cards_for_rows(index: LoadedIndex, rows: Iterable[int]) -> list[Card]:
    """Cards for ranked rows (a search's or a ranking's), one per product, at the place of its first row."""
    keys = product_keys(index)
    every = product_rows(index)
    seen: set[str] = set()
    cards = []
    for row in rows:
        if keys[row] in seen:
            continue
        seen.add(keys[row])
        cards.append(card_of(index, row, every[keys[row]]))
    return cards


def categories(index: LoadedIndex) -> list[tuple[str, int]]:
    """The catalog's categories with how many products each has, largest first."""
    keys = product_keys(index)
    counts: dict[str, set[str]] = defaultdict(set)
    for row, category in enumerate(index.column("category")):
        if text := _text(category):
            counts[text].add(keys[row])
    return sorted(((c, len(k)) for c, k in counts.items()), key=lambda ck: (-ck[1], ck[0]))
