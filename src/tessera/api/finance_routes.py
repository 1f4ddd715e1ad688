"""Finance: payment screening, customers in the institution's own tenant, alert review, freezes
and suspicious-transaction reports; the feed and webhooks are in ``finance_feed_routes``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from tessera.api.deps import HubDep, ViewerDep
from tessera.api.finance_feed_routes import router as feed_router
from tessera.errors import NotFound
from tessera.services.finance import FinanceService

router = APIRouter(prefix="/v1/finance")
router.include_router(feed_router)


def get_finance(request: Request) -> FinanceService:
    service: FinanceService = request.app.state.finance
    return service


FinanceDep = Annotated[FinanceService, Depends(get_finance)]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str
    reason: str = ""


@router.post("/payments/screen")
async def screen_payment(
    request: Request, viewer: ViewerDep, finance: FinanceDep, source: str = "http"
) -> dict[str, Any]:
    """pacs.008 XML or MT103 text in the body; one decision (pass or hold, with reasons) per payment."""
    return {"payments": finance.screen_payment(viewer, await request.body(), source)}


@router.post("/customers")
async def import_customers(
    request: Request, viewer: ViewerDep, finance: FinanceDep, source: str = "http", screen: bool = False
) -> dict[str, Any]:
    """A customer CSV (id,name,date_of_birth,nationality,address,identifiers,type) into the
    institution's tenant; every rejected or partly imported row comes back with its line."""
    raw = await request.body()
    result = await run_in_threadpool(finance.customers.import_csv, viewer, raw, source, screen=screen)
    return {**result.to_dict(), "problems": result.problems}


@router.get("/customers")
def customers(
    viewer: ViewerDep,
    finance: FinanceDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return finance.customers.customers(viewer, limit=limit, offset=offset)


@router.delete("/customers/{customer_id}")
def remove_customer(customer_id: str, viewer: ViewerDep, finance: FinanceDep) -> dict[str, Any]:
    write = finance.customers.remove_customers(viewer, [customer_id])
    if not write.removed:
        raise NotFound("customer")
    return write.to_dict()


@router.post("/customers/screen")
def screen_customers(
    viewer: ViewerDep, finance: FinanceDep, list_name: Annotated[str, Query(alias="list")]
) -> dict[str, Any]:
    """Screen all the institution's customers against a whole list (alerts as for a list change)."""
    return {"list": list_name, "alerts": finance.customers.screen_customers(viewer, list_name)}


@router.get("/alerts")
def alerts(viewer: ViewerDep, hub: HubDep, status: str | None = None) -> dict[str, Any]:
    return {"alerts": [a.to_dict() for a in hub.list_alerts(viewer, status or None, "finance")]}


@router.get("/alerts/{alert_id}")
def alert(alert_id: str, viewer: ViewerDep, hub: HubDep) -> dict[str, Any]:
    found = hub.store.get_alert(viewer, alert_id)
    if found.kind != "finance":
        raise NotFound("alert")
    hub.audit(viewer, "alert.read", "alert", alert_id)
    return {**found.to_dict(), "history": hub.store.alert_history(viewer, alert_id)}


@router.post("/alerts/{alert_id}/review")
def review(alert_id: str, body: ReviewIn, viewer: ViewerDep, finance: FinanceDep) -> dict[str, Any]:
    """``in_review``, ``true_match`` (records the freeze), ``false_positive`` (reason required) or
    ``escalate`` (a suspicious-transaction report to the national FIU; reason = narrative)."""
    return finance.review.review(viewer, alert_id, body.decision, body.reason)


@router.get("/freezes")
def freezes(viewer: ViewerDep, finance: FinanceDep) -> dict[str, Any]:
    return {"freezes": finance.review.freezes(viewer)}


@router.get("/reports")
def reports(viewer: ViewerDep, finance: FinanceDep) -> dict[str, Any]:
    """Reports the institution filed, or (for an FIU) the reports addressed to it."""
    return {"reports": finance.review.reports(viewer)}


@router.get("/reports/{report_id}")
def report(report_id: str, viewer: ViewerDep, finance: FinanceDep) -> dict[str, Any]:
    return finance.review.reports(viewer, report_id)[0]
