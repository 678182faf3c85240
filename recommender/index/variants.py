"""Colour variants: which rows of an index are one product in different colours.

"Granite Jacket – Blue" and "Granite Jacket – Red" of one brand are one product. Search shows a product once
with its colours, and a page of suggestions holds one variant of each; both read the keys from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from recommender.index.loaded import LoadedIndex


def variant_key(title: str, color: str | None) -> str:
    """The title without its colour words: "Granite Jacket – Blue" and "Granite Jacket – Red" share one."""
    text = title.lower()
    for word in (color or "").lower().split():
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    return re.sub(r"[\W_]+", " ", text).strip()


def variant_keys(index: LoadedIndex) -> np.ndarray:
    """Each row's :func:`variant_key`, computed once per index version."""
    def make(ix: LoadedIndex) -> np.ndarray:
        return np.array([variant_key(str(t), c) for t, c in zip(ix.column("title"), ix.column("color"),
                                                                 strict=True)], dtype=object)
    return index.memo("variant_keys", make)


def product_keys(index: LoadedIndex) -> np.ndarray:
    """Each row's product: its brand and variant key, so variants of one product share it."""
    def make(ix: LoadedIndex) -> np.ndarray:
        brands = ix.attrs["brand"].fillna("").astype(str).to_numpy(dtype=object)
        return np.array([f"{b}|{k}" for b, k in zip(brands, variant_keys(ix), strict=True)], dtype=object)
    return index.memo("product_keys", make)


def product_of(index: LoadedIndex) -> Callable[[str], str]:
    """sku -> the product it is a variant of; an sku the index lacks is its own product."""
    keys = product_keys(index)
    return lambda sku: keys[index.row_of_sku(sku)] if index.has_sku(sku) else sku


def product_rows(index: LoadedIndex) -> dict[str, list[int]]:
    """Each product's rows (its colour variants), in catalog order, computed once per index version."""
    def make(ix: LoadedIndex) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for row, key in enumerate(product_keys(ix)):
            rows.setdefault(key, []).append(row)
        return rows
    return index.memo("product_rows", make)
