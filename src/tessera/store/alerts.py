"""Alerts and their review workflow; notifications to other agencies when one is confirmed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from tessera.errors import ErrorDetail, NotFound, PermissionDenied, ValidationError
from tessera.policy.core import Viewer, require_role
from tessera.store.base import StoreBase, chunks
from tessera.store.tables import alert_events, alerts, notifications

TRANSITIONS: dict[str, set[str]] = {
    "new": {"in_review", "dismissed", "closed"},
    "in_review": {"confirmed", "dismissed", "escalated", "closed"},
    "confirmed": {"escalated"},
    "escalated": set(),
    "dismissed": set(),
    "closed": set(),
}
NEEDS_REASON = {"dismissed", "closed"}


@dataclass(frozen=True)
class Alert:
    id: str
    kind: str
    agency: str
    subject: str
    context: dict[str, Any]
    reasons: list[str]
    refs: dict[str, Any]
    status: str
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "agency": self.agency,
            "subject": self.subject,
            "context": self.context.get("summary", ""),
            "details": self.context,
            "reasons": self.reasons,
            "refs": self.refs,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class NewAlert:
    kind: str
    agency: str
    dedupe_key: str
    subject: str
    context: dict[str, Any]
    reasons: list[str]
    refs: dict[str, Any]


def _alert(row: Any) -> Alert:
    return Alert(
        row.id,
        row.kind,
        row.agency,
        row.subject,
        json.loads(row.context),
        json.loads(row.reasons),
        json.loads(row.refs),
        row.status,
        row.created_at,
        row.updated_at,
    )


class AlertStore(StoreBase):
    def raise_alert(
        self,
        *,
        kind: str,
        agency: str,
        dedupe_key: str,
        subject: str,
        context: dict[str, Any],
        reasons: list[str],
        refs: dict[str, Any],
    ) -> tuple[Alert, bool]:
        """Create an alert once per dedupe key (e.g. traveller + flight); later reasons are merged."""
        item = NewAlert(kind, agency, dedupe_key, subject, context, reasons, refs)
        return self.raise_alerts([item])[0]

    def raise_alerts(self, items: Sequence[NewAlert]) -> list[tuple[Alert, bool]]:
        """``raise_alert`` for many alerts in one transaction (a flight's travellers at once)."""
        if not items:
            return []
        for attempt in (1, 2):
            try:
                with self.engine.begin() as conn:
                    return self._raise_alerts(conn, items)
            except IntegrityError:
                if attempt == 2:  # another worker raised one of them meanwhile: merge into it
                    raise
        raise AssertionError("unreachable")

    def _raise_alerts(self, conn: Connection, items: Sequence[NewAlert]) -> list[tuple[Alert, bool]]:
        now = self.clock.now()
        merged_items: dict[str, NewAlert] = {}
        for item in items:  # the same traveller twice in a batch: one alert with both reasons
            first = merged_items.get(item.dedupe_key)
            merged_items[item.dedupe_key] = (
                item
                if first is None
                else replace(
                    first,
                    reasons=list(dict.fromkeys(first.reasons + item.reasons)),
                    refs={**first.refs, **item.refs},
                )
            )
        keys = sorted(merged_items)
        existing = {
            row.dedupe_key: row
            for part in chunks(keys)
            for row in conn.execute(select(alerts).where(alerts.c.dedupe_key.in_(list(part))))
        }
        done: dict[str, tuple[Alert, bool]] = {}
        rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for key, item in merged_items.items():
            row = existing.get(key)
            if row is not None:
                old = json.loads(row.reasons)
                merged = list(dict.fromkeys(old + item.reasons))
                alert = _alert(row)
                if merged != old:
                    refs = {**json.loads(row.refs), **item.refs}
                    conn.execute(
                        update(alerts)
                        .where(alerts.c.id == row.id)
                        .values(reasons=json.dumps(merged), refs=json.dumps(refs), updated_at=now)
                    )
                    alert = replace(alert, reasons=merged, refs=refs, updated_at=now)
                done[key] = (alert, False)
                continue
            aid = uuid.uuid4().hex
            rows.append(
                {
                    "id": aid,
                    "kind": item.kind,
                    "agency": item.agency,
                    "dedupe_key": key,
                    "subject": item.subject,
                    "context": json.dumps(item.context),
                    "reasons": json.dumps(item.reasons),
                    "refs": json.dumps(item.refs),
                    "status": "new",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            events.append(
                {
                    "alert_id": aid,
                    "at": now,
                    "actor": "system",
                    "status": "new",
                    "reason": "; ".join(item.reasons)[:2000],
                }
            )
            alert = Alert(
                aid,
                item.kind,
                item.agency,
                item.subject,
                item.context,
                item.reasons,
                item.refs,
                "new",
                now,
                now,
            )
            done[key] = (alert, True)
        if rows:
            conn.execute(insert(alerts), rows)
            conn.execute(insert(alert_events), events)
        return [done[item.dedupe_key] for item in items]

    def list_alerts(
        self, viewer: Viewer, *, status: str | None = None, kind: str | None = None, limit: int = 500
    ) -> list[Alert]:
        query = select(alerts).where(alerts.c.agency == viewer.agency)
        if status:
            query = query.where(alerts.c.status == status)
        if kind:
            query = query.where(alerts.c.kind == kind)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(alerts.c.created_at.desc()).limit(limit)).all()
        return [_alert(r) for r in rows]

    def get_alert(self, viewer: Viewer, alert_id: str) -> Alert:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(alerts).where(alerts.c.id == alert_id, alerts.c.agency == viewer.agency)
            ).first()
        if row is None:
            raise NotFound("alert")
        return _alert(row)

    def transition(self, viewer: Viewer, alert_id: str, status: str, reason: str = "") -> Alert:
        if not require_role(viewer, "analyst", "steward"):
            raise PermissionDenied("Reviewing alerts needs the analyst or steward role.")
        alert = self.get_alert(viewer, alert_id)
        if status not in TRANSITIONS.get(alert.status, set()):
            allowed = ", ".join(sorted(TRANSITIONS.get(alert.status, set()))) or "none"
            raise ValidationError(
                f"An alert that is {alert.status} cannot become {status}.",
                details=[ErrorDetail("status", f"allowed: {allowed}")],
            )
        if status in NEEDS_REASON and len(reason.strip()) < 3:
            raise ValidationError(
                "Give a reason.", details=[ErrorDetail("reason", f"{status} needs a reason")]
            )
        return self.system_transition(alert_id, status, reason, actor=viewer.user)

    def system_transition(self, alert_id: str, status: str, reason: str, *, actor: str = "system") -> Alert:
        now = self.clock.now()
        with self.engine.begin() as conn:
            conn.execute(update(alerts).where(alerts.c.id == alert_id).values(status=status, updated_at=now))
            conn.execute(
                insert(alert_events).values(
                    alert_id=alert_id, at=now, actor=actor, status=status, reason=reason
                )
            )
            return _alert(conn.execute(select(alerts).where(alerts.c.id == alert_id)).one())

    def alert_history(self, viewer: Viewer, alert_id: str) -> list[dict[str, Any]]:
        self.get_alert(viewer, alert_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(alert_events).where(alert_events.c.alert_id == alert_id).order_by(alert_events.c.id)
            ).all()
        return [
            {"at": r.at.isoformat(), "actor": r.actor, "status": r.status, "reason": r.reason} for r in rows
        ]

    def notify(self, agency: str, kind: str, message: str, ref: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(notifications).values(
                    id=uuid.uuid4().hex,
                    agency=agency,
                    kind=kind,
                    message=message,
                    ref=ref,
                    created_at=self.clock.now(),
                )
            )

    def notifications_for(self, viewer: Viewer, limit: int = 200) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(notifications)
                .where(notifications.c.agency == viewer.agency)
                .order_by(notifications.c.created_at.desc())
                .limit(limit)
            ).all()
        return [
            {
                "id": r.id,
                "kind": r.kind,
                "message": r.message,
                "ref": r.ref,
                "created_at": r.created_at.isoformat(),
            }
            for r in rows
        ]
