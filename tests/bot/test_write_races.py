"""Two writers that record the first events of one new shopper at once: the second finds the id taken when it
inserts it, and its transaction runs again instead of failing, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from bot.db import session_factory
from bot.write_races import retrying
from recommender.shoppers.models import Event, ShopperId
from recommender.shoppers.recording import RecordReport, record_events
from tests.recommender.shoppers_helpers import track


def test_a_writer_that_loses_the_race_for_a_new_shopper_runs_again(db_engine: Engine) -> None:
    sessions = session_factory(db_engine)
    first = sessions()
    assert record_events(first, [track("Product Viewed", "anon-new", sku="A", message="m-1")]).recorded == 1
    first.flush()  # the new shopper's id row is written, not committed: the other writer will collide with it
    attempts: list[int] = []
    outcome: dict[str, RecordReport | BaseException] = {}

    def second() -> RecordReport:
        attempts.append(1)
        with sessions() as session:
            report = record_events(session, [track("Product Viewed", "anon-new", sku="B", message="m-2")])
            session.commit()
        return report

    def run() -> None:
        try:
            outcome["report"] = retrying(second)
        except BaseException as exc:  # the test reports whatever the thread met
            outcome["report"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)  # the second writer reads no shopper, then waits on the first's write
    first.commit()
    first.close()
    thread.join(timeout=60)
    assert isinstance(outcome["report"], RecordReport), outcome["report"]
    assert outcome["report"].recorded == 1 and len(attempts) >= 2, "the loser ran again"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ShopperId)
                              .where(ShopperId.external_id == "anon-new")) == 1
        assert session.scalar(select(func.count()).select_from(Event)) == 2


def test_a_rule_broken_on_its_own_is_not_retried(db_engine: Engine) -> None:
    sessions = session_factory(db_engine)
    attempts: list[int] = []

    def broken() -> None:
        attempts.append(1)
        with sessions() as session:  # an id for a shopper that does not exist: a foreign key, not a race
            session.add(ShopperId(external_id="anon-orphan", shopper_id=10_000, kind="anonymous"))
            session.commit()

    with pytest.raises(IntegrityError):
        retrying(broken)
    assert attempts == [1]
