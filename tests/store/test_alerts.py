"""Alert workflow: one alert per dedupe key, allowed transitions only, reasons required, isolation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.errors import NotFound, ValidationError
from tessera.service import Hub
from tessera.store import Store


def test_alert_workflow_and_isolation(store: Store) -> None:
    for code in ("PIU", "BANK"):
        store.create_agency(code, code, "EU", "piu")
    piu, piu_token = store.create_user("op", "PIU", ["analyst"])
    bank, _ = store.create_user("officer", "BANK", ["analyst"])
    first, created = store.raise_alert(
        kind="travel",
        agency="PIU",
        dedupe_key="t1:LH123",
        subject="A B",
        context={"summary": "LH123"},
        reasons=["list hit"],
        refs={},
    )
    again, created_again = store.raise_alert(
        kind="travel",
        agency="PIU",
        dedupe_key="t1:LH123",
        subject="A B",
        context={},
        reasons=["rule R1 v2"],
        refs={},
    )
    assert created and not created_again and again.id == first.id
    assert again.reasons == ["list hit", "rule R1 v2"]
    with pytest.raises(NotFound):
        store.get_alert(bank.viewer(), first.id)
    assert store.list_alerts(bank.viewer()) == []
    viewer = piu.viewer()
    with pytest.raises(ValidationError):
        store.transition(viewer, first.id, "confirmed")
    store.transition(viewer, first.id, "in_review")
    with pytest.raises(ValidationError):
        store.transition(viewer, first.id, "dismissed", "")
    done = store.transition(viewer, first.id, "dismissed", "namesake, different date of birth")
    assert done.status == "dismissed"
    assert [e["status"] for e in store.alert_history(viewer, first.id)] == ["new", "in_review", "dismissed"]
    client = TestClient(create_app(Hub(store)))
    listed = client.get("/v1/alerts", headers={"Authorization": f"Bearer {piu_token}"}).json()["alerts"]
    assert [a["id"] for a in listed] == [first.id]
    client.close()
