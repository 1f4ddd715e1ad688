"""One JSON error shape for every failure of the API, pinned."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.service import Hub
from tessera.store import Store

SHAPE = {"error": {"code", "message", "details"}}


def _shape(body: dict) -> dict:  # type: ignore[type-arg]
    return {k: set(v) for k, v in body.items()}


def test_every_error_has_the_same_shape(store: Store) -> None:
    store.create_agency("AA", "Agency A", "EU", "police")
    _, token = store.create_user("a", "AA", ["analyst"])
    client = TestClient(create_app(Hub(store)))
    auth = {"Authorization": f"Bearer {token}"}
    cases = [
        (client.get("/v1/entities/x"), 401, "unauthenticated"),
        (client.get("/v1/entities/x", headers=auth), 404, "not_found"),
        (client.get("/v1/nowhere", headers=auth), 404, "not_found"),
        (client.post("/v1/entities", json={"schema": "Nope"}, headers=auth), 422, "invalid_input"),
        (client.post("/v1/entities", json={"bad": 1}, headers=auth), 422, "invalid_input"),
        (client.get("/v1/audit", headers=auth), 403, "forbidden"),
        (client.get("/v1/search", params={"q": ""}, headers=auth), 422, "invalid_input"),
    ]
    for resp, status, code in cases:
        assert resp.status_code == status, resp.text
        body = resp.json()
        assert _shape(body) == SHAPE
        assert body["error"]["code"] == code
    assert client.get("/v1/entities/x", headers=auth).json() == {
        "error": {"code": "not_found", "message": "No such entity.", "details": []}
    }
    client.close()


def test_openapi_is_served(store: Store) -> None:
    client = TestClient(create_app(Hub(store)))
    spec = client.get("/openapi.json").json()
    for path in ("/v1/entities", "/v1/search", "/v1/export", "/v1/access-requests", "/v1/audit"):
        assert path in spec["paths"]
    client.close()
