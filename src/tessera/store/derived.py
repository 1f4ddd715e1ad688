"""Derived state rebuilt from the stored rows when the code that derives it changes.

The search keys of name and identifier statements are a pure function of the statements
(``tessera.matching.keys``, version ``KEYS_VERSION``). A database whose keys were derived by another
version would miss matches the current normalisation finds, so ``refresh_search_keys`` derives them
again from the statements, in one transaction, and records the version. Processes starting together
(several workers after an upgrade) rebuild once: the first holds the write lock, the others then find
the version current.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select, text

from tessera.matching.keys import KEYS_VERSION
from tessera.store.entities import search_keys_for
from tessera.store.tables import derived_versions, search_keys, statements

SEARCH_KEYS = "search_keys"
BATCH = 5_000
_LOCK = 0x7E55_0001  # PostgreSQL advisory lock id of the rebuild


def _version(conn: Connection) -> int | None:
    return conn.execute(
        select(derived_versions.c.version).where(derived_versions.c.name == SEARCH_KEYS)
    ).scalar()


def refresh_search_keys(engine: Engine) -> int:
    """Rebuild the search keys if they were derived by another version; returns the statements keyed."""
    with engine.connect() as conn:
        if _version(conn) == KEYS_VERSION:
            return 0
    with engine.begin() as conn:
        # Take the write lock first, then look again: another process may have rebuilt meanwhile.
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK})
        else:
            conn.execute(delete(derived_versions).where(derived_versions.c.version < 0))
        if _version(conn) == KEYS_VERSION:
            return 0
        conn.execute(delete(search_keys))
        rows = conn.execute(
            select(statements.c.id, statements.c.entity_id, statements.c.prop_type, statements.c.value)
            .where(statements.c.prop_type.in_(("name", "identifier")))
            .order_by(statements.c.id)
        ).all()
        for start in range(0, len(rows), BATCH):
            keys = {
                (key[:96], row.id): {"key": key[:96], "statement_id": row.id, "entity_id": row.entity_id}
                for row in rows[start : start + BATCH]
                for key in search_keys_for(row.prop_type, row.value)
            }
            if keys:
                conn.execute(insert(search_keys), list(keys.values()))
        conn.execute(delete(derived_versions).where(derived_versions.c.name == SEARCH_KEYS))
        conn.execute(insert(derived_versions).values(name=SEARCH_KEYS, version=KEYS_VERSION))
    return len(rows)
