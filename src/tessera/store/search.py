"""Search over names (fuzzy, any script) and identifiers (exact), with hit/no-hit.

Results come only from statements the viewer may read. A match on a statement the viewer may
not read, whose contributor made it discoverable, yields only ``{"agency", "ref"}``: a fresh
opaque reference per hit (so hits cannot be correlated across searches) that the viewer can
quote in an access request. Nothing else about hidden records (counts, ids, values, which
property matched) leaves the store.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Connection, desc, func, insert, select

from tessera.matching.keys import identifier_key, name_keys, name_tokens
from tessera.model.entity import EntityView, schema_names_matching
from tessera.policy.core import Viewer, can_discover
from tessera.store.base import StoreBase
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


class SearchStore(StoreBase):
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
        texts = [t.strip() for t in ([q] if isinstance(q, str) else q) if t and t.strip()]
        if not texts:
            return SearchResult()
        id_keys = {identifier_key(t) for t in texts}
        keys = sorted(set().union(*(name_keys(t) for t in texts)) | id_keys)
        with self.engine.begin() as conn:
            best = (
                select(search_keys.c.statement_id, func.count().label("n"))
                .where(search_keys.c.key.in_(keys))
                .group_by(search_keys.c.statement_id)
                .order_by(desc("n"))
                .limit(max_candidates)
                .subquery()
            )
            query = select(
                statements.c.id,
                statements.c.entity_id,
                statements.c.prop_type,
                statements.c.value,
                statements.c.agency,
                statements.c.marking_id,
            ).join(best, best.c.statement_id == statements.c.id)
            if schema:
                query = query.where(statements.c.schema.in_(schema_names_matching(schema)))
            if watch_only:
                query = query.where(statements.c.entity_id.in_(select(entities.c.id).where(entities.c.watch)))
            # Score first, then ask the policy about the candidates that matched.
            matched = []
            for row in conn.execute(query):
                if row.prop_type == "identifier":
                    score = 1.0 if identifier_key(row.value) in id_keys else 0.0
                else:
                    score = max(name_score(t, row.value) for t in texts)
                if score >= min_score:
                    matched.append((row, score))
            readable = self._readable_statement_ids(conn, viewer, [row.id for row, _ in matched])
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
            ranked = sorted(visible.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
            views = self._views(conn, viewer, [eid for eid, _ in ranked])
            result = SearchResult(results=[(views[eid], s) for eid, s in ranked if eid in views])
            for (eid, agency), _score in sorted(hidden.items(), key=lambda kv: -kv[1]):
                if eid in visible:
                    continue
                result.hits.append(Hit(agency=agency, ref=self._issue_ref(conn, viewer, eid, agency)))
                if len(result.hits) >= limit:
                    break
        return result

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
