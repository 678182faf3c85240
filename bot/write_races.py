"""Writes that lose a race with another writer are run again.

Two requests that carry the first events of the same new shopper both find no row for its id and both insert
one; the second fails on the unique id (PostgreSQL may instead abort one of two batches that insert the same
new ids in another order, as a deadlock). Nothing of the loser was written, so running its transaction again,
now that the winner's rows are there, records exactly what it would have recorded alone.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

T = TypeVar("T")
ATTEMPTS = 4
# SQLSTATEs of a transaction PostgreSQL aborted for another's sake: unique violation, deadlock, serialization.
RACE_CODES = {"23505", "40P01", "40001"}
SQLITE_RACES = ("UNIQUE constraint failed", "database is locked")

log = logging.getLogger("outfitter.db")


def lost_race(exc: DBAPIError) -> bool:
    """Whether ``exc`` says the transaction lost to a concurrent one (rather than broke a rule on its own)."""
    code = getattr(exc.orig, "pgcode", None)
    if code is not None:
        return code in RACE_CODES
    return isinstance(exc, IntegrityError | OperationalError) and any(s in str(exc.orig) for s in SQLITE_RACES)


def retrying(work: Callable[[], T], *, attempts: int = ATTEMPTS, what: str = "write") -> T:
    """``work()`` (a whole transaction: it opens, commits and closes its own session), run again when it lost a
    race, after a short random pause; any other error, or the last attempt's, is raised."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not lost_race(exc):
                raise
            log.info("%s lost a race with another writer (%s); attempt %d of %d", what,
                     str(exc.orig).splitlines()[0], attempt + 1, attempts)
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")
