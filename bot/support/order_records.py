"""One order as a file gives it (a JSON object with its lines), checked field by field.

The bounds are the columns' (order numbers 40 characters, skus 64, titles 400, emails 320) and those of the
events API for quantities and prices, so an order that the shop's events carried also loads here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.support.ids import MAX_ORDER_NUMBER, normalize_order_number
from bot.support.models import CANCELLED, DELIVERED, PAID, SHIPPED

MAX_QUANTITY = 100_000  # as the events API: a wholesaler's line can be large
MAX_PRICE = 1_000_000
MAX_TOTAL = 10_000_000
MAX_LINES = 2_000
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # older than any web shop: a misread date
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://\S+")
SHOWN_ERRORS = 3


class OrderRowError(ValueError):
    """A row that cannot be loaded; the message starts with the field, then says what is wrong."""


# Money and counts are taken as JSON sends them: a number, never text or true. Ids and other text may come as
# numbers (invoice 581483, customer 17850) and are read as their text.
Money = float
TEXT_RULES = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)


def _optional(max_length: int) -> Any:
    return Annotated[str, Field(max_length=max_length)] | None


class LineRecord(BaseModel):
    # No Python validators here: an order history has hundreds of thousands of lines.
    model_config = TEXT_RULES

    line_number: StrictInt | None = Field(default=None, ge=1, le=MAX_LINES)  # default: its place in the list
    sku: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=400)
    quantity: StrictInt = Field(ge=1, le=MAX_QUANTITY)
    unit_price: Money = Field(strict=True, allow_inf_nan=False, ge=0, le=MAX_PRICE)
    category: _optional(120) = None  # blank is None (the loader)
    final_sale: StrictBool = False


class OrderRecord(BaseModel):
    model_config = TEXT_RULES

    order_number: str
    customer_id: _optional(120) = None
    email: _optional(320) = None
    status: Literal["placed", "paid", "shipped", "delivered", "cancelled"]
    placed_at: AwareDatetime
    paid_at: AwareDatetime | None = None
    shipped_at: AwareDatetime | None = None
    delivered_at: AwareDatetime | None = None
    cancelled_at: AwareDatetime | None = None
    tracking_url: _optional(1000) = None
    currency: str = Field(pattern=r"^[A-Za-z]{3}$")
    total: Money | None = Field(default=None, strict=True, allow_inf_nan=False, ge=0, le=MAX_TOTAL)  # default: lines
    lines: list[LineRecord] = Field(min_length=1, max_length=MAX_LINES)

    @field_validator("order_number")
    @classmethod
    def _number(cls, value: str) -> str:
        number = normalize_order_number(value)
        if not 1 <= len(number) <= MAX_ORDER_NUMBER:
            raise ValueError(f"1 to {MAX_ORDER_NUMBER} characters are needed")
        return number

    @field_validator("customer_id", "email", "tracking_url")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.fullmatch(value):
            raise ValueError("not an email address")  # never echoed: the address is the shopper's
        return value

    @field_validator("tracking_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.fullmatch(value):
            raise ValueError("an http(s) address is needed")
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return value.upper()

    @model_validator(mode="after")
    def _consistent(self) -> OrderRecord:
        needed = {PAID: "paid_at", SHIPPED: "shipped_at", DELIVERED: "delivered_at", CANCELLED: "cancelled_at"}
        if (field := needed.get(self.status)) and getattr(self, field) is None:
            raise ValueError(f"{field}: missing (required for a {self.status} order)")
        previous = ("placed_at", self.placed_at)
        for field in ("paid_at", "shipped_at", "delivered_at"):
            when = getattr(self, field)
            if when is None:
                continue
            if when < previous[1]:
                raise ValueError(f"{field}: before {previous[0]}")
            previous = (field, when)
        if self.cancelled_at is not None and self.cancelled_at < self.placed_at:
            raise ValueError("cancelled_at: before placed_at")
        numbers = [line.line_number or place for place, line in enumerate(self.lines, start=1)]
        if len(set(numbers)) != len(numbers):
            raise ValueError("lines: two lines have the same line_number")
        for place, line in enumerate(self.lines, start=1):
            line.line_number = line.line_number or place
        if self.total is None:
            self.total = round(sum(line.unit_price * line.quantity for line in self.lines), 2)
        return self

    def moments(self) -> dict[str, datetime | None]:
        return {"placed_at": self.placed_at, "paid_at": self.paid_at, "shipped_at": self.shipped_at,
                "delivered_at": self.delivered_at, "cancelled_at": self.cancelled_at}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_order(data: object) -> OrderRecord:
    """Validate one order.

    Raises:
        OrderRowError: naming the field(s) at fault (``lines[0].quantity: ...``), never echoing the values.
    """
    if not isinstance(data, dict):
        raise OrderRowError(f"order: expected a JSON object, got {type(data).__name__}")
    try:
        return OrderRecord.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False, include_context=False):
            message = {"extra_forbidden": "unknown field", "missing": "missing (required)"}.get(
                error["type"], error["msg"].removeprefix("Value error, "))
            where = _where(error["loc"])
            problems.append(f"{where}: {message}" if where else message)
        shown = "; ".join(problems[:SHOWN_ERRORS])
        more = f" (and {len(problems) - SHOWN_ERRORS} more)" if len(problems) > SHOWN_ERRORS else ""
        raise OrderRowError(shown + more) from None


def check_moments(record: OrderRecord, now: datetime) -> None:
    """Dates from 1990 to a day ahead of ``now`` (a clock running fast); others are misread or mistyped.

    Raises:
        OrderRowError: naming the field.
    """
    ahead = now.timestamp() + 86_400
    for field, when in record.moments().items():
        if when is not None and when < EARLIEST:
            raise OrderRowError(f"{field}: before 1990")
        if when is not None and when.timestamp() > ahead:
            raise OrderRowError(f"{field}: more than a day in the future")
