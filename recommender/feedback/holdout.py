"""The holdout: a fixed share of shoppers is shown popular products instead of personalized ones, so that what
personalization adds can be measured against them.

A shopper's group is drawn from a salted hash of their stable id (their customer id once known, else the id
they came with), so it is the same on every visit, in the chat and on the shop's pages, and needs no table.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from recommender.shoppers.identity import find_shopper

PERSONALIZED = "personalized"
CONTROL = "control"
OUTSIDE = "outside"  # not in the experiment: no shopper the shop can follow from a click to an order
GROUPS = (PERSONALIZED, CONTROL, OUTSIDE)


def holdout_group(stable_id: str, share: float, salt: str) -> str:
    """CONTROL for about ``share`` of all ids, PERSONALIZED for the rest; the same id always gets the same.

    The draw is uniform in [0, 1) and an id is held out when it falls below ``share``, so raising the share
    keeps everyone already held out where they are.
    """
    if share <= 0:
        return PERSONALIZED
    digest = hashlib.sha256(f"{salt}\x00{stable_id}".encode("utf-8", "surrogatepass")).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    return CONTROL if draw < share else PERSONALIZED


def stable_id(session: Session, external_id: str) -> str:
    """The id a shopper's group is drawn from: the customer id of the shopper known by ``external_id``, else
    ``external_id`` itself (a browser not linked to a customer, or one not recorded yet)."""
    shopper = find_shopper(session, external_id)
    return shopper.customer_id if shopper is not None and shopper.customer_id else external_id
