"""The hub's services: the store's enforced reads and writes, each audited.

API and CLI are thin shells over :class:`Hub`. Reads of personal data and every change are
appended to the hash-chained audit log with who, agency, what and purpose.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from tessera.errors import ErrorDetail, ValidationError
from tessera.model.entity import EntityView, validate_properties
from tessera.policy.core import Viewer
from tessera.policy.markings import Marking
from tessera.settings import Settings
from tessera.store import Fact, Store, open_store
from tessera.store.access import AccessRequest
from tessera.store.alerts import Alert
from tessera.store.graph import Subgraph
from tessera.store.search import SearchResult
from tessera.store.tables import entities


@dataclass
class ImportReport:
    created: int
    updated: int
    ids: dict[str, str]


class Hub:
    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings
        # Domain services (travel, finance) react to alert decisions, e.g. notify on confirmation.
        self.alert_hooks: dict[str, Callable[[Viewer, Alert], None]] = {}

    @classmethod
    def open(cls, settings: Settings, **kwargs: Any) -> Hub:
        return cls(open_store(settings.database_url, secret=settings.secret, **kwargs), settings)

    def audit(self, viewer: Viewer, action: str, object_type: str, object_id: str, **detail: Any) -> None:
        self.store.append_audit(
            viewer.user, viewer.agency, action, object_type, object_id, viewer.purpose, detail
        )

    # -- markings -------------------------------------------------------------------------------
    def marking_for(
        self, viewer: Viewer, data: Mapping[str, Any] | None, location: str = "marking"
    ) -> Marking:
        if data is None:
            with self.store.engine.connect() as conn:
                return self.store.agency_default_marking(conn, viewer.agency)
        return Marking.from_dict(viewer.agency, dict(data), location)

    # -- entities -------------------------------------------------------------------------------
    def create_entity(
        self,
        viewer: Viewer,
        schema: str,
        properties: Mapping[str, Any],
        marking: Mapping[str, Any] | None = None,
        *,
        facts: Sequence[Mapping[str, Any]] = (),
        watch: bool = False,
        source: str = "api",
    ) -> str:
        mark = self.marking_for(viewer, marking)
        parsed: list[Fact] = []
        errors: list[ErrorDetail] = []
        for idx, fact in enumerate(facts):
            try:
                fact_marking = self.marking_for(
                    viewer, fact.get("marking") or mark.to_dict(), f"facts[{idx}].marking"
                )
                parsed.append(Fact(str(fact.get("prop", "")), str(fact.get("value", "")), fact_marking))
            except ValidationError as exc:
                errors.extend(exc.details)
        if errors:
            raise ValidationError("The entity is not valid.", details=errors)
        eid = self.store.create_entity(
            viewer, schema, properties, mark, facts=parsed, watch=watch, source=source
        )
        self.audit(viewer, "entity.create", "entity", eid, schema=schema, props=sorted(properties))
        return eid

    def update_entity(
        self,
        viewer: Viewer,
        entity_id: str,
        properties: Mapping[str, Any] | None,
        marking: Mapping[str, Any] | None,
    ) -> None:
        mark = Marking.from_dict(viewer.agency, dict(marking)) if marking is not None else None
        try:
            self.store.update_entity(viewer, entity_id, properties, mark)
        finally:
            self.audit(viewer, "entity.update", "entity", entity_id, props=sorted(properties or {}))

    def delete_entity(self, viewer: Viewer, entity_id: str) -> None:
        try:
            self.store.delete_entity(viewer, entity_id)
        finally:
            self.audit(viewer, "entity.delete", "entity", entity_id)

    def get_entity(self, viewer: Viewer, entity_id: str) -> EntityView:
        found = False
        try:
            view = self.store.get_entity(viewer, entity_id)
            found = True
            return view
        finally:
            self.audit(viewer, "entity.read", "entity", entity_id, found=found)

    def search(self, viewer: Viewer, q: str, schema: str | None = None, limit: int = 20) -> SearchResult:
        result = self.store.search(viewer, q, schema=schema, limit=limit)
        self.audit(
            viewer,
            "search",
            "query",
            hashlib.sha256(q.encode()).hexdigest()[:16],
            q=q,
            schema=schema,
            results=[v.id for v, _ in result.results],
            hits=[h.ref for h in result.hits],
        )
        return result

    def neighbours(self, viewer: Viewer, entity_id: str, depth: int = 1) -> Subgraph:
        found = False
        try:
            graph = self.store.neighbours(viewer, entity_id, depth)
            found = True
            return graph
        finally:
            self.audit(viewer, "entity.neighbours", "entity", entity_id, depth=depth, found=found)

    def export(self, viewer: Viewer, schema: str | None = None) -> Iterator[EntityView]:
        self.audit(viewer, "export", "export", "ftm", schema=schema)
        yield from self.store.iter_entities(viewer, schema=schema)

    def import_entities(
        self, viewer: Viewer, items: Iterable[Mapping[str, Any]], marking: Mapping[str, Any] | None
    ) -> ImportReport:
        """Import FtM entities as the viewer's agency. All lines are checked first; any error
        rejects the whole batch with every problem listed (nothing half-imported)."""
        mark = self.marking_for(viewer, marking)
        rows = list(items)
        prefix = viewer.agency.lower()
        ids: dict[str, str] = {}
        errors: list[ErrorDetail] = []
        for line, item in enumerate(rows, start=1):
            raw_id = item.get("id")
            if not isinstance(raw_id, str) or not raw_id:
                errors.append(ErrorDetail(f"line {line}.id", "every entity needs an id"))
                continue
            ids[raw_id] = f"{prefix}-{hashlib.sha1(raw_id.encode()).hexdigest()[:24]}"
        prepared: list[tuple[str, str, dict[str, list[str]]]] = []
        for line, item in enumerate(rows, start=1):
            try:
                schema, props = validate_properties(
                    item.get("schema"), item.get("properties", {}), f"line {line}"
                )
            except ValidationError as exc:
                errors.extend(exc.details or [ErrorDetail(f"line {line}", exc.message)])
                continue
            for prop, values in props.items():
                if schema.properties[prop].type.name == "entity":
                    props[prop] = [ids.get(v, v) for v in values]
            prepared.append((ids.get(str(item.get("id")), ""), schema.name, props))
        if errors:
            raise ValidationError("The import was rejected; nothing was stored.", details=errors)
        created = updated = 0
        pending = list(prepared)
        # Entities are created in dependency order so that references resolve.
        for _ in range(len(pending) + 1):
            if not pending:
                break
            later = []
            for eid, schema_name, props in pending:
                refs = self._unresolved_refs(eid, schema_name, props, {p[0] for p in pending})
                if refs:
                    later.append((eid, schema_name, props))
                    continue
                if self._exists_own(eid, viewer):
                    self.store.update_entity(viewer, eid, props, mark, source="import")
                    updated += 1
                else:
                    self.store.create_entity(viewer, schema_name, props, mark, source="import", entity_id=eid)
                    created += 1
            if len(later) == len(pending):
                raise ValidationError(
                    "The import has circular references.",
                    details=[ErrorDetail(eid, "references form a cycle") for eid, _, _ in later],
                )
            pending = later
        self.audit(viewer, "import", "import", "ftm", created=created, updated=updated)
        return ImportReport(created=created, updated=updated, ids=ids)

    @staticmethod
    def _unresolved_refs(eid: str, schema: str, props: dict[str, list[str]], pending: set[str]) -> bool:
        from followthemoney import model

        schema_obj = model.get(schema)
        assert schema_obj is not None
        return any(
            v in pending and v != eid
            for p, vs in props.items()
            if schema_obj.properties[p].type.name == "entity"
            for v in vs
        )

    def _exists_own(self, entity_id: str, viewer: Viewer) -> bool:
        with self.store.engine.connect() as conn:
            owner = conn.execute(select(entities.c.owner).where(entities.c.id == entity_id)).scalar()
        return owner == viewer.agency

    # -- access requests -------------------------------------------------------------------------
    def request_access(self, viewer: Viewer, ref: str, purpose: str) -> AccessRequest:
        req = self.store.request_access(viewer, ref, purpose)
        self.audit(viewer, "access.request", "access_request", req.id, ref=ref)
        return req

    def list_requests(self, viewer: Viewer) -> list[AccessRequest]:
        return self.store.list_requests(viewer)

    def decide(
        self, viewer: Viewer, request_id: str, decision: str, until: datetime | None, reason: str | None
    ) -> AccessRequest:
        req = self.store.decide(viewer, request_id, decision, until=until, reason=reason)
        self.audit(
            viewer, f"access.{decision}", "access_request", request_id, until=str(until) if until else None
        )
        return req

    # -- alerts ----------------------------------------------------------------------------------
    def list_alerts(self, viewer: Viewer, status: str | None = None, kind: str | None = None) -> list[Alert]:
        found = self.store.list_alerts(viewer, status=status, kind=kind)
        self.audit(viewer, "alerts.list", "alerts", viewer.agency, status=status, count=len(found))
        return found

    def transition_alert(self, viewer: Viewer, alert_id: str, status: str, reason: str) -> Alert:
        alert = self.store.transition(viewer, alert_id, status, reason)
        self.audit(viewer, f"alert.{status}", "alert", alert_id, reason=reason)
        hook = self.alert_hooks.get(alert.kind)
        if hook is not None:
            hook(viewer, alert)
        return alert

    def read_audit(self, viewer: Viewer, **filters: Any) -> list[dict[str, Any]]:
        entries = self.store.read_audit(viewer, **filters)
        self.audit(viewer, "audit.read", "audit", "log", filters=json.dumps(filters, default=str))
        return [e.to_dict() for e in entries]
