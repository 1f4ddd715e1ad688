"""Travel: message intake (PNRGOV, PAXLST, JSON), flights, quarantine, subjects' travel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from tessera.api.deps import HubDep, ViewerDep
from tessera.services.travel import TravelService

router = APIRouter(prefix="/v1/travel")


def get_travel(request: Request) -> TravelService:
    service: TravelService = request.app.state.travel
    return service


TravelDep = Annotated[TravelService, Depends(get_travel)]


@router.post("/messages", status_code=202)
async def ingest(
    request: Request, viewer: ViewerDep, travel: TravelDep, source: str = "http"
) -> dict[str, Any]:
    raw = await request.body()
    return travel.ingest(viewer, raw, source).to_dict()


@router.get("/flights")
def flights(hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return {"flights": hub.store.flights(viewer)}


@router.get("/flights/{key:path}")
def flight(key: str, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    travellers = hub.store.flight_travellers(viewer, key)
    hub.audit(viewer, "travel.flight.read", "flight", key, travellers=len(travellers))
    return {"flight": key, "travellers": travellers}


@router.get("/quarantine")
def quarantine(hub: HubDep, viewer: ViewerDep, status: str | None = "open") -> dict[str, Any]:
    return {"quarantine": hub.store.quarantine(viewer, status or None)}


@router.post("/quarantine/{qid}/replay")
def replay(
    qid: str, viewer: ViewerDep, travel: TravelDep, accept_count_mismatch: bool = False
) -> dict[str, Any]:
    return travel.replay(viewer, qid, accept_count_mismatch=accept_count_mismatch).to_dict()


@router.get("/subjects/{entity_id}")
def subject(entity_id: str, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    """Travel of a hub subject: journeys of travellers whose alerts point at the record."""
    hub.store.get_entity(viewer, entity_id)  # 404 unless the viewer may see the subject
    alerts = [
        a for a in hub.store.list_alerts(viewer, kind="travel") if entity_id in a.refs.get("entities", [])
    ]
    records = hub.store.traveller_records_by_id(viewer, [str(a.context.get("traveller")) for a in alerts])
    segments = [seg for r in records for seg in r.get("segments", [])]
    hub.audit(viewer, "travel.subject.read", "entity", entity_id, journeys=len(records))
    return {"entity_id": entity_id, "segments": segments, "alerts": [a.id for a in alerts]}
