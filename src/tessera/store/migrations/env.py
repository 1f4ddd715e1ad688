"""Alembic environment: runs against the engine handed over by ``tessera.store.db``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from tessera.store.tables import metadata

config = context.config
engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url") or "")

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
