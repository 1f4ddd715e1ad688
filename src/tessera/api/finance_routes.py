"""Finance: payment screening before execution."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from tessera.api.deps import ViewerDep
from tessera.services.finance import FinanceService

router = APIRouter(prefix="/v1/finance")


def get_finance(request: Request) -> FinanceService:
    service: FinanceService = request.app.state.finance
    return service


FinanceDep = Annotated[FinanceService, Depends(get_finance)]


@router.post("/payments/screen")
async def screen_payment(
    request: Request, viewer: ViewerDep, finance: FinanceDep, source: str = "http"
) -> dict[str, Any]:
    """pacs.008 XML or MT103 text in the body; one decision (pass or hold, with reasons) per payment."""
    return {"payments": finance.screen_payment(viewer, await request.body(), source)}
