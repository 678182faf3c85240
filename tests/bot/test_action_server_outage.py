"""An action whose database is away: the shopper is told in words and the turn changes nothing, instead of
Rasa meeting a 500 and saying nothing at all."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.action_server import DATABASE_AWAY, TimedExecutor
from bot.metrics import Metrics
from tests.bot.test_action_server import call


def executor_with(error: Exception) -> TimedExecutor:
    def action(dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="half an answer")
        raise error

    executor = TimedExecutor(Metrics(CollectorRegistry()))
    executor.register_function("action_reads_orders", action)
    return executor


def test_an_unreachable_database_is_a_message_and_no_events() -> None:
    away = OperationalError("SELECT 1", {}, Exception("could not connect to server: Connection refused"))
    result = asyncio.run(executor_with(away).run(call("action_reads_orders")))
    assert result is not None
    assert result.events == [] and result.responses == [{"text": DATABASE_AWAY}]


def test_other_database_errors_are_not_taken_for_an_outage() -> None:
    clash = IntegrityError("INSERT", {}, Exception("duplicate key"))
    with pytest.raises(IntegrityError):
        asyncio.run(executor_with(clash).run(call("action_reads_orders")))


def test_an_action_that_reads_no_table_is_still_held_back_while_the_database_is_away() -> None:
    said: list[str] = []

    def action(dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        said.append("answered")
        dispatcher.utter_message(text="I haven't shown you anything yet.")
        return []

    executor = TimedExecutor(Metrics(CollectorRegistry()), create_engine("postgresql+psycopg2://x@127.0.0.1:9/db"))
    executor.register_function("action_refine", action)
    result = asyncio.run(executor.run(call("action_refine")))
    assert result is not None and result.responses == [{"text": DATABASE_AWAY}] and not said
