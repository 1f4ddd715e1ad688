"""Derived state rebuilt from the stored rows when the code that derives it changes.

The search keys of name and identifier statements are a pure function of the statements
(``tessera.matching.keys``, version ``KEYS_VERSION``). A database whose keys were derived by another
version would miss matches the current normalisation finds, so ``refresh_search_keys`` derives them
again from the statements, in one transaction, and records the version.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select

from tessera.matching.keys import KEYS_VERSION
from tessera.store.entities import search_keys_for
from tessera.store.tables import derived_versions, search_keys, statements

SEARCH_KEYS = "search_keys"
BATCH = 5_000


def refresh_search_keys(engine: Engine) -> int:
    """Rebuild the search keys if they were derived by another version; returns the statements keyed."""
    with engine.begin() as conn:
        stored = conn.execute(
            select(derived_versions.c.version).where(derived_versions.c.name == SEARCH_KEYS)
        ).scalar()
        if stored == KEYS_VERSION:
            return 0
        conn.execute(delete(search_keys))
        rows = conn.execute(
            select(statements.c.id, statements.c.entity_id, statements.c.prop_type, statements.c.value)
            .where(statements.c.prop_type.in_(("name", "identifier")))
            .order_by(statements.c.id)
        ).all()
        keyed = 0
        for start in range(0, len(rows), BATCH):
            keys = {
                (key[:96], row.id): {"key": key[:96], "statement_id": row.id, "entity_id": row.entity_id}
                for row in rows[start : start + BATCH]
                for key in search_keys_for(row.prop_type, row.value)
            }
            if keys:
                conn.execute(insert(search_keys), list(keys.values()))
            keyed += min(BATCH, len(rows) - start)
        conn.execute(delete(derived_versions).where(derived_versions.c.name == SEARCH_KEYS))
        conn.execute(insert(derived_versions).values(name=SEARCH_KEYS, version=KEYS_VERSION))
    return keyed
