"""A hash-chained, append-only audit log: pure hashing and verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: datetime
    actor: str
    agency: str
    action: str
    object_type: str
    object_id: str
    purpose: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str = ""

    def payload(self) -> bytes:
        body = {
            "seq": self.seq,
            "ts": self.ts.isoformat(),
            "actor": self.actor,
            "agency": self.agency,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "purpose": self.purpose,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "ts": self.ts.isoformat(),
            "actor": self.actor,
            "agency": self.agency,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "purpose": self.purpose,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify(entries: Iterable[AuditEntry], head: tuple[int, str] | None) -> ChainCheck:
    """Walk the chain in order; report the first entry altered, removed or out of place."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainCheck(False, count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev:
            return ChainCheck(
                False, count, entry.seq, f"entry {entry.seq} does not follow entry {entry.seq - 1}"
            )
        if entry.compute_hash() != entry.hash:
            return ChainCheck(False, count, entry.seq, f"entry {entry.seq} was altered")
        prev = entry.hash
        expected_seq += 1
        count += 1
    if head is not None:
        head_seq, head_hash = head
        if head_seq != count or head_hash != (prev if count else GENESIS):
            missing = count + 1
            return ChainCheck(
                False, count, missing, f"entries after {count} were removed (head is {head_seq})"
            )
    return ChainCheck(True, count)
