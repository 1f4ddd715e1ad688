"""Shared machinery of the store: engine, clock, markings, and viewer-scoped statement fetches.

No code outside ``tessera.store`` reads raw rows: everything leaves the store as
:class:`~tessera.model.entity.EntityView` objects built from statements the viewer may read.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from followthemoney import model
from sqlalchemy import Connection, Engine, Row, insert, select

from tessera.clock import Clock, SystemClock
from tessera.model.entity import EntityView, Statement, fold
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Distribution, Marking
from tessera.store.tables import marking_partners, markings, statements
from tessera.store.visibility import statement_visible

CHUNK = 500


@functools.cache
def _is_edge(schema: str) -> bool:
    obj = model.get(schema)
    return bool(obj is not None and obj.edge)


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StoreBase:
    """Engine, clock and the marking cache. Markings are content-addressed and never change."""

    def __init__(self, engine: Engine, clock: Clock | None = None, secret: str = "tessera") -> None:
        self.engine = engine
        self.clock: Clock = clock or SystemClock()
        self.secret = secret
        self._markings: dict[str, Marking] = {}
        self._marking_lock = threading.Lock()

    # -- markings -------------------------------------------------------------------------
    def _ensure_marking(self, conn: Connection, marking: Marking) -> str:
        key = marking.key
        if key in self._markings:
            return key
        exists = conn.execute(select(markings.c.id).where(markings.c.id == key)).first()
        if exists is None:
            conn.execute(
                insert(markings).values(
                    id=key,
                    owner=marking.owner,
                    distribution=marking.distribution.value,
                    group_code=marking.group,
                    discoverable=marking.discoverable,
                    handling=",".join(sorted(marking.handling)),
                    classification=int(marking.classification),
                )
            )
            if marking.partners:
                conn.execute(
                    insert(marking_partners),
                    [{"marking_id": key, "agency": p} for p in sorted(marking.partners)],
                )
        return key

    def _marking(self, conn: Connection, marking_id: str) -> Marking:
        cached = self._markings.get(marking_id)
        if cached is not None:
            return cached
        row = conn.execute(select(markings).where(markings.c.id == marking_id)).one()
        partners = conn.execute(
            select(marking_partners.c.agency).where(marking_partners.c.marking_id == marking_id)
        ).scalars()
        marking = Marking(
            owner=row.owner,
            distribution=Distribution(row.distribution),
            partners=frozenset(partners),
            group=row.group_code,
            discoverable=bool(row.discoverable),
            handling=frozenset(h for h in row.handling.split(",") if h),
            classification=Classification(row.classification),
        )
        with self._marking_lock:
            self._markings[marking_id] = marking
        return marking

    def _statement(self, conn: Connection, row: Row[Any]) -> Statement:
        return Statement(
            id=row.id,
            entity_id=row.entity_id,
            schema=row.schema,
            prop=row.prop,
            prop_type=row.prop_type,
            value=row.value,
            agency=row.agency,
            source=row.source,
            first_seen=row.first_seen,
            last_seen=row.last_seen,
            marking=self._marking(conn, row.marking_id),
        )

    # -- viewer-scoped fetches ----------------------------------------------------------------
    def _visible_statements(
        self, conn: Connection, viewer: Viewer, entity_ids: Sequence[str]
    ) -> list[Statement]:
        now = self.clock.now()
        out: list[Statement] = []
        for part in chunks(list(entity_ids)):
            query = select(statements).where(statements.c.entity_id.in_(part), statement_visible(viewer, now))
            out.extend(self._statement(conn, row) for row in conn.execute(query))
        return out

    def _visible_ids(self, conn: Connection, viewer: Viewer, entity_ids: Iterable[str]) -> set[str]:
        """Which of these entities may the viewer see at all (any readable statement)?"""
        now = self.clock.now()
        found: set[str] = set()
        ids = sorted(set(entity_ids))
        for part in chunks(ids):
            query = (
                select(statements.c.entity_id)
                .where(statements.c.entity_id.in_(part), statement_visible(viewer, now))
                .distinct()
            )
            found.update(conn.execute(query).scalars())
        return found

    def _views(self, conn: Connection, viewer: Viewer, entity_ids: Sequence[str]) -> dict[str, EntityView]:
        """Fold the viewer's readable statements per entity; drop references to hidden entities."""
        stmts = self._visible_statements(conn, viewer, entity_ids)
        refs = {s.value for s in stmts if s.prop_type == "entity"}
        known = {s.entity_id for s in stmts}
        visible_refs = (refs & known) | self._visible_ids(conn, viewer, refs - known)
        grouped: dict[str, list[Statement]] = {}
        broken_edges: set[str] = set()
        for stmt in stmts:
            if stmt.prop_type == "entity" and stmt.value not in visible_refs:
                # A relationship with a hidden end is hidden whole: half an edge still tells
                # the viewer that its visible end has a tie it may not see.
                if _is_edge(stmt.schema):
                    broken_edges.add(stmt.entity_id)
                continue
            grouped.setdefault(stmt.entity_id, []).append(stmt)
        for eid in broken_edges:
            grouped.pop(eid, None)
        return {eid: fold(eid, group[0].schema, group) for eid, group in grouped.items() if group}
