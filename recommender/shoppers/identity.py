"""Who a call is about: find or create the shopper behind an id, and merge an anonymous shopper who identifies.

A shopper can be known by several anonymous (browser) ids and one customer id. When a call carries both an
anonymous id and a customer id, the two are the same person: an anonymous shopper is merged into the known
one, and all their events, answers and ids move with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from recommender.shoppers.models import (
    ANONYMOUS,
    CUSTOMER,
    Event,
    Shopper,
    ShopperId,
    ShopperSegment,
    StatedPreference,
)

IDS_PER_QUERY = 500  # ids per IN (...): well under every database's limit on bound parameters


@dataclass
class Resolver:
    """Resolves ids to shopper ids within one session, remembering what it has seen (batches repeat ids)."""

    session: Session
    known: dict[str, int] = field(default_factory=dict)
    created: int = 0
    merges: list[tuple[int, int]] = field(default_factory=list)  # (shopper merged away, the shopper it became)

    @property
    def merged(self) -> int:
        return len(self.merges)

    def preload(self, external_ids: set[str]) -> None:
        self.known.update(shopper_ids_of(self.session, {i for i in external_ids if i not in self.known}))

    def lookup(self, external_id: str) -> int | None:
        if external_id not in self.known:
            self.preload({external_id})
        return self.known.get(external_id)

    def resolve(self, anonymous_id: str | None, user_id: str | None, seen: datetime) -> int:
        """The shopper both ids belong to, creating or merging as needed."""
        if anonymous_id == user_id:  # some shops send the customer id in both fields
            anonymous_id = None
        by_user = self.lookup(user_id) if user_id else None
        by_anonymous = self.lookup(anonymous_id) if anonymous_id else None
        if by_anonymous is not None and user_id and self._customer_of(by_anonymous) not in (None, user_id):
            # The browser is another customer's (a shared computer): the call is this customer's alone, and
            # neither history takes the other's.
            anonymous_id = by_anonymous = None
        if by_user is not None and by_anonymous is not None and by_user != by_anonymous:
            merge_shoppers(self.session, source=by_anonymous, target=by_user)
            self.known = {k: (by_user if v == by_anonymous else v) for k, v in self.known.items()}
            self.merges.append((by_anonymous, by_user))
            return by_user
        shopper_id = by_user if by_user is not None else by_anonymous
        if shopper_id is None:
            shopper = Shopper(customer_id=user_id, first_seen=seen, last_seen=seen)
            self.session.add(shopper)
            self.session.flush()
            shopper_id = shopper.id
            self.created += 1
        if user_id and by_user is None:
            self._attach(user_id, CUSTOMER, shopper_id)
            if by_anonymous is not None:  # a known browser now names its customer
                self.session.execute(update(Shopper).where(Shopper.id == shopper_id).values(customer_id=user_id)
                                     .execution_options(synchronize_session=False))
        if anonymous_id and by_anonymous is None:
            self._attach(anonymous_id, ANONYMOUS, shopper_id)
        return shopper_id

    def _customer_of(self, shopper_id: int) -> str | None:
        shopper = self.session.get(Shopper, shopper_id)
        return shopper.customer_id if shopper is not None else None

    def _attach(self, external_id: str, kind: str, shopper_id: int) -> None:
        self.session.add(ShopperId(external_id=external_id, kind=kind, shopper_id=shopper_id))
        self.known[external_id] = shopper_id


def merge_shoppers(session: Session, *, source: int, target: int) -> None:
    """Move everything of shopper ``source`` to ``target`` and delete ``source``.

    A source that already has a customer id of its own is a different person: refuse rather than lose it.
    """
    session.flush()
    src, dst = session.get(Shopper, source), session.get(Shopper, target)
    if src is None or dst is None:
        raise ValueError(f"merge: shopper {source if src is None else target} does not exist")
    if src.customer_id and dst.customer_id and src.customer_id != dst.customer_id:
        raise ValueError(f"merge: shoppers {source} and {target} are different customers "
                         f"({src.customer_id}, {dst.customer_id})")
    for table in (Event, StatedPreference, ShopperId):
        session.execute(update(table).where(table.shopper_id == source).values(shopper_id=target))
    session.execute(delete(ShopperSegment).where(ShopperSegment.shopper_id == source))
    dst.first_seen = min(dst.first_seen, src.first_seen)
    dst.last_seen = max(dst.last_seen, src.last_seen)
    dst.customer_id = dst.customer_id or src.customer_id
    for name in ("email", "country", "device", "traffic_source"):
        if getattr(dst, name) is None:
            setattr(dst, name, getattr(src, name))
    session.expire(src, ["ids"])
    session.delete(src)
    session.flush()


def shopper_id_of(session: Session, external_id: str) -> int | None:
    """The id of the shopper known by an anonymous or customer id, in one indexed lookup."""
    return session.scalar(select(ShopperId.shopper_id).where(ShopperId.external_id == external_id))


def shopper_ids_of(session: Session, external_ids: Iterable[str]) -> dict[str, int]:
    """The shopper id of each of ``external_ids`` that is known, looked up ``IDS_PER_QUERY`` at a time."""
    wanted, found = sorted(set(external_ids)), {}
    for start in range(0, len(wanted), IDS_PER_QUERY):
        rows = session.execute(select(ShopperId.external_id, ShopperId.shopper_id)
                               .where(ShopperId.external_id.in_(wanted[start:start + IDS_PER_QUERY])))
        found.update({external: shopper for external, shopper in rows})
    return found


def find_shopper(session: Session, external_id: str) -> Shopper | None:
    """The shopper known by an anonymous or customer id."""
    row = session.get(ShopperId, external_id)
    return session.get(Shopper, row.shopper_id) if row is not None else None
