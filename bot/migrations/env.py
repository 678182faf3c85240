"""Alembic environment: runs on the connection handed over by ``bot.db.upgrade`` or the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

# Importing the models registers their tables on the metadata.
import bot.support.models  # noqa: F401
import recommender.catalog.models
import recommender.feedback.models
import recommender.shoppers.models  # noqa: F401
from recommender.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
