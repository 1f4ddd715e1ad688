"""Entities, search, neighbours, export/import, access requests and audit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from tessera.api.deps import HubDep, ViewerDep
from tessera.api.schemas import AccessRequestIn, DecisionIn, EntityIn, EntityPatch, ImportIn, TransitionIn
from tessera.errors import ErrorDetail, ValidationError

router = APIRouter(prefix="/v1")


@router.post("/entities", status_code=201)
def create_entity(body: EntityIn, hub: HubDep, viewer: ViewerDep) -> dict[str, str]:
    eid = hub.create_entity(
        viewer,
        body.schema_name,
        body.properties,
        body.marking,
        facts=[f.model_dump() for f in body.facts],
        watch=body.watch,
    )
    return {"id": eid}


@router.get("/entities/{entity_id}")
def get_entity(entity_id: str, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return hub.get_entity(viewer, entity_id).to_dict()


@router.patch("/entities/{entity_id}")
def patch_entity(entity_id: str, body: EntityPatch, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    hub.update_entity(viewer, entity_id, body.properties, body.marking)
    return hub.get_entity(viewer, entity_id).to_dict()


@router.delete("/entities/{entity_id}", status_code=204)
def delete_entity(entity_id: str, hub: HubDep, viewer: ViewerDep) -> Response:
    hub.delete_entity(viewer, entity_id)
    return Response(status_code=204)


@router.get("/entities/{entity_id}/neighbours")
def neighbours(
    entity_id: str, hub: HubDep, viewer: ViewerDep, depth: int = Query(1, ge=1, le=3)
) -> dict[str, Any]:
    return hub.neighbours(viewer, entity_id, depth).to_dict()


@router.get("/search")
def search(
    hub: HubDep,
    viewer: ViewerDep,
    q: str = Query(..., min_length=1, max_length=500),
    schema: str | None = None,
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    result = hub.search(viewer, q, schema=schema, limit=limit)
    return {
        "results": [
            {**view.to_dict(with_statements=False), "score": round(score, 4)}
            for view, score in result.results
        ],
        "hits": [h.to_dict() for h in result.hits],
        "total": len(result.results),
    }


@router.get("/export")
def export(
    hub: HubDep, viewer: ViewerDep, format: str = "ftm", schema: str | None = None
) -> StreamingResponse:
    if format != "ftm":
        raise ValidationError("Unknown export format.", details=[ErrorDetail("format", "use format=ftm")])

    def lines() -> Iterator[bytes]:
        for view in hub.export(viewer, schema):
            yield (json.dumps(view.to_ftm(), ensure_ascii=False) + "\n").encode()

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.post("/import")
async def import_entities(request: Request, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    raw = await request.body()
    content_type = request.headers.get("content-type", "")
    if "ndjson" in content_type or "jsonlines" in content_type:
        items: list[dict[str, Any]] = []
        errors: list[ErrorDetail] = []
        for line_no, line in enumerate(raw.decode("utf-8", "replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(ErrorDetail(f"line {line_no}", f"not JSON: {exc.msg}"))
                continue
            items.append(obj if isinstance(obj, dict) else {})
        if errors:
            raise ValidationError("The import was rejected; nothing was stored.", details=errors)
        marking_raw = request.query_params.get("marking")
        marking = json.loads(marking_raw) if marking_raw else None
    else:
        try:
            body = ImportIn.model_validate_json(raw)
        except Exception as exc:
            raise ValidationError(
                "Send {'marking': {...}, 'entities': [...]} as JSON, or FtM JSON lines with "
                "Content-Type: application/x-ndjson.",
                details=[ErrorDetail("body", str(exc)[:300])],
            ) from exc
        items, marking = body.entities, body.marking
    report = hub.import_entities(viewer, items, marking)
    return {"created": report.created, "updated": report.updated, "ids": report.ids}


@router.post("/access-requests", status_code=201)
def request_access(body: AccessRequestIn, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    req = hub.request_access(viewer, body.ref, body.purpose)
    return req.view_for(viewer, hub.store.clock.now())


@router.get("/access-requests")
def list_requests(hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    now = hub.store.clock.now()
    return {"requests": [r.view_for(viewer, now) for r in hub.list_requests(viewer)]}


@router.post("/access-requests/{request_id}/decision")
def decide(request_id: str, body: DecisionIn, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    until = body.until.replace(tzinfo=None) if body.until else None
    req = hub.decide(viewer, request_id, body.decision, until, body.reason)
    return req.view_for(viewer, hub.store.clock.now())


@router.get("/audit")
def audit(
    hub: HubDep,
    viewer: ViewerDep,
    actor: str | None = None,
    agency: str | None = None,
    object_id: str | None = None,
    purpose: str | None = None,
    limit: int = Query(200, ge=1, le=5000),
) -> dict[str, Any]:
    entries = hub.read_audit(
        viewer, actor=actor, agency=agency, object_id=object_id, purpose=purpose, limit=limit
    )
    check = hub.store.verify_audit()
    return {
        "entries": entries,
        "chain": {
            "ok": check.ok,
            "checked": check.checked,
            "first_bad_seq": check.first_bad_seq,
            "problem": check.problem,
        },
    }


@router.get("/alerts")
def list_alerts(
    hub: HubDep, viewer: ViewerDep, status: str | None = None, kind: str | None = None
) -> dict[str, Any]:
    return {"alerts": [a.to_dict() for a in hub.list_alerts(viewer, status or None, kind or None)]}


@router.get("/alerts/{alert_id}")
def get_alert(alert_id: str, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    alert = hub.store.get_alert(viewer, alert_id)
    hub.audit(viewer, "alert.read", "alert", alert_id)
    return {**alert.to_dict(), "history": hub.store.alert_history(viewer, alert_id)}


@router.post("/alerts/{alert_id}/transition")
def transition_alert(alert_id: str, body: TransitionIn, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return hub.transition_alert(viewer, alert_id, body.status, body.reason).to_dict()


@router.get("/notifications")
def notifications(hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return {"notifications": hub.store.notifications_for(viewer)}


@router.get("/me")
def me(hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return {
        "user": viewer.user,
        "agency": viewer.agency,
        "roles": sorted(viewer.roles),
        "clearance": viewer.clearance.name.lower(),
        "groups": hub.store.groups_of(viewer),
        "agreements": hub.store.agreements_of(viewer.agency),
    }


@router.get("/agencies")
def agencies(hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    _ = viewer
    return {"agencies": [a.to_dict() for a in hub.store.list_agencies()]}
