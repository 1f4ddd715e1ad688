"""Access requests: a partner quotes a hit reference, the contributor's steward decides."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update

from tessera.errors import ErrorDetail, NotFound, PermissionDenied, ValidationError
from tessera.policy.core import Viewer, can_decide_request, require_role
from tessera.store.search import SearchStore
from tessera.store.tables import access_requests

DECISIONS = {"approve": "approved", "refuse": "refused", "revoke": "revoked"}


@dataclass(frozen=True)
class AccessRequest:
    id: str
    ref: str
    entity_id: str
    owner: str
    requester: str
    requested_by: str
    purpose: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    until: datetime | None
    reason: str | None

    def view_for(self, viewer: Viewer, now: datetime) -> dict[str, Any]:
        """What each side may see: the requester learns the entity id only once approved."""
        data: dict[str, Any] = {
            "id": self.id,
            "ref": self.ref,
            "agency": self.owner,
            "requester": self.requester,
            "purpose": self.purpose,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "until": self.until.isoformat() if self.until else None,
            "reason": self.reason,
            "direction": "incoming" if viewer.agency == self.owner else "outgoing",
        }
        active = self.status == "approved" and (self.until is None or self.until > now)
        if viewer.agency == self.owner or active:
            data["entity_id"] = self.entity_id
        if viewer.agency == self.owner:
            data["requested_by"] = self.requested_by
        return data


def _row(row: Any) -> AccessRequest:
    return AccessRequest(**{k: getattr(row, k) for k in AccessRequest.__dataclass_fields__})


class AccessStore(SearchStore):
    def request_access(self, viewer: Viewer, ref: str, purpose: str) -> AccessRequest:
        if not require_role(viewer, "analyst", "steward"):
            raise PermissionDenied("Your role may not request access (needs analyst or steward).")
        if not purpose or len(purpose.strip()) < 5:
            raise ValidationError(
                "State the purpose of the request.",
                details=[ErrorDetail("purpose", "at least 5 characters, e.g. the case reference")],
            )
        target = self.resolve_ref(viewer, ref)
        if target is None:
            raise NotFound("reference")
        req = AccessRequest(
            id=uuid.uuid4().hex,
            ref=ref,
            entity_id=target["entity_id"],
            owner=target["owner"],
            requester=viewer.agency,
            requested_by=viewer.user,
            purpose=purpose.strip(),
            status="pending",
            created_at=self.clock.now(),
            decided_at=None,
            decided_by=None,
            until=None,
            reason=None,
        )
        with self.engine.begin() as conn:
            conn.execute(insert(access_requests).values(**req.__dict__))
        return req

    def list_requests(self, viewer: Viewer) -> list[AccessRequest]:
        """Outgoing requests of the viewer's agency; incoming ones for its stewards."""
        conds = [access_requests.c.requester == viewer.agency]
        if viewer.has_role("steward"):
            conds.append(access_requests.c.owner == viewer.agency)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(access_requests).where(or_(*conds)).order_by(access_requests.c.created_at.desc())
            ).all()
        return [_row(r) for r in rows]

    def get_request(self, viewer: Viewer, request_id: str) -> AccessRequest:
        for req in self.list_requests(viewer):
            if req.id == request_id:
                return req
        raise NotFound("access request")

    def decide(
        self,
        viewer: Viewer,
        request_id: str,
        decision: str,
        *,
        until: datetime | None = None,
        reason: str | None = None,
    ) -> AccessRequest:
        if decision not in DECISIONS:
            raise ValidationError(
                f"Unknown decision {decision!r}.",
                details=[ErrorDetail("decision", "approve, refuse or revoke")],
            )
        with self.engine.begin() as conn:
            row = conn.execute(select(access_requests).where(access_requests.c.id == request_id)).first()
            if row is None or row.owner != viewer.agency:
                raise NotFound("access request")
            if not can_decide_request(viewer, row.owner):
                raise PermissionDenied("Only a steward of the contributing agency decides access requests.")
            if decision == "revoke" and row.status != "approved":
                raise ValidationError(
                    "Only an approved request can be revoked.",
                    details=[ErrorDetail("decision", f"request is {row.status}")],
                )
            if until is not None and until <= self.clock.now():
                raise ValidationError(
                    "The approval must end in the future.", details=[ErrorDetail("until", "a future date")]
                )
            conn.execute(
                update(access_requests)
                .where(access_requests.c.id == request_id)
                .values(
                    status=DECISIONS[decision],
                    decided_at=self.clock.now(),
                    decided_by=viewer.user,
                    until=until,
                    reason=reason,
                )
            )
            new = conn.execute(select(access_requests).where(access_requests.c.id == request_id)).one()
        return _row(new)
