"""The bounds a Segment call must keep to be recorded, and the checks that hold them.

Each bound keeps out a value that is absurd for a shop (a 1e308 order, a timestamp in the year 9999) or that
the database could not store (text longer than its column, a NUL, an unpaired surrogate, NaN in JSON). The
figures are set so that the largest real history we import, a wholesaler's (UCI Online Retail), passes whole.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

# Text lengths are the widths of the columns the values land in (recommender/shoppers/models.py, the catalog).
ID_CHARS = 120  # shopper_ids.external_id, events.message_id / order_id / coupon
SKU_CHARS = 64  # products.sku and event_items.sku
NAME_CHARS = 400  # products.title and event_items.name
CATEGORY_CHARS = 120  # products.category and event_items.category
BRAND_CHARS = 120  # products.brand and event_items.brand
QUERY_CHARS = 400  # events.query
EMAIL_CHARS = 320  # shoppers.email: the longest address mail servers accept (RFC 5321)
COUNTRY_CHARS = 80  # shoppers.country
DEVICE_CHARS = 40  # shoppers.device
SOURCE_CHARS = 120  # shoppers.traffic_source

MAX_QUANTITY = 100_000  # a wholesale line can be large: Online Retail's largest is 80,995 of one item
MAX_UNIT_PRICE = 1_000_000
MAX_ORDER_VALUE = 10_000_000  # Online Retail's largest invoice is about 168,000
MAX_PRODUCTS = 2_000  # products per call; Online Retail's longest invoice has 1,112 lines
MAX_POSITION = 10_000  # a product's place in a list: deep in an endless category page, never a price
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # older than any web shop: a misread Unix time or a typo
CLOCK_SKEW = timedelta(days=1)  # how far ahead of our clock a sender's clock may run
JSON_BYTES = 16_384  # properties (apart from its products), context and traits, each
PRODUCTS_JSON_BYTES = 262_144  # the products list: Online Retail's longest invoice takes 97 KB
JSON_DEPTH = 16  # levels of objects and lists, properties (or context, traits) itself the first
JSON_INT_BITS = 64  # what JSON readers elsewhere hold in a number; Python refuses 4,300+ digits

_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters and unpaired surrogates
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # what neither database accepts inside JSON text


class BoundsError(ValueError):
    """A value outside the bounds, with the path of the field that holds it."""


def _length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise PydanticCustomError("too_long", "at most {limit} characters, got {length}",
                                  {"limit": limit, "length": len(text)})


def _id(limit: int) -> Any:
    def check(text: str | None) -> str | None:
        if text is not None:
            _length(text, limit)
            if not text.isprintable():
                raise PydanticCustomError("unprintable", "control or other unprintable characters are not "
                                                         "allowed in an id")
        return text

    return AfterValidator(check)


def _free_text(limit: int) -> Any:
    def check(text: str | None) -> str | None:
        if text is not None:
            _length(text, limit)
            if _CONTROL.search(text):
                raise PydanticCustomError("control", "control characters and unpaired surrogates are not allowed")
        return text

    return AfterValidator(check)


def _as_text(value: Any) -> Any:
    # NaN, infinity and True are not ids, whatever their text would be.
    if (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    return value


def _no_boolean(expected: str) -> Any:
    # true is 1 to Python, but a price or a position that says "true" was never a number.
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("not_a_number", "expected {expected}, got a boolean", {"expected": expected})
        return value

    return BeforeValidator(check)


def _iso_text(value: Any) -> Any:
    # A number would be read as seconds since 1970: a shop that meant milliseconds lands in the year 55,000.
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise PydanticCustomError("iso_text", "expected ISO-8601 text, got a number")
    return value


# Shops send ids as numbers as often as text (a userId of 17850); they are ids either way.
Id = Annotated[str | None, BeforeValidator(_as_text), _id(ID_CHARS)]
Sku = Annotated[str | None, BeforeValidator(_as_text), _id(SKU_CHARS)]
Name = Annotated[str | None, _free_text(NAME_CHARS)]
Category = Annotated[str | None, _free_text(CATEGORY_CHARS)]
Brand = Annotated[str | None, _free_text(BRAND_CHARS)]
Query = Annotated[str | None, _free_text(QUERY_CHARS)]
CouponName = Annotated[str | None, _free_text(ID_CHARS)]  # stored in the coupon column when no id is given
Timestamp = Annotated[datetime | None, BeforeValidator(_iso_text)]
Position = Annotated[int | None, Field(ge=1, le=MAX_POSITION), _no_boolean("a whole number")]
Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY), _no_boolean("a whole number")]
UnitPrice = Annotated[float | None, Field(ge=0, le=MAX_UNIT_PRICE, allow_inf_nan=False), _no_boolean("a number")]
OrderValue = Annotated[float | None, Field(ge=0, le=MAX_ORDER_VALUE, allow_inf_nan=False), _no_boolean("a number")]


def check_time(when: datetime, now: datetime) -> datetime:
    """``when`` in UTC, if it lies between 1990 and a day after ``now``; naive times are taken as UTC."""
    try:
        utc = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except OverflowError:  # the year 9999 at UTC-5 is past the last date Python has
        raise BoundsError("timestamp: out of the range of dates") from None
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    if utc < EARLIEST:
        raise BoundsError(f"timestamp: {utc.isoformat()} is before {EARLIEST:%Y-%m-%d}")
    if utc > now + CLOCK_SKEW:
        raise BoundsError(f"timestamp: {utc.isoformat()} is more than 1 day ahead of the time it was received "
                          f"({now.isoformat()})")
    return utc


def check_email(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BoundsError(f"traits.email: expected text, got {type(value).__name__}")
    if len(value) > EMAIL_CHARS:
        raise BoundsError(f"traits.email: at most {EMAIL_CHARS} characters, got {len(value)}")
    if not value.isprintable():
        raise BoundsError("traits.email: control or other unprintable characters are not allowed")
    return value


_KEY = re.compile(r"[A-Za-z_$][\w$-]{0,39}")


class _Unstorable(Exception):
    """Raised deep inside a value; each level it passes adds its key, so paths are built only for errors."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.parts: list[str | int] = []


def check_json(value: Any, path: str, limit: int) -> None:
    """Raise :class:`BoundsError` naming the place if ``value`` is not plain JSON both databases can store, or
    if its compact UTF-8 text is longer than ``limit`` bytes."""
    try:
        _walk(value, 1)
    except _Unstorable as bad:
        raise BoundsError(f"{_path(path, reversed(bad.parts))}: {bad.reason}") from None
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > limit:
        raise BoundsError(f"{path}: at most {limit} bytes of JSON, got {size}")


def _path(path: str, parts: Iterable[str | int]) -> str:
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _KEY.fullmatch(part):
            path += f".{part}"
        else:
            path += f"[{json.dumps(part[:40])}]"  # ASCII escapes: the path itself must be printable text
    return path


def _walk(value: Any, depth: int) -> None:
    # Called once per container, not per value, and keys checked together: an import's calls hold millions of
    # values. The common good cases are settled inline; _scalar gives the reason for a bad one.
    if isinstance(value, dict):
        _keys(value)
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        _scalar(value)
        return
    if depth > JSON_DEPTH:
        raise _Unstorable(f"nested more than {JSON_DEPTH} levels deep")
    for key, inner in items:
        try:
            kind = type(inner)
            if kind is str:
                if _UNSTORABLE.search(inner):
                    _scalar(inner)
            elif kind is float:
                if not math.isfinite(inner):
                    _scalar(inner)
            elif kind is int:
                if inner.bit_length() > JSON_INT_BITS:
                    _scalar(inner)
            elif kind is dict or kind is list or kind is tuple:
                _walk(inner, depth + 1)
            elif inner is not None and kind is not bool:
                _scalar(inner)
        except _Unstorable as bad:
            bad.parts.append(key)
            raise


def _keys(value: dict[Any, Any]) -> None:
    """A bad key is reported at the object that holds it: the key itself is no path."""
    try:
        joined = "".join(value)
    except TypeError:
        key = next(k for k in value if not isinstance(k, str))
        raise _Unstorable(f"keys must be text, got {type(key).__name__}") from None
    if _UNSTORABLE.search(joined):
        key = next(k for k in value if _UNSTORABLE.search(k))
        raise _Unstorable(f"key {json.dumps(key[:40])} has NUL characters or unpaired surrogates, which cannot "
                          "be stored")


def _scalar(value: Any) -> None:
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise _Unstorable("NUL characters and unpaired surrogates cannot be stored")
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if value.bit_length() > JSON_INT_BITS:
            raise _Unstorable(f"integers beyond {JSON_INT_BITS} bits are not stored")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Unstorable("NaN and infinity are not JSON numbers")
    else:
        raise _Unstorable(f"{type(value).__name__} is not a JSON value")
