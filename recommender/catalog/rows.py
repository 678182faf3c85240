"""Canonical catalog fields and the validation of one file row into a :class:`CatalogRow`."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

REQUIRED = ("sku", "title", "price")
TEXT_FIELDS = ("sku", "title", "description", "brand", "category", "gender", "currency", "color",
               "image_url", "url")
LIST_FIELDS = ("sizes", "materials", "features", "activities")
PRICE_FIELDS = ("price", "sale_price")
INT_FIELDS = ("warranty_months", "stock")
CANONICAL_FIELDS = (
    "sku", "title", "description", "brand", "category", "gender", "price", "sale_price", "currency",
    "color", "sizes", "materials", "features", "activities", "warranty_months", "stock", "image_url", "url",
)

GENDERS = {
    "men": "men", "man": "men", "male": "men", "mens": "men", "men's": "men", "m": "men", "boys": "men",
    "women": "women", "woman": "women", "female": "women", "womens": "women", "women's": "women",
    "w": "women", "f": "women", "girls": "women", "ladies": "women",
    "unisex": "unisex", "u": "unisex", "all": "unisex", "unisex kids": "unisex", "kids": "unisex",
}
_LIST_SPLIT = re.compile(r"\s*[|;]\s*")
_MONEY_JUNK = re.compile(r"[€$£₹\s]|EUR|USD|GBP|INR|Rs\.?", re.IGNORECASE)


class RowError(ValueError):
    """A row that cannot be imported; the message names the field and the value."""


@dataclass(frozen=True)
class CatalogRow:
    sku: str
    title: str
    price: float
    description: str | None = None
    brand: str | None = None
    category: str | None = None
    gender: str | None = None
    sale_price: float | None = None
    currency: str | None = None
    color: str | None = None
    sizes: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    warranty_months: int | None = None
    stock: int | None = None
    image_url: str | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def row_hash(self) -> str:
        payload = json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(name: str, value: Any) -> str | None:
    if _is_missing(value):
        return None
    text = str(value).strip()
    # The reader turns bytes that are not valid UTF-8 into U+FFFD; such a value lost characters.
    if "\ufffd" in text:
        raise RowError(f"{name}: unreadable text (not valid UTF-8) in {text[:40]!r}")
    return text


def _price(name: str, value: Any) -> float | None:
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        raise RowError(f"{name}: not a number ({value!r})")
    if isinstance(value, int | float):
        number = float(value)
    else:
        cleaned = _MONEY_JUNK.sub("", str(value)).replace(",", "")
        try:
            number = float(cleaned)
        except ValueError:
            raise RowError(f"{name}: not a number ({str(value).strip()!r})") from None
    if not math.isfinite(number):
        raise RowError(f"{name}: not a number ({value!r})")
    if number < 0:
        raise RowError(f"{name}: must be >= 0 (got {value!r})")
    return round(number, 2)


def _integer(name: str, value: Any) -> int | None:
    if _is_missing(value):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise RowError(f"{name}: not a whole number ({str(value).strip()!r})") from None
    if not number.is_integer() or number < 0:
        raise RowError(f"{name}: must be a whole number >= 0 (got {value!r})")
    return int(number)


def _list(name: str, value: Any) -> list[str]:
    if hasattr(value, "tolist"):  # Parquet list columns arrive as numpy arrays
        value = value.tolist()
    if isinstance(value, list | tuple):
        items = list(value)
    elif _is_missing(value):
        return []
    else:
        items = _LIST_SPLIT.split(str(value))
    cleaned = [_text(name, item) for item in items]
    return [item for item in cleaned if item]


def parse_row(record: dict[str, Any]) -> CatalogRow:
    """Turn one record keyed by canonical field names into a :class:`CatalogRow`.

    Raises:
        RowError: naming the first field that is missing or invalid.
    """
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        values[name] = _text(name, record.get(name))
    for name in PRICE_FIELDS:
        values[name] = _price(name, record.get(name))
    for name in INT_FIELDS:
        values[name] = _integer(name, record.get(name))
    for name in LIST_FIELDS:
        values[name] = _list(name, record.get(name))
    for name in REQUIRED:
        if values[name] is None:
            raise RowError(f"{name}: missing (required)")
    if values["gender"] is not None:
        values["gender"] = GENDERS.get(values["gender"].lower(), values["gender"].lower())
    if values["sale_price"] is not None and values["sale_price"] >= values["price"]:
        values["sale_price"] = None  # a "sale" at or above list price is no sale
    for name in ("category", "color"):
        if values[name] is not None:
            values[name] = values[name].lower()
    if values["currency"] is not None:
        values["currency"] = values["currency"].upper()
    return CatalogRow(**values)
