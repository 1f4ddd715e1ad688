"""Console sessions: password or token sign-in, HttpOnly SameSite cookie, CSRF, idle timeout, logout."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.clock import FixedClock
from tessera.service import Hub
from tessera.store import Store
from tessera.web.passwords import hash_password


def _client(store: Store) -> tuple[TestClient, str]:
    store.create_agency("AA", "Agency A", "EU", "police")
    _, token = store.create_user("ana", "AA", ["analyst"], password_hash=hash_password("correct horse"))
    return TestClient(create_app(Hub(store))), token


def test_password_sign_in_sets_a_safe_cookie_and_needs_csrf_for_writes(store: Store) -> None:
    client, _ = _client(store)
    assert client.post("/auth/login", json={"username": "ana", "password": "wrong"}).status_code == 401
    assert client.post("/auth/login", json={"username": "nobody", "password": "x"}).status_code == 401
    resp = client.post("/auth/login", json={"username": "ana", "password": "correct horse"})
    assert resp.status_code == 200
    cookie = resp.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    csrf = resp.json()["csrf"]
    assert client.get("/v1/me").json()["agency"] == "AA"
    body = {"schema": "Person", "properties": {"name": ["Quorvath Blenquist"]}}
    refused = client.post("/v1/entities", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    assert client.post("/v1/entities", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    client.post("/auth/logout", headers={"X-CSRF-Token": csrf})
    assert client.get("/v1/me").status_code == 401
    client.close()


def test_token_sign_in_and_idle_timeout(store: Store) -> None:
    client, token = _client(store)
    assert client.post("/auth/login", json={"token": token}).status_code == 200
    assert client.get("/auth/session").status_code == 200
    assert isinstance(store.clock, FixedClock)
    store.clock.advance(minutes=20)
    assert client.get("/v1/me").status_code == 200  # activity extends the session
    store.clock.advance(minutes=31)
    expired = client.get("/v1/me")
    assert expired.status_code == 401 and "timed out" in expired.json()["error"]["message"]
    client.close()


def test_console_page_is_served_with_security_headers(store: Store) -> None:
    client, _ = _client(store)
    page = client.get("/")
    assert page.status_code == 200 and "Tessera" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    client.close()
