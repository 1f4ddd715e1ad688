"""Screening: a yente-shaped match API, batch screening, and versioned lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from tessera.api.deps import HubDep, ViewerDep
from tessera.matching import DEFAULT_THRESHOLD
from tessera.screening.service import HUB_LIST, ScreeningService

router = APIRouter()


def get_screening(request: Request) -> ScreeningService:
    service: ScreeningService = request.app.state.screening
    return service


ScreeningDep = Annotated[ScreeningService, Depends(get_screening)]


class EntityExample(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    schema_name: str = Field("Person", alias="schema")
    properties: dict[str, list[str]] = Field(default_factory=dict)


class MatchRequest(BaseModel):
    """Shaped like yente's ``POST /match/{dataset}`` so existing clients work."""

    model_config = ConfigDict(extra="ignore")
    queries: dict[str, EntityExample]


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lists: list[str]
    queries: list[dict[str, Any]]
    threshold: float = DEFAULT_THRESHOLD
    limit: int = Field(10, ge=1, le=100)


@router.post("/match/{dataset}")
def match(
    dataset: str,
    body: MatchRequest,
    viewer: ViewerDep,
    screening: ScreeningDep,
    threshold: float = Query(DEFAULT_THRESHOLD, ge=0, le=1),
    limit: int = Query(5, ge=1, le=100),
) -> dict[str, Any]:
    lists = (
        [dataset]
        if dataset not in ("default", "all")
        else [info.name for info in screening.store.lists(viewer)] + [HUB_LIST]
    )
    keys = list(body.queries)
    queries = [
        {"id": key, "schema": q.schema_name, "properties": q.properties} for key, q in body.queries.items()
    ]
    results = screening.screen(viewer, lists, queries, threshold=0.0, limit=limit)
    responses: dict[str, Any] = {}
    for key, result in zip(keys, results, strict=True):
        responses[key] = {
            "status": 200,
            "results": [
                {
                    "id": m.entity_id,
                    "caption": m.caption,
                    "schema": (m.entity or {}).get("schema", ""),
                    "score": round(m.score, 4),
                    "match": m.score >= threshold,
                    "features": m.features,
                    "explanation": m.explanation,
                    "datasets": [m.list],
                }
                for m in result.matches
            ],
            "hits": [h.to_dict() for h in result.hits],
            "total": {"value": len(result.matches), "relation": "eq"},
            "query": {
                "schema": queries[keys.index(key)]["schema"],
                "properties": queries[keys.index(key)]["properties"],
            },
        }
    return {"responses": responses, "limit": limit}


@router.post("/v1/screen")
def screen(body: ScreenRequest, viewer: ViewerDep, screening: ScreeningDep) -> dict[str, Any]:
    results = screening.screen(viewer, body.lists, body.queries, threshold=body.threshold, limit=body.limit)
    return {"results": [r.to_dict() for r in results]}


@router.get("/v1/lists")
def lists(hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return {"lists": [info.to_dict() for info in hub.store.lists(viewer)]}


@router.get("/v1/lists/{name}/versions")
def versions(name: str, hub: HubDep, viewer: ViewerDep) -> dict[str, Any]:
    return {"versions": hub.store.versions(viewer, name)}


@router.get("/v1/lists/{name}/diff")
def diff(name: str, hub: HubDep, viewer: ViewerDep, version: int | None = None) -> dict[str, Any]:
    number, changes = hub.store.changes(viewer, name, version)
    return {"list": name, "version": number, "changes": changes}
