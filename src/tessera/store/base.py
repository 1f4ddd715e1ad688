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
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    bindparam,
    insert,
    select,
)

from tessera.clock import Clock, SystemClock
from tessera.model.entity import EntityView, Statement, fold
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Distribution, Marking
from tessera.store.audience import refresh_audience
from tessera.store.tables import marking_partners, markings, statements
from tessera.store.visibility import HAS_GRANTS, SHARED, VISIBLE, viewer_params

CHUNK = 500


@functools.cache
def _queries(grants: bool) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """Hot-path queries, built once: readable statements of entities; entities readable at all;
    which of some statements are readable."""
    visible = VISIBLE if grants else SHARED
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    return (
        select(statements).where(statements.c.entity_id.in_(ids), visible),
        select(statements.c.entity_id).where(statements.c.entity_id.in_(ids), visible).distinct(),
        select(statements.c.id).where(statements.c.id.in_(ids), visible),
    )


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
            refresh_audience(conn, markings.c.id == key)
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
    def _policy(self, conn: Connection, viewer: Viewer) -> tuple[bool, dict[str, object]]:
        """Whether the grant branch can match, and the viewer's bind parameters."""
        params = viewer_params(viewer, self.clock.now())
        return conn.execute(HAS_GRANTS, params).first() is not None, params

    def _visible(self, conn: Connection, viewer: Viewer) -> tuple[ColumnElement[bool], dict[str, object]]:
        """The visibility predicate and the parameters to execute it with, for this viewer, now."""
        grants, params = self._policy(conn, viewer)
        return (VISIBLE if grants else SHARED), params

    def _visible_statements(
        self, conn: Connection, viewer: Viewer, entity_ids: Sequence[str]
    ) -> list[Statement]:
        grants, params = self._policy(conn, viewer)
        query = _queries(grants)[0]
        out: list[Statement] = []
        for part in chunks(list(entity_ids)):
            rows = conn.execute(query, {**params, "ids": list(part)})
            out.extend(self._statement(conn, row) for row in rows)
        return out

    def _visible_ids(self, conn: Connection, viewer: Viewer, entity_ids: Iterable[str]) -> set[str]:
        """Which of these entities may the viewer see at all (any readable statement)?"""
        ids = sorted(set(entity_ids))
        if not ids:
            return set()
        grants, params = self._policy(conn, viewer)
        query = _queries(grants)[1]
        found: set[str] = set()
        for part in chunks(ids):
            found.update(str(eid) for eid in conn.execute(query, {**params, "ids": list(part)}).scalars())
        return found

    def _readable_statement_ids(
        self, conn: Connection, viewer: Viewer, statement_ids: Iterable[str]
    ) -> set[str]:
        ids = sorted(set(statement_ids))
        if not ids:
            return set()
        grants, params = self._policy(conn, viewer)
        query = _queries(grants)[2]
        found: set[str] = set()
        for part in chunks(ids):
            found.update(str(sid) for sid in conn.execute(query, {**params, "ids": list(part)}).scalars())
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
