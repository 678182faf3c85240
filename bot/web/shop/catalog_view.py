"""The live catalog as the shop's pages show it: one card per product with its colours, category listings with
filters, facets and pages, and a product's page. Read from the live index (no database round trip), so a new
index version shows on the next page view.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
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
    def text(name: str, at: int = row) -> str | None:
        return _text(index.column(name)[at])

    colours = tuple(Colourway(str(index.skus[r]), text("color", r), text("image_url", r), text("url", r))
                    for r in sorted(set(variants) | {row}, key=lambda r: text("color", r) or ""))
    sale = float(index.sale_price[row])
    return Card(sku=str(index.skus[row]),
                title=display_title(str(index.column("title")[row]), text("color") if len(colours) > 1 else None),
                brand=text("brand"), category=text("category"), gender=text("gender"),
                price=float(index.price[row]), sale_price=None if math.isnan(sale) else sale,
                currency=text("currency"), image_url=text("image_url"), url=text("url"),
                in_stock=not (index.stock[row] <= 0), colours=colours if len(colours) > 1 else ())


def _mask(index: LoadedIndex, browse: Browse) -> np.ndarray:
    mask = filter_mask(index, browse.filters)
    mask = np.ones(len(index), dtype=bool) if mask is None else mask
    if browse.on_sale:
        mask &= index.effective_price < index.price
    return mask


def _frame(index: LoadedIndex) -> pd.DataFrame:
    """One row per product row, with what listings group, sort and count by (once per index version)."""
    def make(ix: LoadedIndex) -> pd.DataFrame:
        codes, _ = pd.factorize(product_keys(ix))  # whole numbers group and sort faster than the text keys
        return pd.DataFrame({"key": codes, "in_stock": ~(ix.stock <= 0), "price": ix.effective_price,
                             "created": ix.attrs["created_at"].astype(str).to_numpy(),
                             **{name: ix.attrs[name].astype("string").str.strip().replace("", pd.NA)
                                for name in FACETS}})
    return index.memo("shop:frame", make)


def _facets(index: LoadedIndex, browse: Browse) -> dict[str, list[tuple[str, int]]]:
    """Per facet, how many products each value has among those that fit every other filter."""
    frame = _frame(index)
    facets = {}
    for name in FACETS:
        others = replace(browse, filters=replace(browse.filters, **{name: None}))
        fitting = frame.loc[_mask(index, others), ["key", name]].dropna().drop_duplicates()
        counts = fitting[name].value_counts()
        facets[name] = sorted(((str(v), int(n)) for v, n in counts.items()), key=lambda vc: (-vc[1], vc[0]))
    return facets


def browse(index: LoadedIndex, popularity: np.ndarray, query: Browse, per_page: int = PER_PAGE, *,
           facets: bool = True) -> Listing:
    """One page of the products that fit ``query``, in its order, one card per product. ``popularity`` is
    per row of the index (:meth:`ProductSignals.popularity_of`)."""
    frame = _frame(index)
    rows = np.flatnonzero(_mask(index, query))
    fitting = frame.iloc[rows].assign(row=rows, popularity=popularity[rows])
    # The variant shown: in stock first, then the most popular, then catalog order.
    shown = (fitting.sort_values(["key", "in_stock", "popularity", "row"], ascending=[True, False, False, True])
             .drop_duplicates("key"))
    if query.sort == "popular":
        best = fitting.groupby("key")["popularity"].max()
        shown = shown.assign(best=shown["key"].map(best)).sort_values(["best", "row"], ascending=[False, True])
    elif query.sort in ("price-asc", "price-desc"):
        shown = shown.sort_values(["price", "row"], ascending=[query.sort == "price-asc", True])
    else:
        shown = shown.sort_values(["created", "row"], ascending=[False, False])
    pages = max(1, math.ceil(len(shown) / per_page))
    page = min(max(1, query.page), pages)
    every, keys = product_rows(index), product_keys(index)  # the colours a product comes in, whatever the filters
    cards = [card_of(index, int(row), every[keys[row]])
             for row in shown["row"].iloc[(page - 1) * per_page: page * per_page]]
    return Listing(cards=cards, total=len(shown), page=page, pages=pages,
                   facets=_facets(index, query) if facets else {})


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
    """The catalog's categories with how many products each has, largest first (once per index version: every
    page's navigation shows them)."""
    def make(ix: LoadedIndex) -> list[tuple[str, int]]:
        counts = _frame(ix)[["key", "category"]].dropna().drop_duplicates()["category"].value_counts()
        return sorted(((str(c), int(n)) for c, n in counts.items()), key=lambda cn: (-cn[1], cn[0]))
    return index.memo("shop:categories", make)
