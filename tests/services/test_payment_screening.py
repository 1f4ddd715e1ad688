"""Payment screening over HTTP: a party on a list the bank may see holds the payment, with the
reason; a clean payment passes; a malformed message gets the one error shape naming the field."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.lists.model import ListEntry
from tessera.policy.markings import Marking
from tessera.service import Hub
from tessera.store import Store

DATA = Path(__file__).resolve().parents[1] / "finance" / "data"


def test_listed_debtor_holds_the_payment(store: Store) -> None:
    store.create_agency("NL", "NL CT", "NL", "police")
    store.create_agency("BANK", "Bank", "NL", "financial_institution")
    store.create_agency("OTHER", "Other bank", "BE", "financial_institution")
    store.create_group("FIN-DESIG", "Designations", "NL", ["BANK"])
    steward, _ = store.create_user("nl", "NL", ["steward"])
    _, bank = store.create_user("officer", "BANK", ["analyst"])
    _, other = store.create_user("other", "OTHER", ["analyst"])
    hub = Hub(store)
    client = TestClient(create_app(hub))
    screening = client.app.state.screening  # type: ignore[attr-defined]
    store.create_list(
        steward.viewer(),
        "nl-freeze",
        "NL freeze list",
        Marking.from_dict("NL", {"distribution": "group", "group": "FIN-DESIG"}),
    )
    screening.store_version(
        steward.viewer(),
        "nl-freeze",
        [ListEntry("NL-1", "Person", {"name": ["Anselm Varrowby"]})],
        fmt="ftm",
        source="test",
    )
    raw = (DATA / "pacs008_v08_two_tx.xml").read_bytes()
    held = client.post(
        "/v1/finance/payments/screen", content=raw, headers={"Authorization": f"Bearer {bank}"}
    )
    assert held.status_code == 200, held.text
    outcomes = [p["outcome"] for p in held.json()["payments"]]
    assert "hold" in outcomes
    assert any("nl-freeze" in r and "NL-1" in r for p in held.json()["payments"] for r in p["reasons"])
    # A bank outside the receiving group does not see the designation: the same payment passes.
    passed = client.post(
        "/v1/finance/payments/screen", content=raw, headers={"Authorization": f"Bearer {other}"}
    )
    assert {p["outcome"] for p in passed.json()["payments"]} == {"pass"}
    bad = client.post(
        "/v1/finance/payments/screen",
        content=(DATA / "mt103_bad.txt").read_bytes(),
        headers={"Authorization": f"Bearer {bank}"},
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]
    client.close()
