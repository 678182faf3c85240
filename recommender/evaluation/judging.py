"""Judging a query set by rule: which catalog products answer each query, and how well.

A query's ``judge`` spec names what an answer must be (its categories, words of its title, or for a query
that names one product, that product's skus: the listing and any identical copies) and what a good answer also
has (gender, budget, features, activities, colours, further title words). Relevance is 2
when a product has all of it, 1 when it is the right kind and misses one thing, 0 otherwise; a product out
of stock answers nothing. The rules read the catalog's attributes, never a ranker's scores, so every
method is judged alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from recommender.query import admitted_genders

KNOWN = {"skus", "categories", "title_any", "title_also", "gender", "max_price", "min_price", "features_any",
         "features_also_any", "activities_any", "colors"}


def _listed(value: Any) -> set[str]:
    if value is None or (isinstance(value, float) and value != value):
        return set()
    if isinstance(value, str):
        return {v.strip().lower() for v in value.split("|") if v.strip()}
    return {str(v).strip().lower() for v in value}


def _checks(product: Mapping[str, Any], spec: Mapping[str, Any]) -> tuple[bool, list[bool]]:
    """(is it the right kind of product, and each further wish: met or not)."""
    title = str(product.get("title") or "").lower()
    kind = True
    if "skus" in spec:
        kind &= str(product.get("sku")) in {str(sku) for sku in spec["skus"]}
    if "categories" in spec:
        kind &= str(product.get("category") or "").lower() in {c.lower() for c in spec["categories"]}
    if "title_any" in spec:
        kind &= any(re.search(rf"\b{re.escape(w.lower())}", title) for w in spec["title_any"])
    wishes = []
    if "gender" in spec:
        # As the filters admit: a boys' query is answered by kids' products too, a men's one by unisex ones.
        wishes.append(str(product.get("gender") or "").lower() in admitted_genders(spec["gender"]) | {""})
    price = product.get("sale_price")
    price = float(price) if price is not None and price == price else float(product["price"])
    if "max_price" in spec:
        wishes.append(price <= float(spec["max_price"]))
    if "min_price" in spec:
        wishes.append(price >= float(spec["min_price"]))
    for key, column in (("features_any", "features"), ("features_also_any", "features"),
                        ("activities_any", "activities")):
        if key in spec:
            wishes.append(bool(_listed(product.get(column)) & {v.lower() for v in spec[key]}))
    if "title_also" in spec:
        wishes.append(any(w.lower() in title for w in spec["title_also"]))
    if "colors" in spec:
        color = str(product.get("color") or "").lower()
        wishes.append(any(c.lower() in color.split() for c in spec["colors"]))
    return kind, wishes


def relevance(product: Mapping[str, Any], spec: Mapping[str, Any]) -> int:
    stock = product.get("stock")
    if stock is not None and stock == stock and float(stock) <= 0:
        return 0
    kind, wishes = _checks(product, spec)
    if not kind:
        return 0
    missed = wishes.count(False)
    return 2 if missed == 0 else 1 if missed == 1 else 0


def judge(products: pd.DataFrame, queries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Qrels lines ``{"query_id", "sku", "relevance"}`` for every relevant product of every judged query."""
    records = products.to_dict("records")
    lines = []
    for query in queries:
        spec = query.get("judge")
        if not spec:
            continue
        unknown = set(spec) - KNOWN
        if unknown:
            raise ValueError(f"query {query.get('id')!r}: unknown judge rule(s) {', '.join(sorted(unknown))}")
        for product in records:
            if (grade := relevance(product, spec)) > 0:
                lines.append({"query_id": str(query["id"]), "sku": str(product["sku"]), "relevance": grade})
    return lines
