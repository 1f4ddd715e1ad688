"""Travel: message intake (PNRGOV, PAXLST, JSON), flights, quarantine, subjects' travel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

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


@router.get("/rules")
def rules(viewer: ViewerDep, travel: TravelDep) -> dict[str, Any]:
    _ = viewer  # any member may read the criteria (they are reviewable by design)
    return {
        "rules": [
            {"id": r.id, "version": r.version, "description": r.description, "severity": r.severity}
            for r in travel.rules
        ]
    }


@router.put("/rules")
async def set_rules(request: Request, viewer: ViewerDep, travel: TravelDep) -> dict[str, Any]:
    """Replace the risk rules with a YAML document; flights not yet departed are re-screened."""
    text = (await request.body()).decode("utf-8", "replace")
    new = travel.set_rules(viewer, text, source=f"api:{viewer.user}")
    return {"rules": [{"id": r.id, "version": r.version} for r in new]}


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


class RepersonaliseIn(BaseModel):
    traveller: str = Field(description="id of a depersonalised traveller record")
    justification: str = Field(description="case, legal basis and why this traveller")


class RepersonaliseDecisionIn(BaseModel):
    decision: str = Field(description="approve | reject")
    reason: str = ""
    hours: int | None = Field(None, description="how long the requester may read it (default 72)")


@router.post("/repersonalisations", status_code=201)
def request_repersonalisation(body: RepersonaliseIn, viewer: ViewerDep, travel: TravelDep) -> dict[str, Any]:
    """A PIU analyst asks to see a depersonalised traveller record again (art. 12(3))."""
    return travel.repersonalisation.request(viewer, body.traveller, body.justification)


@router.get("/repersonalisations")
def repersonalisations(viewer: ViewerDep, travel: TravelDep, status: str | None = None) -> dict[str, Any]:
    return {"requests": travel.repersonalisation.list(viewer, status)}


@router.post("/repersonalisations/{rid}/decision")
def decide_repersonalisation(
    rid: str, body: RepersonaliseDecisionIn, viewer: ViewerDep, travel: TravelDep
) -> dict[str, Any]:
    """A different user with the steward role approves (for a limited time) or rejects."""
    return travel.repersonalisation.decide(viewer, rid, body.decision, body.reason, body.hours)


@router.get("/repersonalisations/{rid}/record")
def repersonalised_record(rid: str, viewer: ViewerDep, travel: TravelDep) -> dict[str, Any]:
    """The original fields, to the requester of an approved request, until its deadline."""
    return travel.repersonalisation.reveal(viewer, rid)
