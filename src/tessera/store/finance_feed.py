"""The finance feed of each institution (new designations it may see, its new alerts), its webhook
subscriptions and the delivery log. A delivery is an outbox row: attempted when due, each attempt
appended to its log, retried with backoff until delivered or out of attempts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from tessera.errors import NotFound
from tessera.policy.core import Viewer
from tessera.store.base import StoreBase
from tessera.store.tables import finance_deliveries, finance_events, finance_webhooks, watchlists

PENDING = ("pending", "retrying")


@dataclass(frozen=True)
class FeedEvent:
    seq: int
    agency: str
    kind: str
    ref: str
    payload: dict[str, Any]
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "ref": self.ref,
            "payload": self.payload,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class DueDelivery:
    id: str
    webhook_id: str
    agency: str
    url: str
    secret: str
    attempts: int
    event: FeedEvent


def _event(row: Any) -> FeedEvent:
    return FeedEvent(row.seq, row.agency, row.kind, row.ref, json.loads(row.payload), row.created_at)


def _webhook(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": row.url,
        "events": json.loads(row.events),
        "active": bool(row.active),
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
    }


class FinanceFeedStore(StoreBase):
    def add_events(self, events: Sequence[tuple[str, str, str, dict[str, Any]]]) -> list[FeedEvent]:
        """Append ``(agency, kind, ref, payload)`` events and queue a delivery per subscribed webhook."""
        if not events:
            return []
        now = self.clock.now()
        out: list[FeedEvent] = []
        with self.engine.begin() as conn:
            hooks: dict[str, list[Any]] = {}
            for row in conn.execute(select(finance_webhooks).where(finance_webhooks.c.active.is_(True))):
                hooks.setdefault(row.agency, []).append(row)
            for agency, kind, ref, payload in events:
                seq = conn.execute(
                    insert(finance_events)
                    .values(
                        agency=agency, kind=kind, ref=ref[:255], payload=json.dumps(payload), created_at=now
                    )
                    .returning(finance_events.c.seq)
                ).scalar_one()
                out.append(FeedEvent(int(seq), agency, kind, ref, payload, now))
                rows = [
                    {
                        "id": uuid.uuid4().hex,
                        "webhook_id": hook.id,
                        "agency": agency,
                        "event_seq": seq,
                        "status": "pending",
                        "attempts": 0,
                        "response_code": None,
                        "error": "",
                        "created_at": now,
                        "next_attempt_at": now,
                        "finished_at": None,
                        "log": "[]",
                    }
                    for hook in hooks.get(agency, [])
                    if kind in json.loads(hook.events)
                ]
                if rows:
                    conn.execute(insert(finance_deliveries), rows)
        return out

    def has_event(self, agency: str, kind: str, ref: str) -> bool:
        fe = finance_events
        with self.engine.connect() as conn:
            row = conn.execute(
                select(fe.c.seq).where(fe.c.agency == agency, fe.c.kind == kind, fe.c.ref == ref).limit(1)
            ).first()
        return row is not None

    def all_list_versions(self) -> dict[str, int]:
        """Every list's current version number (no content): lets a server notice new versions."""
        with self.engine.connect() as conn:
            return {
                str(r.name): int(r.version)
                for r in conn.execute(select(watchlists.c.name, watchlists.c.version))
            }

    def events_since(self, viewer: Viewer, since: int, limit: int = 100) -> list[FeedEvent]:
        fe = finance_events
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fe)
                .where(fe.c.agency == viewer.agency, fe.c.seq > since)
                .order_by(fe.c.seq)
                .limit(limit)
            ).all()
        return [_event(r) for r in rows]

    def first_event_at_or_after(self, viewer: Viewer, when: datetime) -> int:
        """The cursor (``since``) that starts the feed at a point in time."""
        fe = finance_events
        with self.engine.connect() as conn:
            seq = conn.execute(
                select(fe.c.seq)
                .where(fe.c.agency == viewer.agency, fe.c.created_at >= when)
                .order_by(fe.c.seq)
                .limit(1)
            ).scalar()
            if seq is None:  # nothing since then: continue after the latest event
                last = conn.execute(select(func.max(fe.c.seq)).where(fe.c.agency == viewer.agency)).scalar()
                return int(last or 0)
        return int(seq) - 1

    # -- webhooks -----------------------------------------------------------------------------
    def add_webhook(self, viewer: Viewer, url: str, secret: str, events: Sequence[str]) -> dict[str, Any]:
        wid = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(finance_webhooks).values(
                    id=wid,
                    agency=viewer.agency,
                    url=url,
                    secret=secret,
                    events=json.dumps(sorted(set(events))),
                    active=True,
                    created_at=self.clock.now(),
                    created_by=viewer.user,
                )
            )
            row = conn.execute(select(finance_webhooks).where(finance_webhooks.c.id == wid)).one()
        return _webhook(row)

    def webhooks(self, viewer: Viewer) -> list[dict[str, Any]]:
        fw = finance_webhooks
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fw).where(fw.c.agency == viewer.agency).order_by(fw.c.created_at)
            ).all()
        return [_webhook(r) for r in rows]

    def deactivate_webhook(self, viewer: Viewer, webhook_id: str) -> None:
        fw = finance_webhooks
        with self.engine.begin() as conn:
            done = conn.execute(
                update(fw).where(fw.c.id == webhook_id, fw.c.agency == viewer.agency).values(active=False)
            ).rowcount
        if not done:
            raise NotFound("webhook")

    # -- deliveries ---------------------------------------------------------------------------
    def due_deliveries(self, now: datetime, limit: int = 100) -> list[DueDelivery]:
        fd, fw, fe = finance_deliveries, finance_webhooks, finance_events
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fd.c.id, fd.c.webhook_id, fd.c.agency, fd.c.attempts, fw.c.url, fw.c.secret, fe)
                .join(fw, fw.c.id == fd.c.webhook_id)
                .join(fe, fe.c.seq == fd.c.event_seq)
                .where(fd.c.status.in_(PENDING), fd.c.next_attempt_at <= now, fw.c.active.is_(True))
                .order_by(fd.c.next_attempt_at, fe.c.seq)
                .limit(limit)
            ).all()
        return [
            DueDelivery(r.id, r.webhook_id, r.agency, r.url, r.secret, int(r.attempts), _event(r))
            for r in rows
        ]

    def record_attempt(
        self,
        delivery_id: str,
        attempt: dict[str, Any],
        *,
        delivered: bool,
        next_attempt_at: datetime | None,
    ) -> None:
        fd = finance_deliveries
        with self.engine.begin() as conn:
            row = conn.execute(select(fd.c.log, fd.c.attempts).where(fd.c.id == delivery_id)).one()
            log = [*json.loads(row.log), attempt]
            status = "delivered" if delivered else ("retrying" if next_attempt_at else "failed")
            conn.execute(
                update(fd)
                .where(fd.c.id == delivery_id)
                .values(
                    attempts=int(row.attempts) + 1,
                    status=status,
                    response_code=attempt.get("status_code"),
                    error=attempt.get("error") or "",
                    next_attempt_at=next_attempt_at,
                    finished_at=None if status == "retrying" else self.clock.now(),
                    log=json.dumps(log),
                )
            )

    def deliveries(self, viewer: Viewer, limit: int = 200) -> list[dict[str, Any]]:
        fd, fw = finance_deliveries, finance_webhooks
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fd, fw.c.url)
                .join(fw, fw.c.id == fd.c.webhook_id)
                .where(fd.c.agency == viewer.agency)
                .order_by(fd.c.created_at.desc(), fd.c.event_seq.desc())
                .limit(limit)
            ).all()
        return [
            {
                "id": r.id,
                "webhook_id": r.webhook_id,
                "url": r.url,
                "event_seq": r.event_seq,
                "status": r.status,
                "attempts": r.attempts,
                "response_code": r.response_code,
                "error": r.error,
                "created_at": r.created_at.isoformat(),
                "next_attempt_at": r.next_attempt_at.isoformat() if r.next_attempt_at else None,
                "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                "log": json.loads(r.log),
            }
            for r in rows
        ]
