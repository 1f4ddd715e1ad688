"""Audit log storage: append under a lock on the chain head, read for auditors, verify."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert, select, update

from tessera.audit.chain import GENESIS, AuditEntry, ChainCheck, verify
from tessera.errors import PermissionDenied
from tessera.policy.core import Viewer, can_read_audit
from tessera.store.base import StoreBase
from tessera.store.tables import audit_head, audit_log

_append_lock = threading.Lock()


class AuditStore(StoreBase):
    def append_audit(
        self,
        actor: str,
        agency: str,
        action: str,
        object_type: str,
        object_id: str,
        purpose: str,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        with _append_lock, self.engine.begin() as conn:
            head_query = select(audit_head).where(audit_head.c.id == 1)
            if conn.dialect.name == "postgresql":
                head_query = head_query.with_for_update()
            head = conn.execute(head_query).first()
            seq, prev = (head.seq, head.hash) if head is not None else (0, GENESIS)
            entry = AuditEntry(
                seq=seq + 1,
                ts=self.clock.now(),
                actor=actor,
                agency=agency,
                action=action,
                object_type=object_type,
                object_id=object_id,
                purpose=purpose,
                detail=detail or {},
                prev_hash=prev,
            )
            entry = AuditEntry(**{**entry.__dict__, "hash": entry.compute_hash()})
            conn.execute(
                insert(audit_log).values(
                    seq=entry.seq,
                    ts=entry.ts,
                    actor=actor,
                    agency=agency,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    purpose=purpose,
                    detail=json.dumps(entry.detail, sort_keys=True),
                    prev_hash=prev,
                    hash=entry.hash,
                )
            )
            if head is None:
                conn.execute(insert(audit_head).values(id=1, seq=entry.seq, hash=entry.hash))
            else:
                conn.execute(
                    update(audit_head).where(audit_head.c.id == 1).values(seq=entry.seq, hash=entry.hash)
                )
        return entry

    def _entries(self, **filters: str | None) -> Iterator[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.seq)
        for column, value in filters.items():
            if value:
                query = query.where(audit_log.c[column] == value)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield AuditEntry(
                    seq=row.seq,
                    ts=row.ts,
                    actor=row.actor,
                    agency=row.agency,
                    action=row.action,
                    object_type=row.object_type,
                    object_id=row.object_id,
                    purpose=row.purpose,
                    detail=json.loads(row.detail),
                    prev_hash=row.prev_hash,
                    hash=row.hash,
                )

    def read_audit(
        self,
        viewer: Viewer,
        *,
        actor: str | None = None,
        agency: str | None = None,
        object_id: str | None = None,
        purpose: str | None = None,
        limit: int = 200,
    ) -> list[AuditEntry]:
        if not can_read_audit(viewer):
            raise PermissionDenied("Only auditors may read the audit log.")
        out: list[AuditEntry] = []
        for entry in self._entries(actor=actor, agency=agency, object_id=object_id, purpose=purpose):
            out.append(entry)
        return out[-limit:][::-1]

    def verify_audit(self) -> ChainCheck:
        with self.engine.connect() as conn:
            head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
        return verify(self._entries(), (head.seq, head.hash) if head is not None else None)
