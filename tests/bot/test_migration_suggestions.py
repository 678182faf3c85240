"""Migration 0004 gives SQLite and PostgreSQL the suggestion tables exactly as the models declare them, and goes
down and up again cleanly."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

import recommender.feedback.models  # noqa: F401  (registers the tables on the metadata)
from bot.db import alembic_config, upgrade
from recommender.base import Base

TABLES = {"suggestion_lists", "suggestion_items"}


def _about_ours(diff: object) -> bool:
    shown = repr(diff)
    return any(f"<{table}>" in shown or f"'{table}'" in shown for table in TABLES)


def test_the_tables_match_the_models(db_engine: Engine) -> None:
    assert set(inspect(db_engine).get_table_names()) >= TABLES
    with db_engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diffs if _about_ours(d)] == []


def test_the_database_refuses_a_group_or_match_level_the_model_does_not_know(db_engine: Engine) -> None:
    with pytest.raises(IntegrityError), db_engine.begin() as connection:
        connection.execute(text("INSERT INTO suggestion_lists (id, shown_at, micro_segment, lifecycle, "
                                "experiment_group) VALUES ('sug-1', :t, 'none', 'none', 'treatment')"),
                           {"t": "2025-01-01 00:00:00+00:00"})
    with db_engine.begin() as connection:
        connection.execute(text("INSERT INTO suggestion_lists (id, shown_at, micro_segment, lifecycle, "
                                "experiment_group) VALUES ('sug-2', :t, 'none', 'none', 'control')"),
                           {"t": "2025-01-01 00:00:00+00:00"})
    with pytest.raises(IntegrityError), db_engine.begin() as connection:
        connection.execute(text("INSERT INTO suggestion_items (list_id, position, sku, match, score) "
                                "VALUES ('sug-2', 1, 'R1', 'perfect', 1.0)"))


def test_down_to_0003_and_up_again(db_engine: Engine) -> None:
    config = alembic_config(db_engine.url.render_as_string(hide_password=False))
    with db_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    names = set(inspect(db_engine).get_table_names())
    assert not TABLES & names and "support_cases" in names
    upgrade(db_engine)
    assert set(inspect(db_engine).get_table_names()) >= TABLES
