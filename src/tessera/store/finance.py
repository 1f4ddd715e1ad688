"""Finance tenants: each institution's customers (``agency`` is the tenant, in every query), the
links between finance alerts and the customer and list entry they are about, freezes and
suspicious-transaction reports to the national FIU."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from tessera.errors import NotFound
from tessera.policy.core import Viewer
from tessera.store.base import StoreBase, chunks
from tessera.store.tables import (
    agencies,
    alerts,
    finance_alert_links,
    finance_customers,
    finance_freezes,
    finance_reports,
    list_changes,
    list_entries,
    marking_audience,
    users,
    watchlists,
)

INSERT_CHUNK = 2000
OPEN_STATUSES = ("new", "in_review")
_IDENTIFIER_PROPS = ("idNumber", "passportNumber", "registrationNumber", "taxNumber")


@dataclass(frozen=True)
class CustomerWrite:
    added: int
    updated: int
    unchanged: int
    removed: int
    rev: int

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ListChange:
    entry_id: str
    change: str  # added | changed | removed
    schema: str
    caption: str
    properties: dict[str, list[str]]

    def to_ftm(self) -> dict[str, Any]:
        return {"id": self.entry_id, "schema": self.schema, "properties": self.properties}


@dataclass(frozen=True)
class AlertLink:
    alert_id: str
    agency: str
    customer_id: str
    list_name: str
    entry_id: str
    score: float


def customer_row(agency: str, customer: Mapping[str, Any]) -> dict[str, Any]:
    """The stored columns of one FtM-shaped customer (``data`` is what is screened)."""
    props: dict[str, list[str]] = customer.get("properties") or {}

    def first(*names: str) -> str:
        for name in names:
            if props.get(name):
                return str(props[name][0])
        return ""

    data = {"id": customer["id"], "schema": customer["schema"], "properties": props}
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return {
        "agency": agency,
        "id": str(customer["id"]),
        "schema": str(customer["schema"]),
        "name": first("name"),
        "birth_date": first("birthDate", "incorporationDate")[:10],
        "nationality": ";".join(props.get("nationality") or props.get("jurisdiction") or [])[:8],
        "address": first("address"),
        "identifiers": json.dumps([v for p in _IDENTIFIER_PROPS for v in props.get(p, [])]),
        "data": raw,
        "hash": hashlib.sha256(raw.encode()).hexdigest(),
        "removed": False,
    }


def _customer_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": "person" if row.schema == "Person" else "company",
        "name": row.name,
        "birth_date": row.birth_date,
        "nationality": row.nationality,
        "address": row.address,
        "identifiers": json.loads(row.identifiers),
        "updated_at": row.updated_at.isoformat(),
    }


class FinanceStore(StoreBase):
    # -- members --------------------------------------------------------------------------------
    def agency_kind(self, code: str) -> str | None:
        with self.engine.connect() as conn:
            kind = conn.execute(select(agencies.c.kind).where(agencies.c.code == code)).scalar()
        return None if kind is None else str(kind)

    def agencies_of_kind(self, kind: str, country: str | None = None) -> list[str]:
        query = select(agencies.c.code).where(agencies.c.kind == kind)
        if country is not None:
            query = query.where(agencies.c.country == country)
        with self.engine.connect() as conn:
            return [str(c) for c in conn.execute(query.order_by(agencies.c.code)).scalars()]

    def agency_clearance(self, code: str) -> int:
        """The highest clearance among the agency's active users (what the agency may read at all)."""
        with self.engine.connect() as conn:
            top = conn.execute(
                select(func.max(users.c.clearance)).where(users.c.agency == code, users.c.active.is_(True))
            ).scalar()
        return int(top or 0)

    def agency_country(self, code: str) -> str:
        with self.engine.connect() as conn:
            country = conn.execute(select(agencies.c.country).where(agencies.c.code == code)).scalar()
        if country is None:
            raise NotFound("agency")
        return str(country)

    def list_visible_to(self, viewer: Viewer, name: str) -> bool:
        """Does the list's marking reach this viewer (the same rule as ``lists(viewer)``)?"""
        ma = marking_audience
        with self.engine.connect() as conn:
            row = conn.execute(
                select(watchlists.c.name)
                .join(ma, ma.c.marking_id == watchlists.c.marking_id)
                .where(
                    watchlists.c.name == name,
                    ma.c.agency == viewer.agency,
                    ma.c.classification <= int(viewer.clearance),
                )
            ).first()
        return row is not None

    def version_changes(self, name: str, version: int) -> list[ListChange]:
        """What version ``version`` of a list added, changed and removed (callers check visibility)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    list_changes.c.entry_id,
                    list_changes.c.change,
                    list_entries.c.schema,
                    list_entries.c.caption,
                    list_entries.c.data,
                )
                .join(
                    list_entries,
                    (list_entries.c.list_name == list_changes.c.list_name)
                    & (list_entries.c.entry_id == list_changes.c.entry_id),
                )
                .where(list_changes.c.list_name == name, list_changes.c.version == version)
                .order_by(list_changes.c.entry_id)
            ).all()
        return [ListChange(r.entry_id, r.change, r.schema, r.caption, json.loads(r.data)) for r in rows]

    # -- customers ------------------------------------------------------------------------------
    def _next_rev(self, conn: Connection, agency: str) -> int:
        current = conn.execute(
            select(func.max(finance_customers.c.rev)).where(finance_customers.c.agency == agency)
        ).scalar()
        return int(current or 0) + 1

    def customer_rev(self, agency: str) -> int:
        """The tenant's latest revision: derived customer indexes refresh when it moves."""
        with self.engine.connect() as conn:
            return self._next_rev(conn, agency) - 1

    def upsert_customers(self, agency: str, customers: Sequence[Mapping[str, Any]]) -> CustomerWrite:
        """Add new customers and replace changed ones (by id) in one transaction, at a new revision."""
        rows = {str(c["id"]): customer_row(agency, c) for c in customers}
        now = self.clock.now()
        added = updated = unchanged = 0
        with self.engine.begin() as conn:
            rev = self._next_rev(conn, agency)
            known: dict[str, tuple[str, bool]] = {}
            if rev > 1:
                for part in chunks(sorted(rows)):
                    known.update(
                        (r.id, (r.hash, bool(r.removed)))
                        for r in conn.execute(
                            select(
                                finance_customers.c.id, finance_customers.c.hash, finance_customers.c.removed
                            )
                            .where(finance_customers.c.agency == agency)
                            .where(finance_customers.c.id.in_(list(part)))
                        )
                    )
            fresh: list[dict[str, Any]] = []
            changed: list[dict[str, Any]] = []
            for cid, row in rows.items():
                row.update(rev=rev, updated_at=now)
                old = known.get(cid)
                if old is None:
                    fresh.append(row)
                elif old == (row["hash"], False):
                    unchanged += 1
                else:
                    changed.append({**row, "b_agency": agency, "b_id": cid})
            for start in range(0, len(fresh), INSERT_CHUNK):
                conn.execute(insert(finance_customers), fresh[start : start + INSERT_CHUNK])
            if changed:
                fc = finance_customers
                columns = [c.name for c in fc.columns if c.name not in ("agency", "id")]
                statement = (
                    update(fc)
                    .where(fc.c.agency == bindparam("b_agency"), fc.c.id == bindparam("b_id"))
                    .values({name: bindparam(name) for name in columns})
                )
                for start in range(0, len(changed), INSERT_CHUNK):
                    conn.execute(statement, changed[start : start + INSERT_CHUNK])
            added, updated = len(fresh), len(changed)
        return CustomerWrite(added, updated, unchanged, 0, rev)

    def remove_customers(self, agency: str, ids: Sequence[str]) -> CustomerWrite:
        """Tombstone customers (kept as rows so that derived indexes see the removal)."""
        now = self.clock.now()
        removed = 0
        with self.engine.begin() as conn:
            rev = self._next_rev(conn, agency)
            for part in chunks(sorted(set(ids))):
                removed += conn.execute(
                    update(finance_customers)
                    .where(
                        finance_customers.c.agency == agency,
                        finance_customers.c.id.in_(list(part)),
                        finance_customers.c.removed.is_(False),
                    )
                    .values(removed=True, rev=rev, updated_at=now)
                ).rowcount
        return CustomerWrite(0, 0, 0, removed, rev)

    def customer_changes(
        self, agency: str, after_rev: int, batch: int = 20000
    ) -> Iterator[tuple[str, dict[str, Any] | None]]:
        """``(id, FtM dict)`` of customers written after ``after_rev``; ``(id, None)`` for removals."""
        fc = finance_customers
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch).execute(
                select(fc.c.id, fc.c.data, fc.c.removed).where(fc.c.agency == agency, fc.c.rev > after_rev)
            )
            for row in result:
                yield row.id, (None if row.removed else json.loads(row.data))

    def count_customers(self, agency: str) -> int:
        fc = finance_customers
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(fc.c.agency == agency, fc.c.removed.is_(False))
                ).scalar()
                or 0
            )

    def customers_page(self, viewer: Viewer, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        fc = finance_customers
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fc)
                .where(fc.c.agency == viewer.agency, fc.c.removed.is_(False))
                .order_by(fc.c.id)
                .limit(limit)
                .offset(offset)
            ).all()
        return [_customer_dict(r) for r in rows]

    def customers_by_id(self, agency: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        fc = finance_customers
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for part in chunks(sorted(set(ids))):
                for row in conn.execute(
                    select(fc).where(fc.c.agency == agency, fc.c.id.in_(list(part)), fc.c.removed.is_(False))
                ):
                    out[row.id] = {**_customer_dict(row), "data": json.loads(row.data)}
        return out

    def iter_customer_data(self, agency: str, batch: int = 5000) -> Iterator[list[dict[str, Any]]]:
        """Every current customer's FtM dict, in batches (by id)."""
        for part in self._iter_customers(agency, "data", batch):
            yield [json.loads(data) for data in part]

    def iter_customer_ids(self, agency: str, batch: int = 5000) -> Iterator[list[str]]:
        """Every current customer's id, in batches (by id)."""
        yield from self._iter_customers(agency, "id", batch)

    def _iter_customers(self, agency: str, column: str, batch: int) -> Iterator[list[str]]:
        fc = finance_customers
        out: list[str] = []
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch).execute(
                select(fc.c[column]).where(fc.c.agency == agency, fc.c.removed.is_(False)).order_by(fc.c.id)
            )
            for value in result.scalars():
                out.append(str(value))
                if len(out) >= batch:
                    yield out
                    out = []
        if out:
            yield out

    # -- alert links, freezes, reports ------------------------------------------------------------
    def link_alerts(self, links: Sequence[AlertLink]) -> None:
        if not links:
            return
        with self.engine.begin() as conn:
            ids = [link.alert_id for link in links]
            known: set[str] = set()
            for part in chunks(ids):
                known.update(
                    str(a)
                    for a in conn.execute(
                        select(finance_alert_links.c.alert_id).where(
                            finance_alert_links.c.alert_id.in_(list(part))
                        )
                    ).scalars()
                )
            rows = [dict(link.__dict__) for link in links if link.alert_id not in known]
            if rows:
                conn.execute(insert(finance_alert_links), rows)

    def alert_link(self, alert_id: str) -> AlertLink | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(finance_alert_links).where(finance_alert_links.c.alert_id == alert_id)
            ).first()
        if row is None:
            return None
        return AlertLink(row.alert_id, row.agency, row.customer_id, row.list_name, row.entry_id, row.score)

    def open_alerts_on_entry(self, agency: str, list_name: str, entry_id: str) -> list[tuple[str, str]]:
        """``(alert id, customer id)`` of the tenant's open finance alerts on one list entry."""
        link = finance_alert_links
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(link.c.alert_id, link.c.customer_id)
                .join(alerts, alerts.c.id == link.c.alert_id)
                .where(
                    link.c.list_name == list_name,
                    link.c.entry_id == entry_id,
                    link.c.agency == agency,
                    alerts.c.status.in_(OPEN_STATUSES),
                )
            ).all()
        return [(r.alert_id, r.customer_id) for r in rows]

    def record_freeze(self, agency: str, link: AlertLink, actor: str, note: str) -> str:
        fid = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(finance_freezes).values(
                    id=fid,
                    agency=agency,
                    alert_id=link.alert_id,
                    customer_id=link.customer_id,
                    list_name=link.list_name,
                    entry_id=link.entry_id,
                    recorded_at=self.clock.now(),
                    recorded_by=actor,
                    note=note,
                )
            )
        return fid

    def freezes(self, viewer: Viewer) -> list[dict[str, Any]]:
        ff = finance_freezes
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ff).where(ff.c.agency == viewer.agency).order_by(ff.c.recorded_at.desc())
            ).all()
        return [
            {
                "id": r.id,
                "alert_id": r.alert_id,
                "customer_id": r.customer_id,
                "list": r.list_name,
                "entry_id": r.entry_id,
                "recorded_at": r.recorded_at.isoformat(),
                "recorded_by": r.recorded_by,
                "note": r.note,
            }
            for r in rows
        ]

    def create_report(
        self, agency: str, fiu: str, alert_id: str, actor: str, narrative: str, content: dict[str, Any]
    ) -> str:
        rid = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(finance_reports).values(
                    id=rid,
                    agency=agency,
                    fiu=fiu,
                    alert_id=alert_id,
                    created_at=self.clock.now(),
                    created_by=actor,
                    narrative=narrative,
                    content=json.dumps(content),
                )
            )
        return rid

    def reports(self, viewer: Viewer, report_id: str | None = None) -> list[dict[str, Any]]:
        """Reports the viewer's agency sent, or received as the FIU they were addressed to."""
        fr = finance_reports
        query = select(fr).where((fr.c.agency == viewer.agency) | (fr.c.fiu == viewer.agency))
        if report_id is not None:
            query = query.where(fr.c.id == report_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(fr.c.created_at.desc())).all()
        if report_id is not None and not rows:
            raise NotFound("report")
        return [
            {
                "id": r.id,
                "institution": r.agency,
                "fiu": r.fiu,
                "alert_id": r.alert_id,
                "created_at": r.created_at.isoformat(),
                "created_by": r.created_by,
                "narrative": r.narrative,
                "content": json.loads(r.content),
            }
            for r in rows
        ]
