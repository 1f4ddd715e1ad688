"""Sealed originals of depersonalised travel data and the requests to re-personalise them.

Everything is scoped to the PIU that received the data (the viewer's agency); another agency's
requests and records do not exist for it. The sealed payload never leaves the store except to
the service that opens it for an approved request's requester.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from tessera.errors import NotFound
from tessera.policy.core import Viewer
from tessera.store.base import StoreBase, chunks
from tessera.store.tables import (
    alerts,
    repersonalisation_requests,
    travel_rules,
    travel_sealed,
    travellers,
)

KEPT = ("confirmed", "escalated")  # alerts confirmed before the deadline keep their content


def _request(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "traveller": row.traveller_id,
        "requested_by": row.requested_by,
        "justification": row.justification,
        "status": row.status,
        "created_at": row.created_at.isoformat(),
        "decided_by": row.decided_by,
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
        "decision_reason": row.decision_reason,
        "until": row.until.isoformat() if row.until else None,
    }


class SealedStore(StoreBase):
    def traveller_message(self, viewer: Viewer, traveller_id: str) -> tuple[str, bool]:
        """(message id, masked) of one of the viewer's agency's traveller records."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(travellers.c.message_id, travellers.c.masked).where(
                    travellers.c.id == traveller_id, travellers.c.agency == viewer.agency
                )
            ).first()
        if row is None:
            raise NotFound("traveller record")
        return str(row.message_id), bool(row.masked)

    def sealed_payload(self, agency: str, message_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(travel_sealed.c.payload).where(
                    travel_sealed.c.message_id == message_id, travel_sealed.c.agency == agency
                )
            ).scalar()

    def create_repersonalisation(
        self, viewer: Viewer, traveller_id: str, message_id: str, justification: str
    ) -> dict[str, Any]:
        rid = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(repersonalisation_requests).values(
                    id=rid,
                    agency=viewer.agency,
                    traveller_id=traveller_id,
                    message_id=message_id,
                    requested_by=viewer.user,
                    justification=justification,
                    status="pending",
                    created_at=self.clock.now(),
                )
            )
        return self.repersonalisation(viewer, rid)

    def repersonalisation(self, viewer: Viewer, rid: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(repersonalisation_requests).where(
                    repersonalisation_requests.c.id == rid,
                    repersonalisation_requests.c.agency == viewer.agency,
                )
            ).first()
        if row is None:
            raise NotFound("re-personalisation request")
        return {**_request(row), "message_id": row.message_id}

    def repersonalisations(self, viewer: Viewer, status: str | None = None) -> list[dict[str, Any]]:
        query = select(repersonalisation_requests).where(repersonalisation_requests.c.agency == viewer.agency)
        if status:
            query = query.where(repersonalisation_requests.c.status == status)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(repersonalisation_requests.c.created_at)).all()
        return [_request(r) for r in rows]

    def decide_repersonalisation(
        self, viewer: Viewer, rid: str, status: str, reason: str, until: datetime | None
    ) -> dict[str, Any]:
        with self.engine.begin() as conn:
            conn.execute(
                update(repersonalisation_requests)
                .where(
                    repersonalisation_requests.c.id == rid,
                    repersonalisation_requests.c.agency == viewer.agency,
                    repersonalisation_requests.c.status == "pending",
                )
                .values(
                    status=status,
                    decided_by=viewer.user,
                    decided_at=self.clock.now(),
                    decision_reason=reason,
                    until=until,
                )
            )
        return self.repersonalisation(viewer, rid)

    def mask_alerts(self, dedupe_keys: Sequence[str], secrets: Sequence[str], mask: str) -> int:
        """Depersonalisation of alerts: subject and every occurrence of the traveller's names,
        birth date and document numbers in the reasons are masked, unless the alert was confirmed
        (or escalated) before the deadline: those keep what the law lets them keep."""
        if not dedupe_keys:
            return 0
        pattern = (
            re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)), re.I)
            if secrets
            else None
        )
        done = 0
        with self.engine.begin() as conn:
            for part in chunks(list(dedupe_keys)):
                rows = conn.execute(
                    select(alerts.c.id, alerts.c.reasons).where(
                        alerts.c.dedupe_key.in_(list(part)), alerts.c.status.not_in(KEPT)
                    )
                ).all()
                for row in rows:
                    reasons = json.loads(row.reasons)
                    if pattern is not None:
                        reasons = [pattern.sub(mask, r) for r in reasons]
                    conn.execute(
                        update(alerts)
                        .where(alerts.c.id == row.id)
                        .values(subject=mask, reasons=json.dumps(reasons))
                    )
                    done += 1
        return done

    # -- risk rules in force (every version kept; the newest applies) ----------------------------
    def rules_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(travel_rules.c.version))).scalar() or 0)

    def current_rules(self) -> tuple[int, str] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(travel_rules.c.version, travel_rules.c.text).order_by(travel_rules.c.version.desc())
            ).first()
        return (int(row.version), str(row.text)) if row is not None else None

    def store_rules(self, text: str, source: str, user: str) -> int:
        with self.engine.begin() as conn:
            version = int(conn.execute(select(func.max(travel_rules.c.version))).scalar() or 0) + 1
            conn.execute(
                insert(travel_rules).values(
                    version=version, text=text, source=source, created_by=user, created_at=self.clock.now()
                )
            )
        return version
