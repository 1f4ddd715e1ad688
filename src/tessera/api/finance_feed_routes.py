"""Finance feed and webhooks: ``GET /v1/finance/feed?since=`` and webhook subscriptions with their
delivery log (mounted under ``/v1/finance`` by ``finance_routes``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict

from tessera.api.deps import ViewerDep
from tessera.services.finance_feed import FeedService

router = APIRouter()


def get_feed(request: Request) -> FeedService:
    service: FeedService = request.app.state.finance.feed
    return service


FeedDep = Annotated[FeedService, Depends(get_feed)]


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    secret: str | None = None
    events: list[str] | None = None


@router.get("/feed")
def feed(
    viewer: ViewerDep,
    service: FeedDep,
    since: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """New designations on lists the institution may see and its new alerts, after ``since``."""
    return service.feed(viewer, since, limit)


@router.post("/webhooks", status_code=201)
def add_webhook(body: WebhookIn, viewer: ViewerDep, service: FeedDep) -> dict[str, Any]:
    """Register a receiver; deliveries are signed with the secret (returned once)."""
    return service.add_webhook(viewer, body.url, body.secret, body.events)


@router.get("/webhooks")
def webhooks(viewer: ViewerDep, service: FeedDep) -> dict[str, Any]:
    return {"webhooks": service.webhooks(viewer)}


@router.delete("/webhooks/{webhook_id}", status_code=204)
def remove_webhook(webhook_id: str, viewer: ViewerDep, service: FeedDep) -> None:
    service.remove_webhook(viewer, webhook_id)


@router.get("/webhooks/deliveries")
def deliveries(viewer: ViewerDep, service: FeedDep) -> dict[str, Any]:
    """The delivery log: every attempt, its answer and the next retry."""
    return {"deliveries": service.deliveries(viewer)}
