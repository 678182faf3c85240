"""A catalog's currency: the ISO 4217 code a price is stored with, and the sign a shopper reads it by."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Currencies as merchants write them when they do not write the code.
SIGNS_READ = {"€": "EUR", "$": "USD", "£": "GBP", "₹": "INR", "RS": "INR", "RS.": "INR", "RUPEES": "INR", "¥": "JPY"}
SIGNS_SHOWN = {"EUR": "€", "USD": "$", "GBP": "£", "INR": "₹", "JPY": "¥"}
DEFAULT_SIGN = "€"  # the demo catalog's; a catalog that states no currency is shown as it always was
_CODE = re.compile(r"[A-Z]{3}")


def currency_code(value: str) -> str:
    """An ISO 4217 code from what a file or the command line says ("eur", "€", "Rs." -> EUR, EUR, INR).

    Raises:
        ValueError: for anything that is neither three letters nor a sign we know.
    """
    text = value.strip().upper()
    code = SIGNS_READ.get(text, text)
    if not _CODE.fullmatch(code):
        raise ValueError(f"not a currency code ({value.strip()!r})")
    return code


def main_currency(codes: Iterable[object]) -> str | None:
    """The currency most of a catalog's products are priced in (e.g. ``index.column("currency")``)."""
    counts = Counter(code for code in codes if isinstance(code, str) and code)
    return counts.most_common(1)[0][0] if counts else None


def currency_sign(code: str | None) -> str:
    """How a price's currency is shown next to it: "€" for EUR, "₹" for INR, the code for the rest."""
    return SIGNS_SHOWN.get(code, code) if code else DEFAULT_SIGN
