"""Canonical catalog fields and the validation of one file row into a :class:`CatalogRow`."""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from recommender.catalog.bounds import MAX_CHARS, MAX_ITEM_CHARS, MAX_ITEMS, MAX_PRICE, MAX_STOCK, MAX_WARRANTY_MONTHS
from recommender.catalog.currency import currency_code
from recommender.catalog.product_types import product_type

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
INT_LIMITS = {"warranty_months": MAX_WARRANTY_MONTHS, "stock": MAX_STOCK}

# Children are an audience of their own (``recommender.query.ADMITS``): a girls' dress is no answer to "women".
GENDERS = {
    "men": "men", "man": "men", "male": "men", "mens": "men", "men's": "men", "m": "men",
    "women": "women", "woman": "women", "female": "women", "womens": "women", "women's": "women",
    "w": "women", "f": "women", "ladies": "women",
    "unisex": "unisex", "u": "unisex", "all": "unisex",
    "boys": "boys", "boy": "boys", "boy's": "boys", "boys'": "boys",
    "girls": "girls", "girl": "girls", "girl's": "girls", "girls'": "girls",
    "kids": "kids", "kid": "kids", "kid's": "kids", "kids'": "kids", "unisex kids": "kids", "children": "kids",
    "child": "kids", "children's": "kids", "childrens": "kids", "baby": "kids", "babies": "kids",
    "infant": "kids", "infants": "kids", "toddler": "kids", "toddlers": "kids",
}
_LIST_SPLIT = re.compile(r"\s*[|;]\s*")
_MONEY_JUNK = re.compile(r"[€$£₹\s]|EUR|USD|GBP|INR|Rs\.?", re.IGNORECASE)


class RowError(ValueError):
    """A row that cannot be imported; the message starts with the field's name, then says what is wrong."""


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


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not _is_boolean(value)


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool) or type(value).__name__ == "bool_"  # numpy's bool is no bool subclass


def _kind(value: Any) -> str:
    """What a value is, in the words of the rejection message."""
    if _is_boolean(value):
        return "a boolean"
    if isinstance(value, bytes | bytearray | memoryview):
        return "binary data"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "tolist"):
        return "a list"
    if isinstance(value, date | time | timedelta):
        return "a date or time"
    return f"a {type(value).__name__}"


def _text(name: str, value: Any) -> str | None:
    if _is_missing(value):
        return None
    if not isinstance(value, str) and not _is_number(value):
        raise RowError(f"{name}: expected text, got {_kind(value)}")
    try:
        text = str(value).strip()
    except ValueError:  # an integer of more than 4,300 digits has no text form in Python
        raise RowError(f"{name}: too long (a number of more than 4,300 digits)") from None
    # The reader turns bytes that are not valid UTF-8 into U+FFFD; such a value lost characters.
    if "\ufffd" in text:
        raise RowError(f"{name}: unreadable text (not valid UTF-8) in {text[:40]!r}")
    # PostgreSQL stores no NUL character, and a lone surrogate (JSON can hold one) encodes to no UTF-8 at all.
    if "\x00" in text or _has_surrogate(text):
        raise RowError(f"{name}: unreadable text (a NUL or surrogate character) in {text[:40]!r}")
    return text


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _shown(value: Any) -> str:
    """A value as the merchant wrote it, short enough for a one-line message."""
    if isinstance(value, str):
        text = value.strip()
        return repr(text if len(text) <= 40 else text[:40] + "…")
    if isinstance(value, numbers.Integral) and abs(int(value)) >= 10 ** 40:
        return f"{Decimal(int(value)):.6g}"
    return str(value)


def _decimal(name: str, value: Any, expected: str) -> Decimal | None:
    """The value as an exact number, or None when it is missing."""
    if _is_missing(value):
        return None
    if not _is_number(value) and not isinstance(value, str):
        raise RowError(f"{name}: expected a number, got {_kind(value)}")
    try:
        # Decimal, not float: "1e400" or a 5,000-digit integer must become a rejected row, not an overflow.
        if isinstance(value, str):
            cleaned = _MONEY_JUNK.sub("", value).replace(",", "") if name in PRICE_FIELDS else value.strip()
            number = Decimal(cleaned)
        elif isinstance(value, numbers.Integral):
            number = Decimal(int(value))
        else:
            number = Decimal(float(value))
    except (InvalidOperation, ValueError, TypeError, OverflowError):
        raise RowError(f"{name}: {expected} ({_shown(value)})") from None
    if not number.is_finite():
        raise RowError(f"{name}: {expected} ({_shown(value)})")
    return number


def _price(name: str, value: Any) -> float | None:
    number = _decimal(name, value, "not a number")
    if number is None:
        return None
    if number < 0:
        raise RowError(f"{name}: must be >= 0 (got {_shown(value)})")
    if number > MAX_PRICE:
        raise RowError(f"{name}: must be at most {MAX_PRICE:,} (got {_shown(value)})")
    return round(float(number), 2)


def _integer(name: str, value: Any) -> int | None:
    number = _decimal(name, value, "not a whole number")
    if number is None:
        return None
    if number < 0 or number != number.to_integral_value():
        raise RowError(f"{name}: must be a whole number >= 0 (got {_shown(value)})")
    if number > INT_LIMITS[name]:
        raise RowError(f"{name}: must be at most {INT_LIMITS[name]:,} (got {_shown(value)})")
    return int(number)


def _list(name: str, value: Any) -> list[str]:
    if hasattr(value, "tolist") and not _is_number(value):  # numpy arrays, from Parquet read through pandas
        value = value.tolist()
    if isinstance(value, list | tuple):
        items = list(value)
    elif _is_missing(value):
        return []
    elif isinstance(value, str) or _is_number(value):
        items = _LIST_SPLIT.split(_text(name, value) or "")
    else:
        raise RowError(f"{name}: expected a list or text, got {_kind(value)}")
    cleaned: list[str] = []
    for position, item in enumerate(items, start=1):
        try:
            text = _text(name, item)
        except RowError as exc:
            raise RowError(f"{name}: item {position}: {str(exc).removeprefix(f'{name}: ')}") from None
        if text and len(text) > MAX_ITEM_CHARS:
            raise RowError(f"{name}: item {position}: too long ({len(text):,} characters, at most {MAX_ITEM_CHARS})")
        if text:
            cleaned.append(text)
    if len(cleaned) > MAX_ITEMS:
        raise RowError(f"{name}: too many items ({len(cleaned):,}, at most {MAX_ITEMS})")
    return cleaned


def _currency(value: str) -> str:
    try:
        return currency_code(value)
    except ValueError as exc:
        raise RowError(f"currency: {exc}; write three letters such as EUR or INR") from None


def parse_row(record: dict[str, Any], currency: str | None = None) -> CatalogRow:
    """Turn one record keyed by canonical field names into a :class:`CatalogRow`; ``currency`` is the code of a
    row that states none (a row's own currency wins: a file that says is right about itself).

    Raises:
        RowError: naming the first field that is missing, of the wrong type, or out of bounds
            (``recommender/catalog/bounds.py``).
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
        values["currency"] = _currency(values["currency"])
    elif currency is not None:
        values["currency"] = _currency(currency)
    if values["category"] is None:  # a catalog without categories: the type its title names stands in
        values["category"] = product_type(values["title"], values["description"], values["brand"])
    # Measured after normalising: changing case can lengthen a text ("ß".upper() is "SS").
    for name in TEXT_FIELDS:
        if values[name] is not None and len(values[name]) > MAX_CHARS[name]:
            raise RowError(f"{name}: too long ({len(values[name]):,} characters, at most {MAX_CHARS[name]:,})")
    return CatalogRow(**values)
