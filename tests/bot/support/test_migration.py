"""Migration 0003 gives SQLite and PostgreSQL the support desk's tables exactly as the models declare them, and
goes down and up again cleanly."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from bot.db import alembic_config, upgrade
from recommender.base import Base

SUPPORT_TABLES = {"orders", "order_lines", "support_cases", "case_events", "verification_attempts"}


def _about_support(diff: object) -> bool:
    """Whether an autogenerate difference (a tuple, or a list of them for a column) touches our tables."""
    shown = repr(diff)
    return any(f"<{table}>" in shown or f"'{table}'" in shown for table in SUPPORT_TABLES)


def test_the_tables_match_the_models(db_engine: Engine) -> None:
    assert set(inspect(db_engine).get_table_names()) >= SUPPORT_TABLES
    with db_engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diffs if _about_support(d)] == []
    uniques = {(table, tuple(u["column_names"])) for table in SUPPORT_TABLES
               for u in inspect(db_engine).get_unique_constraints(table)}
    assert {("orders", ("order_number",)), ("support_cases", ("case_number",)),
            ("support_cases", ("idempotency_key",)), ("order_lines", ("order_id", "line_number"))} <= uniques


def test_statuses_outside_the_model_are_refused_by_the_database(db_engine: Engine) -> None:
    with pytest.raises(IntegrityError), db_engine.begin() as connection:
        connection.execute(text("INSERT INTO orders (order_number, status, placed_at, currency, total, created_at, "
                                "updated_at) VALUES ('X1', 'lost', :t, 'EUR', 0, :t, :t)"),
                           {"t": "2025-01-01 00:00:00+00:00"})


def test_down_to_0002_and_up_again(db_engine: Engine) -> None:
    config = alembic_config(db_engine.url.render_as_string(hide_password=False))
    with db_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert not SUPPORT_TABLES & set(inspect(db_engine).get_table_names())
    assert "products" in inspect(db_engine).get_table_names()
    upgrade(db_engine)
    assert set(inspect(db_engine).get_table_names()) >= SUPPORT_TABLES
