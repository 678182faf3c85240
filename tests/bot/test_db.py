"""Migrations bring SQLite and PostgreSQL to the same schema, and running them again changes nothing."""

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from bot.db import MIGRATIONS, alembic_config, upgrade


def test_upgrade_is_idempotent_and_reaches_head(db_engine: Engine) -> None:
    upgrade(db_engine)  # the fixture already ran it once
    head = ScriptDirectory.from_config(alembic_config(str(db_engine.url))).get_current_head()
    with db_engine.connect() as connection:
        assert connection.execute(text("select version_num from alembic_version")).scalar_one() == head
    columns = {c["name"] for c in inspect(db_engine).get_columns("products")}
    assert {"sku", "row_hash", "text_hash", "embedding", "embedding_model", "status"} <= columns
    assert any(index["unique"] and index["column_names"] == ["sku"]
               for index in inspect(db_engine).get_indexes("products"))


def test_migrations_ship_with_the_package() -> None:
    assert (MIGRATIONS / "env.py").exists() and list((MIGRATIONS / "versions").glob("0001_*.py"))
