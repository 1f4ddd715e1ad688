"""Travel data of a passenger information unit: visible to the receiving agency only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import delete, func, insert, select, update

from tessera.errors import NotFound
from tessera.policy.core import Viewer
from tessera.store.base import StoreBase
from tessera.store.tables import travel_messages, travel_quarantine, travel_sealed, travellers
from tessera.travel.records import TravellerRecord


class TravelStore(StoreBase):
    def store_message(
        self,
        agency: str,
        message_id: str,
        *,
        source: str,
        kind: str,
        sender: str,
        message_ref: str,
        parsed_json: str,
        raw: str,
        deviations: list[dict[str, Any]],
        records: Sequence[TravellerRecord],
        prior_fingerprints: bool = True,
    ) -> tuple[bool, set[str]]:
        """Store a message once (idempotent on its content hash) with its traveller records.

        Returns whether it was new, and the fingerprints already seen before (so unchanged
        travellers of a repeated push need not be screened again).
        """
        with self.engine.begin() as conn:
            if conn.execute(select(travel_messages.c.id).where(travel_messages.c.id == message_id)).first():
                return False, set()
            seen: set[str] = set()
            if prior_fingerprints and records:
                seen = set(
                    conn.execute(
                        select(travellers.c.fingerprint).where(
                            travellers.c.agency == agency,
                            travellers.c.fingerprint.in_([r.fingerprint for r in records]),
                        )
                    ).scalars()
                )
            conn.execute(
                insert(travel_messages).values(
                    id=message_id,
                    agency=agency,
                    source=source,
                    kind=kind,
                    sender=sender,
                    message_ref=message_ref,
                    received_at=self.clock.now(),
                    parsed=parsed_json,
                    raw=raw,
                    deviations=json.dumps(deviations),
                    depersonalised_at=None,
                )
            )
            if records:
                conn.execute(insert(travellers), [_row(message_id, agency, r) for r in records])
        return True, seen

    def replace_records(
        self,
        message_id: str,
        agency: str,
        parsed_json: str,
        records: Sequence[TravellerRecord],
        *,
        depersonalised_at: datetime,
        sealed: str | None = None,
    ) -> None:
        """Depersonalisation: the stored form is replaced by its masked form; raw text is dropped.
        ``sealed``: the original, encrypted (kept apart for re-personalisation), in the same step."""
        with self.engine.begin() as conn:
            if sealed is not None:
                conn.execute(
                    insert(travel_sealed).values(
                        message_id=message_id, agency=agency, sealed_at=depersonalised_at, payload=sealed
                    )
                )
            conn.execute(delete(travellers).where(travellers.c.message_id == message_id))
            if records:
                conn.execute(insert(travellers), [_row(message_id, agency, r) for r in records])
            conn.execute(
                update(travel_messages)
                .where(travel_messages.c.id == message_id)
                .values(parsed=parsed_json, raw="", depersonalised_at=depersonalised_at)
            )

    def delete_message(self, message_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(travellers).where(travellers.c.message_id == message_id))
            conn.execute(delete(travel_sealed).where(travel_sealed.c.message_id == message_id))
            conn.execute(delete(travel_messages).where(travel_messages.c.id == message_id))

    def messages_received_before(
        self, when: datetime, *, depersonalised: bool | None = None
    ) -> list[dict[str, Any]]:
        query = select(
            travel_messages.c.id,
            travel_messages.c.agency,
            travel_messages.c.parsed,
            travel_messages.c.received_at,
            travel_messages.c.depersonalised_at,
        ).where(travel_messages.c.received_at < when)
        if depersonalised is False:
            query = query.where(travel_messages.c.depersonalised_at.is_(None))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def quarantine_message(self, agency: str, source: str, raw: str, reason: str, message: str) -> str:
        qid = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(travel_quarantine).values(
                    id=qid,
                    agency=agency,
                    source=source,
                    received_at=self.clock.now(),
                    reason=reason,
                    message=message,
                    raw=raw,
                    status="open",
                )
            )
        return qid

    def quarantine(self, viewer: Viewer, status: str | None = "open") -> list[dict[str, Any]]:
        query = select(travel_quarantine).where(travel_quarantine.c.agency == viewer.agency)
        if status:
            query = query.where(travel_quarantine.c.status == status)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(travel_quarantine.c.received_at)).all()
        return [
            {
                "id": r.id,
                "source": r.source,
                "received_at": r.received_at.isoformat(),
                "reason": r.reason,
                "message": r.message,
                "status": r.status,
                "size": len(r.raw),
            }
            for r in rows
        ]

    def quarantined_raw(self, viewer: Viewer, qid: str) -> tuple[str, str]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(travel_quarantine).where(
                    travel_quarantine.c.id == qid, travel_quarantine.c.agency == viewer.agency
                )
            ).first()
        if row is None:
            raise NotFound("quarantined message")
        return row.raw, row.source

    def resolve_quarantine(self, viewer: Viewer, qid: str, status: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(travel_quarantine)
                .where(travel_quarantine.c.id == qid, travel_quarantine.c.agency == viewer.agency)
                .values(status=status, resolved_at=self.clock.now(), resolved_by=viewer.user)
            )

    def flights(self, viewer: Viewer) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    travellers.c.flight_key,
                    func.min(travellers.c.dep_time).label("dep"),
                    func.count(func.distinct(travellers.c.traveller_key)).label("n"),
                )
                .where(travellers.c.agency == viewer.agency)
                .group_by(travellers.c.flight_key)
                .order_by(func.min(travellers.c.dep_time))
            ).all()
        return [
            {"flight": r.flight_key, "departure": r.dep.isoformat() if r.dep else None, "travellers": r.n}
            for r in rows
        ]

    def flight_travellers(self, viewer: Viewer, key: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(travellers).where(travellers.c.agency == viewer.agency, travellers.c.flight_key == key)
            ).all()
        return [_public(r) for r in rows]

    def traveller_records_by_id(self, viewer: Viewer, ids: Sequence[str]) -> list[dict[str, Any]]:
        if not ids:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(travellers).where(travellers.c.agency == viewer.agency, travellers.c.id.in_(list(ids)))
            ).all()
        return [_public(r) for r in rows]

    def agencies_with_upcoming_travel(self, after: datetime) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(
                conn.execute(
                    select(travellers.c.agency).where(travellers.c.dep_time > after).distinct()
                ).scalars()
            )

    def upcoming_messages(self, agency: str, after: datetime) -> dict[str, str]:
        """Raw text of the agency's stored messages (not depersonalised) with travellers of flights
        not yet departed, by message id: re-read when lists or rules change."""
        with self.engine.connect() as conn:
            ids = select(travellers.c.message_id).where(
                travellers.c.agency == agency, travellers.c.dep_time > after, travellers.c.masked.is_(False)
            )
            rows = conn.execute(
                select(travel_messages.c.id, travel_messages.c.raw).where(
                    travel_messages.c.id.in_(ids), travel_messages.c.depersonalised_at.is_(None)
                )
            ).all()
        return {r.id: r.raw for r in rows}

    def upcoming_records(self, agency: str, after: datetime) -> list[TravellerRecord]:
        """Stored travellers of flights not yet departed: re-screened when lists or rules change."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(travellers).where(
                    travellers.c.agency == agency,
                    travellers.c.dep_time > after,
                    travellers.c.masked.is_(False),
                )
            ).all()
        return [
            TravellerRecord(
                r.id,
                r.flight_key,
                r.dep_time,
                r.record_locator,
                r.traveller_key,
                r.fingerprint,
                r.name,
                r.birth_date,
                r.nationality,
                json.loads(r.data),
                r.masked,
            )
            for r in rows
        ]


def _row(message_id: str, agency: str, r: TravellerRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "message_id": message_id,
        "agency": agency,
        "flight_key": r.flight_key,
        "dep_time": r.dep_time,
        "record_locator": r.record_locator,
        "traveller_key": r.traveller_key,
        "fingerprint": r.fingerprint,
        "name": r.name,
        "birth_date": r.birth_date,
        "nationality": r.nationality,
        "data": orjson.dumps(r.data).decode("utf-8"),
        "masked": r.masked,
    }


def _public(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "flight": r.flight_key,
        "record_locator": r.record_locator,
        "name": r.name,
        "birth_date": r.birth_date,
        "nationality": r.nationality,
        "masked": r.masked,
        **json.loads(r.data),
    }
