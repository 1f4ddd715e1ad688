"""Request dependencies: the hub, and the viewer behind a bearer token or a console session."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from tessera.errors import AuthenticationError
from tessera.policy.core import Viewer
from tessera.service import Hub

PURPOSE_MAX = 200


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def get_viewer(
    request: Request,
    hub: Annotated[Hub, Depends(get_hub)],
    authorization: Annotated[str | None, Header()] = None,
    x_tessera_purpose: Annotated[str | None, Header()] = None,
) -> Viewer:
    purpose = (x_tessera_purpose or "analysis").strip()[:PURPOSE_MAX] or "analysis"
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise AuthenticationError("Use 'Authorization: Bearer <token>'.")
        return hub.store.user_by_token(token.strip()).viewer(purpose)
    session_viewer = getattr(request.state, "session_viewer", None)
    if isinstance(session_viewer, Viewer):
        return Viewer(
            agency=session_viewer.agency,
            user=session_viewer.user,
            roles=session_viewer.roles,
            clearance=session_viewer.clearance,
            purpose=purpose,
        )
    raise AuthenticationError("Sign in, or send 'Authorization: Bearer <token>'.")


HubDep = Annotated[Hub, Depends(get_hub)]
ViewerDep = Annotated[Viewer, Depends(get_viewer)]
