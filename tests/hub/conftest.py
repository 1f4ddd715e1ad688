"""A small federation for the hub tests: four agencies, a group, users with tokens, an API client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.service import Hub
from tessera.store import Store


@dataclass
class Federation:
    client: TestClient
    store: Store
    tokens: dict[str, str] = field(default_factory=dict)

    def h(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def create(
        self,
        user: str,
        schema: str,
        properties: dict[str, Any],
        marking: dict[str, Any] | None = None,
        **extra: Any,
    ) -> str:
        body: dict[str, Any] = {"schema": schema, "properties": properties, **extra}
        if marking is not None:
            body["marking"] = marking
        resp = self.client.post("/v1/entities", json=body, headers=self.h(user))
        assert resp.status_code == 201, resp.text
        return str(resp.json()["id"])

    def get(self, user: str, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.h(user))


@pytest.fixture
def fed(store: Store) -> Iterator[Federation]:
    for code in ("NL", "BE", "FR", "DE"):
        store.create_agency(code, f"{code} counter-terrorism unit", code, "police")
    store.create_agency("OVS", "Oversight board", "EU", "oversight")
    store.create_group("EU-PIU", "EU PIUs", "FR", ["BE", "DE"])
    tokens = {}
    for code in ("NL", "BE", "FR", "DE"):
        _, tokens[code.lower()] = store.create_user(
            code.lower(), code, ["analyst", "steward"], "confidential"
        )
        _, tokens[code.lower() + "-low"] = store.create_user(
            code.lower() + "-low", code, ["analyst"], "unclassified"
        )
    _, tokens["auditor"] = store.create_user("auditor", "OVS", ["auditor"], "restricted")
    client = TestClient(create_app(Hub(store)))
    yield Federation(client, store, tokens)
    client.close()
