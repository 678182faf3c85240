"""The ids the support desk is keyed by: order numbers as shoppers type them, conversations as Rasa names them."""

from __future__ import annotations

import hashlib
import re

MAX_ORDER_NUMBER = 40  # the column: "OF-100234" or a long digit run such as an invoice number
MAX_CONVERSATION_ID = 120  # the column; longer Rasa sender ids are hashed to fit
_SPACES = re.compile(r"\s+")


def normalize_order_number(text: str) -> str:
    """``" #of-100234 "`` -> ``"OF-100234"``: what a shopper types, as the shop writes it.

    Shoppers add a ``#``, spaces or lower-case letters; none of these are part of a number in any shop we
    know, so dropping them lets a typed number match without loosening the comparison of the rest.
    """
    return _SPACES.sub("", text).lstrip("#").upper()


def conversation_key(conversation_id: str) -> str:
    """The conversation id as stored: itself, or its SHA-256 when it is longer than the column."""
    if len(conversation_id) <= MAX_CONVERSATION_ID:
        return conversation_id
    return hashlib.sha256(conversation_id.encode("utf-8", "surrogatepass")).hexdigest()
