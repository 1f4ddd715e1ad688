"""The FastAPI application: a thin shell over :class:`tessera.service.Hub`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from tessera import __version__
from tessera.api.errors import install_error_handlers
from tessera.api.finance_routes import router as finance_router
from tessera.api.hub_routes import router as hub_router
from tessera.api.screening_routes import router as screening_router
from tessera.api.travel_routes import router as travel_router
from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.services.finance import FinanceService
from tessera.services.travel import TravelService
from tessera.web.console import install_console


def create_app(hub: Hub) -> FastAPI:
    app = FastAPI(
        title="Tessera",
        version=__version__,
        description="Counter-terrorism knowledge hub: shared under each contributor's control.",
    )
    app.state.hub = hub
    app.state.screening = screening = ScreeningService(hub)
    app.state.travel = TravelService(hub, screening)
    app.state.finance = FinanceService(hub, screening)
    app.state.features = {"travel"}
    install_error_handlers(app)
    app.include_router(hub_router)
    app.include_router(screening_router)
    app.include_router(travel_router)
    app.include_router(finance_router)
    install_console(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True, "version": __version__}

    return app
