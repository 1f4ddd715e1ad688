"""Search over names (fuzzy, any script) and identifiers (exact), with hit/no-hit.

Results come only from statements the viewer may read. A match on a statement the viewer may
not read, whose contributor made it discoverable, yields only ``{"agency", "ref"}``: a fresh
opaque reference per hit (so hits cannot be correlated across searches) that the viewer can
quote in an access request. Nothing else about hidden records (counts, ids, values, which
property matched) leaves the store.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Connection, desc, func, insert, select

from tessera.matching.keys import identifier_key, name_keys, name_tokens
from tessera.model.entity import EntityView, schema_names_matching
from tessera.policy.core import Viewer, can_discover
from tessera.store.base import StoreBase, chunks
from tessera.store.tables import discovery_refs, entities, search_keys, statements

MAX_CANDIDATES = 2000
NAME_THRESHOLD = 0.72


@dataclass(frozen=True)
class Hit:
    agency: str
    ref: str

    def to_dict(self) -> dict[str, str]:
        return {"agency": self.agency, "ref": self.ref}


@dataclass
class SearchResult:
    results: list[tuple[EntityView, float]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)


def name_score(query: str, value: str) -> float:
    """Similarity of two names in [0, 1], order- and script-insensitive."""
    q = " ".join(sorted(name_tokens(query)))
    v = " ".join(sorted(name_tokens(value)))
    if not q or not v:
        return 0.0
    return max(fuzz.token_sort_ratio(q, v), 0.95 * fuzz.token_set_ratio(q, v)) / 100.0


_CANDIDATE_COLUMNS = select(
    statements.c.id,
    statements.c.entity_id,
    statements.c.schema,
    statements.c.prop_type,
    statements.c.value,
    statements.c.agency,
    statements.c.marking_id,
)


def _texts(q: str | Sequence[str]) -> list[str]:
    return [t.strip() for t in ([q] if isinstance(q, str) else q) if t and t.strip()]


class SearchStore(StoreBase):
    # -- derived state for screening services (never shown to anyone) ----------------------------
    def _watch_rows(self) -> Any:
        watched = select(entities.c.id).where(entities.c.watch.is_(True))
        return statements.c.entity_id.in_(watched) & statements.c.prop_type.in_(("name", "identifier"))

    def watch_fingerprint(self) -> tuple[Any, ...]:
        """Changes whenever a watch subject's names or identifiers may have changed."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    func.count(),
                    func.max(statements.c.id),
                    func.min(statements.c.id),
                    func.sum(func.length(statements.c.value)),
                    func.max(statements.c.last_seen),
                ).where(self._watch_rows())
            ).one()
            updated = conn.execute(
                select(func.count(), func.max(entities.c.updated_at)).where(entities.c.watch.is_(True))
            ).one()
        return (*tuple(row), *tuple(updated))

    def watch_statements(self) -> list[tuple[str, str]]:
        """(prop_type, value) of every watch subject's names and identifiers."""
        return [(prop_type, value) for _, prop_type, value in self.watch_statement_rows()]

    def watch_statement_rows(self) -> list[tuple[str, str, str]]:
        """(statement id, prop_type, value) of every watch subject's names and identifiers, for a
        derived candidate index (``tessera.screening.watch``). Never shown to anyone."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(statements.c.id, statements.c.prop_type, statements.c.value).where(self._watch_rows())
            )
            return [(r.id, r.prop_type, r.value) for r in rows]

    def search(
        self,
        viewer: Viewer,
        q: str | Sequence[str],
        *,
        schema: str | None = None,
        limit: int = 20,
        watch_only: bool = False,
        min_score: float = NAME_THRESHOLD,
        max_candidates: int = MAX_CANDIDATES,
    ) -> SearchResult:
        """Search names and identifiers; several texts (a screening query's names and documents)
        are searched together and each hidden record yields at most one hit."""
        texts = _texts(q)
        if not texts:
            return SearchResult()
        keys = sorted(set().union(*(name_keys(t) for t in texts)) | {identifier_key(t) for t in texts})
        with self.engine.begin() as conn:
            best = (
                select(search_keys.c.statement_id, func.count().label("n"))
                .where(search_keys.c.key.in_(keys))
                .group_by(search_keys.c.statement_id)
                .order_by(desc("n"))
                .limit(max_candidates)
                .subquery()
            )
            query = _CANDIDATE_COLUMNS.join(best, best.c.statement_id == statements.c.id)
            if schema:
                query = query.where(statements.c.schema.in_(schema_names_matching(schema)))
            if watch_only:
                query = query.where(statements.c.entity_id.in_(select(entities.c.id).where(entities.c.watch)))
            rows = list(conn.execute(query))
            return self._policy_results(conn, viewer, [(texts, rows)], limit, min_score)[0]

    def search_candidates(
        self,
        viewer: Viewer,
        queries: Sequence[tuple[Sequence[str], str | None, Collection[str]]],
        *,
        limit: int = 20,
        watch_only: bool = True,
        min_score: float = NAME_THRESHOLD,
    ) -> list[SearchResult]:
        """``search`` for many queries at once, over candidate statement ids proposed by a derived
        index (``(texts, schema, candidate ids)`` per query) instead of the key table.

        The index only proposes: every candidate is read again here, kept only if it is still a
        statement of a watch subject of that schema that the search's own rule scores at least
        ``min_score``, and then goes through the same policy as ``search`` (one policy query for
        the whole batch). Given the candidates ``search`` would consider, the results are the same.
        """
        wanted = sorted({sid for _, _, cands in queries for sid in cands})
        by_id: dict[str, Any] = {}
        with self.engine.begin() as conn:
            for part in chunks(wanted):
                query = _CANDIDATE_COLUMNS.where(statements.c.id.in_(list(part)))
                if watch_only:
                    query = query.where(
                        statements.c.entity_id.in_(select(entities.c.id).where(entities.c.watch))
                    )
                by_id.update((row.id, row) for row in conn.execute(query))
            items = []
            for q, schema, cands in queries:
                schemas = set(schema_names_matching(schema)) if schema else None
                rows = [by_id[sid] for sid in cands if sid in by_id]
                items.append((_texts(q), [r for r in rows if schemas is None or r.schema in schemas]))
            return self._policy_results(conn, viewer, items, limit, min_score)

    def _policy_results(
        self,
        conn: Connection,
        viewer: Viewer,
        items: Sequence[tuple[list[str], Sequence[Any]]],
        limit: int,
        min_score: float,
    ) -> list[SearchResult]:
        """Score candidate statements, then ask the policy about those that matched: readable ones
        give results, discoverable ones a hit, the rest nothing. The one policy step of every search."""
        scored: list[list[tuple[Any, float]]] = []
        for texts, rows in items:
            id_keys = {identifier_key(t) for t in texts}
            matched = []
            for row in rows:
                if row.prop_type == "identifier":
                    score = 1.0 if identifier_key(row.value) in id_keys else 0.0
                else:
                    score = max(name_score(t, row.value) for t in texts)
                if score >= min_score:
                    matched.append((row, score))
            scored.append(matched)
        readable = self._readable_statement_ids(conn, viewer, [row.id for m in scored for row, _ in m])
        ranked_all: list[list[tuple[str, float]]] = []
        hidden_all: list[list[tuple[tuple[str, str], float]]] = []
        for matched in scored:
            visible: dict[str, float] = {}
            hidden: dict[tuple[str, str], float] = {}
            for row, score in matched:
                if row.id in readable:
                    visible[row.entity_id] = max(score, visible.get(row.entity_id, 0.0))
                    continue
                marking = self._marking(conn, row.marking_id)
                if can_discover(viewer, marking, readable=False):
                    key = (row.entity_id, row.agency)
                    hidden[key] = max(score, hidden.get(key, 0.0))
            ranked_all.append(sorted(visible.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
            # Ties in agency order: hits carry only an agency and a fresh reference.
            hidden_all.append(
                [
                    kv
                    for kv in sorted(hidden.items(), key=lambda kv: (-kv[1], kv[0][1]))
                    if kv[0][0] not in visible
                ]
            )
        views = self._views(conn, viewer, sorted({eid for ranked in ranked_all for eid, _ in ranked}))
        results = []
        for ranked, hidden_ranked in zip(ranked_all, hidden_all, strict=True):
            result = SearchResult(results=[(views[eid], s) for eid, s in ranked if eid in views])
            for (eid, agency), _score in hidden_ranked[:limit]:
                result.hits.append(Hit(agency=agency, ref=self._issue_ref(conn, viewer, eid, agency)))
            results.append(result)
        return results

    def _issue_ref(self, conn: Connection, viewer: Viewer, entity_id: str, owner: str) -> str:
        ref = "ref_" + secrets.token_urlsafe(18)
        conn.execute(
            insert(discovery_refs).values(
                ref=ref,
                entity_id=entity_id,
                owner=owner,
                viewer_agency=viewer.agency,
                created_at=self.clock.now(),
            )
        )
        return ref

    def issue_hits(self, viewer: Viewer, entity_owner_pairs: list[tuple[str, str]]) -> list[Hit]:
        """Hits for matches found by other services (screening) on records the viewer cannot read."""
        with self.engine.begin() as conn:
            return [
                Hit(agency=owner, ref=self._issue_ref(conn, viewer, eid, owner))
                for eid, owner in entity_owner_pairs
            ]

    def resolve_ref(self, viewer: Viewer, ref: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(discovery_refs).where(
                    discovery_refs.c.ref == ref, discovery_refs.c.viewer_agency == viewer.agency
                )
            ).first()
        if row is None:
            return None
        return {"entity_id": row.entity_id, "owner": row.owner}
