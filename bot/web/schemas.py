"""The web API's request bodies and parameters, with the bounds that keep bad input out of the ranking.

Every value is checked here, so nothing unvalidated reaches numpy or the encoder: a wrong value is a 422
naming its field. Text may not hold control characters or unpaired surrogates (they break the tokenizer
and mean nothing to a shopper); sizes are generous for people and small for floods.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StringConstraints

MAX_PRICE = 10_000_000.0  # above any product's price, in any currency we expect
MAX_SKU = 64  # the catalog's sku column
MAX_ID = 120  # shopper and customer ids: the width of their columns
MAX_TEXT = 500  # a shopper's request: a few sentences
MAX_WORD = 100  # a category, colour, brand or answer
MAX_LIST = 50


def printable(value: str) -> str:
    """Refuse control characters (tab and newline aside) and unpaired surrogates."""
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            raise ValueError("contains an unpaired surrogate (not valid Unicode text)")
        if (code < 32 and char not in "\t\n\r") or 0x7F <= code < 0xA0:
            raise ValueError(f"contains the control character U+{code:04X}")
    return value


def _whole(value: Any) -> Any:
    """18.0 as 18: JSON Schema counts it an integer. Anything else is checked strictly (no "7", no true)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


# What `printable` admits, as the JSON schema says it (checked by `printable`, whose messages read better).
PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
NOT_BLANK = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
# The same for a message of several lines (a support reply): tabs and line breaks allowed, not only them.
_LINE_CHAR = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
NOT_BLANK_LINES = rf"^{_LINE_CHAR}*[^\s\x00-\x1f\x7f-\x9f]{_LINE_CHAR}*$"


def _word(max_length: int) -> Any:
    """A required piece of text: stripped, not blank, printable, at most ``max_length`` characters."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(printable), Field(json_schema_extra={"pattern": NOT_BLANK})]


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(printable),
                 Field(json_schema_extra={"pattern": PRINTABLE})]
Word = _word(MAX_WORD)
Sku = _word(MAX_SKU)
ShopperRef = _word(MAX_ID)
Price = Annotated[float, Field(ge=0, le=MAX_PRICE), AfterValidator(_finite)]
Words = Word | Annotated[list[Word], Field(max_length=MAX_LIST)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # JSON types as sent: false is not 0


class PriceRange(Strict):
    min: Price | None = None
    max: Price | None = None


class FiltersBody(Strict):
    """Hard constraints; each field is optional."""

    gender: Word | None = None
    category: Word | None = None
    min_price: Price | None = None
    max_price: Price | None = None
    color: Word | None = None
    size: Word | None = None
    in_stock: StrictBool | None = None


class AnswersBody(Strict):
    """The finder's answers by question: a word or a list of words; the budget also as a number (the most
    to spend), a range or words ("under 150")."""

    activity: Words | None = None
    conditions: Words | None = None
    features: Words | None = None
    fit: Words | None = None
    category: Words | None = None
    colour: Words | None = None
    size: Words | None = None
    budget: Price | PriceRange | Word | None = None

    def as_answers(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class SuggestBody(Strict):
    text: Text = ""
    answers: AnswersBody = Field(default_factory=AnswersBody)
    filters: FiltersBody = Field(default_factory=FiltersBody)
    exclude: Annotated[list[Sku], Field(max_length=500)] = Field(default_factory=list)
    exclude_brands: Annotated[list[Word], Field(max_length=MAX_LIST)] = Field(default_factory=list)
    k: Annotated[int, Field(ge=1, le=100), BeforeValidator(_whole)] = 10
    more_like: Sku | None = None
    not_like: Sku | None = None
    shopper_id: ShopperRef | None = Field(default=None, description="Only a staff token may name another shopper; "
                                                                    "a shopper session personalizes for itself.")


class SignInBody(Strict):
    customer_id: ShopperRef
    anonymous_id: ShopperRef | None = Field(default=None, description="The browser that signed in, to link.")
