"""One index version loaded in memory, searchable with attribute filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pandas as pd

from recommender.index.backends import search_params
from recommender.index.lexical import LexicalIndex
from recommender.index.threads import one_thread
from recommender.index.versions import LATER_COLUMNS, Manifest


@dataclass(frozen=True)
class Hit:
    product_id: int
    sku: str
    score: float


class LoadedIndex:
    """A version's FAISS index, its vectors and the attributes filters run on."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = Manifest.read(folder)
        self.index = faiss.read_index(str(folder / "index.faiss"))
        self.vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        self.attrs = _with_later_columns(pd.read_parquet(folder / "attrs.parquet"))
        self.ids = self.attrs["id"].to_numpy(dtype=np.int64)
        self.skus = self.attrs["sku"].to_numpy(dtype=object)
        self._row_of = {int(pid): row for row, pid in enumerate(self.ids)}
        self._row_of_sku = {str(sku): row for row, sku in enumerate(self.skus)}
        self._distinct: dict[str, list[str]] = {}
        self._codes: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._tags: dict[str, list[frozenset[str]]] = {}
        self._tag_rows: dict[tuple[str, str], np.ndarray] = {}
        self._memo: dict[str, Any] = {}
        sale = self.attrs["sale_price"].astype(float)
        self.price = self.attrs["price"].astype(float).to_numpy()
        self.sale_price = sale.to_numpy()  # NaN: not on sale
        self.effective_price = sale.fillna(self.attrs["price"].astype(float)).to_numpy()
        self.stock = self.attrs["stock"].astype(float).to_numpy()  # NaN: the catalog states none
        # Versions published before lexical search have no BM25 index; they still serve dense search.
        self.lexical = LexicalIndex(folder) if LexicalIndex.exists(folder) else None

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, product_id: int) -> int:
        return self._row_of[product_id]

    def where(self, column: str, accept: Callable[[str], bool]) -> np.ndarray:
        """Rows whose lower-cased ``column`` value is accepted (a missing value is tested as "").

        The test runs once per distinct value, not once per product: a filter costs microseconds.
        """
        if column not in self._codes:
            values = self.attrs[column].fillna("").astype(str).str.strip().str.lower()
            codes, uniques = pd.factorize(values)
            self._codes[column] = (codes, list(uniques))
        codes, uniques = self._codes[column]
        # A table of accepted values indexed by code: np.isin sorts every time, and this runs per query.
        accepted = np.fromiter((accept(value) for value in uniques), dtype=bool, count=len(uniques))
        return accepted[codes]

    def distinct(self, column: str) -> list[str]:
        """The distinct lower-cased values of an attribute (the vocabulary query parsing matches)."""
        if column not in self._distinct:
            values = self.attrs[column].dropna().astype(str).str.strip().str.lower().unique()
            self._distinct[column] = sorted(v for v in values if v)
        return self._distinct[column]

    def has_sku(self, sku: str) -> bool:
        return sku in self._row_of_sku

    def row_of_sku(self, sku: str) -> int:
        return self._row_of_sku[sku]

    def column(self, name: str) -> np.ndarray:
        """An attribute as a plain array, missing values as None: row lookups without pandas' overhead."""
        def make(ix: LoadedIndex) -> np.ndarray:
            values = ix.attrs[name].to_numpy(dtype=object)
            return np.array([None if isinstance(v, float) and v != v else v for v in values], dtype=object)
        return self.memo(f"column:{name}", make)

    def memo(self, key: str, make: Callable[[LoadedIndex], Any]) -> Any:
        """``make(self)``, computed once per loaded version: for data derived from the catalog alone."""
        if key not in self._memo:
            self._memo[key] = make(self)
        return self._memo[key]

    def tags(self, column: str) -> list[frozenset[str]]:
        """Each row's lower-cased values of a list attribute (features, activities, sizes)."""
        if column not in self._tags:
            self._tags[column] = [frozenset(str(v).strip().lower() for v in values)
                                  for values in self.attrs[column]]
        return self._tags[column]

    def tagged(self, column: str, value: str) -> np.ndarray:
        """Rows whose list attribute ``column`` holds ``value`` (lower-cased)."""
        key = (column, value.lower())
        if key not in self._tag_rows:
            self._tag_rows[key] = np.fromiter((key[1] in tags for tags in self.tags(column)), dtype=bool,
                                              count=len(self))
        return self._tag_rows[key]

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[Hit]:
        """The ``k`` nearest products, among those where ``mask`` is true when a mask is given.

        Never returns fewer than ``min(k, matching products)``: when an approximate index cannot
        fill k results inside a narrow filter, the matching vectors are scanned exactly instead.
        """
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        wanted = min(k, len(self) if mask is None else int(mask.sum()))
        if wanted <= 0:
            return []
        allowed = None if mask is None or mask.all() else self.ids[mask]
        params = search_params(self.index, allowed)
        with one_thread():
            scores, labels = self.index.search(query, wanted, params=params)
        hits = [(int(label), float(score)) for label, score in zip(labels[0], scores[0], strict=True)
                if label >= 0]
        if len(hits) < wanted:
            hits = self._exact_scan(query[0], wanted, mask)
        return [Hit(pid, self.skus[self._row_of[pid]], score) for pid, score in hits]

    def search_text(self, query: str, k: int, mask: np.ndarray | None = None) -> list[Hit]:
        """The ``k`` products that match ``query``'s words best by BM25 (none when the version has no
        lexical index or no word of the query is in the catalog)."""
        if self.lexical is None:
            return []
        return [Hit(int(self.ids[row]), self.skus[row], score) for row, score in self.lexical.search(query, k, mask)]

    def _exact_scan(self, query: np.ndarray, k: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        rows = np.flatnonzero(mask) if mask is not None else np.arange(len(self))
        scores = np.asarray(self.vectors[rows]) @ query
        top = np.argsort(-scores, kind="stable")[:k]
        return [(int(self.ids[rows[i]]), float(scores[i])) for i in top]


def _with_later_columns(attrs: pd.DataFrame) -> pd.DataFrame:
    for column, empty in LATER_COLUMNS.items():
        if column not in attrs:
            attrs[column] = [empty() if empty else None for _ in range(len(attrs))]
    for column, empty in LATER_COLUMNS.items():
        if empty is list:
            attrs[column] = attrs[column].map(lambda value: list(value) if value is not None else [])
    return attrs
