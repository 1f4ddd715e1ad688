"""Console sign-in: password (Argon2id) or token; HttpOnly SameSite cookies; CSRF; idle timeout."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from tessera.api.deps import HubDep
from tessera.api.errors import error_body
from tessera.errors import AuthenticationError, NotFound
from tessera.service import Hub
from tessera.store.members import User
from tessera.web.passwords import verify_password

COOKIE = "tessera_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

router = APIRouter(prefix="/auth", include_in_schema=False)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str | None = None
    password: str | None = None
    token: str | None = None


def _idle(hub: Hub) -> timedelta:
    minutes = hub.settings.session_idle_minutes if hub.settings else 30
    return timedelta(minutes=minutes)


@router.post("/login")
def login(body: LoginIn, request: Request, response: Response, hub: HubDep) -> dict[str, Any]:
    if body.token:
        user = hub.store.user_by_token(body.token.strip())
    else:
        found: User | None
        try:
            found = hub.store.user_by_name(body.username or "")
        except NotFound:
            found = None
        # Unknown users cost the same Argon2 work as wrong passwords: no user-existence oracle.
        if not verify_password(found.password_hash if found else None, body.password or "") or found is None:
            raise AuthenticationError("Wrong username or password.")
        user = found
    session_id, csrf = hub.store.open_session(user)
    response.set_cookie(
        COOKIE, session_id, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )
    hub.store.append_audit(user.username, user.agency, "session.login", "user", user.username, "sign-in")
    return {"user": user.username, "agency": user.agency, "roles": sorted(user.roles), "csrf": csrf}


@router.post("/logout")
def logout(
    response: Response, hub: HubDep, tessera_session: Annotated[str | None, Cookie()] = None
) -> dict[str, bool]:
    if tessera_session:
        hub.store.close_session(tessera_session)
    response.delete_cookie(COOKIE, path="/")
    return {"ok": True}


@router.get("/session")
def session(request: Request) -> dict[str, Any]:
    viewer = getattr(request.state, "session_viewer", None)
    if viewer is None:
        return {"signed_in": False}
    return {
        "signed_in": True,
        "features": sorted(getattr(request.app.state, "features", set())),
        "user": viewer.user,
        "agency": viewer.agency,
        "roles": sorted(viewer.roles),
        "clearance": viewer.clearance.name.lower(),
        "csrf": request.state.session_csrf,
    }


def install_sessions(app: FastAPI) -> None:
    """Resolve the session cookie into a viewer; refuse cookie-authenticated writes without CSRF."""

    @app.middleware("http")
    async def _sessions(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        session_id = request.cookies.get(COOKIE)
        if session_id and "authorization" not in request.headers:
            hub: Hub = request.app.state.hub
            try:
                user, csrf = hub.store.session_user(session_id, _idle(hub))
            except AuthenticationError as exc:
                if request.url.path.startswith("/v1/"):
                    resp = JSONResponse(error_body(exc.code, exc.message), status_code=401)
                    resp.delete_cookie(COOKIE, path="/")
                    return resp
                return await call_next(request)
            request.state.session_viewer = user.viewer()
            request.state.session_csrf = csrf
            unsafe = request.method not in SAFE_METHODS and request.url.path != "/auth/login"
            if unsafe and request.headers.get("x-csrf-token") != csrf:
                return JSONResponse(
                    error_body("forbidden", "Missing or wrong CSRF token (send X-CSRF-Token)."),
                    status_code=403,
                )
        return await call_next(request)
