"""Re-personalisation through the API with a controllable clock: at 6 months the originals are
sealed (encrypted) and masked everywhere; a justified request by a PIU analyst, approved by a
different user with the steward role, reveals one record to the requester only, until a
deadline; every step is audited; after 5 years the sealed originals are deleted too."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from tests.services.test_travel_service import _message, _setup

from tessera.clock import FixedClock
from tessera.store import Store
from tessera.store.tables import travel_sealed

JUSTIFICATION = "Case BE-2027-031: suspected facilitation network, traveller matched the national list"


def _users(store: Store) -> dict[str, str]:
    tokens = {}
    for user, roles in (("analyst2", ["analyst"]), ("steward", ["steward"]), ("auditor", ["auditor"])):
        agency = "HUB" if user == "auditor" else "BE-PIU"
        tokens[user] = store.create_user(user, agency, roles, "confidential")[1]
    store.create_agency("NL-PIU", "Dutch PIU", "NL", "piu")
    tokens["nl"] = store.create_user("nl", "NL-PIU", ["analyst", "steward"], "confidential")[1]
    return tokens


def test_repersonalisation_needs_a_justified_request_approved_by_someone_else(store: Store) -> None:
    _hub, travel, client, tokens = _setup(store)
    tokens |= _users(store)
    assert isinstance(store.clock, FixedClock)

    def h(user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[user]}"}

    def call(method: str, user: str, path: str, **kw: Any) -> Any:
        return client.request(method, f"/v1/travel{path}", headers=h(user), **kw)

    travel.ingest(store.user_by_name("piu").viewer(), _message(), "push")
    key = call("GET", "piu", "/flights").json()["flights"][0]["flight"]
    benali = next(
        t for t in call("GET", "piu", f"/flights/{key}").json()["travellers"] if "BENALI" in t["name"]
    )
    alerts = client.get("/v1/alerts", headers=h("piu")).json()
    assert "BENALI" in json.dumps(alerts)
    # Not depersonalised yet: nothing to re-personalise.
    early = call(
        "POST", "piu", "/repersonalisations", json={"traveller": benali["id"], "justification": JUSTIFICATION}
    )
    assert early.status_code == 422

    store.clock.advance(days=190)
    assert travel.run_retention()["depersonalised"] == 1
    assert travel.run_retention()["depersonalised"] == 0  # sealed once, not again
    masked = json.dumps(call("GET", "piu", f"/flights/{key}").json())
    assert "BENALI" not in masked and "FR7788990" not in masked
    unconfirmed = json.dumps(client.get("/v1/alerts", headers=h("piu")).json())
    assert "BENALI" not in unconfirmed.upper() and "FR7788990" not in unconfirmed
    with store.engine.connect() as conn:
        sealed = conn.execute(select(travel_sealed.c.payload)).scalars().all()
    assert len(sealed) == 1 and "BENALI" not in sealed[0].upper()  # encrypted at rest

    # A request needs a justification; another PIU cannot even see the record.
    body = {"traveller": benali["id"], "justification": "because"}
    assert call("POST", "piu", "/repersonalisations", json=body).status_code == 422
    body["justification"] = JUSTIFICATION
    assert call("POST", "nl", "/repersonalisations", json=body).status_code == 404
    assert call("POST", "steward", "/repersonalisations", json=body).status_code == 403  # not an analyst
    created = call("POST", "piu", "/repersonalisations", json=body)
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    assert created.json()["status"] == "pending"

    # Nothing is revealed before a decision; the requester cannot approve their own request.
    assert call("GET", "piu", f"/repersonalisations/{rid}/record").status_code == 403
    own = call(
        "POST", "piu", f"/repersonalisations/{rid}/decision", json={"decision": "approve", "reason": "ok"}
    )
    assert own.status_code == 403
    approve = {"decision": "approve", "reason": "proportionate to case BE-2027-031", "hours": 24}
    assert call("POST", "analyst2", f"/repersonalisations/{rid}/decision", json=approve).status_code == 403
    assert call("POST", "nl", f"/repersonalisations/{rid}/decision", json=approve).status_code == 404
    decided = call("POST", "steward", f"/repersonalisations/{rid}/decision", json=approve)
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "approved" and decided.json()["until"]

    # Revealed to the requester only, and only for the approved time.
    shown = call("GET", "piu", f"/repersonalisations/{rid}/record")
    assert shown.status_code == 200, shown.text
    text = json.dumps(shown.json())
    assert "BENALI" in text and "FR7788990" in text and shown.json()["traveller"]["id"] == benali["id"]
    assert call("GET", "analyst2", f"/repersonalisations/{rid}/record").status_code == 403
    assert call("GET", "steward", f"/repersonalisations/{rid}/record").status_code == 403
    assert "BENALI" not in json.dumps(call("GET", "piu", f"/flights/{key}").json())  # still masked
    store.clock.advance(hours=25)
    assert call("GET", "piu", f"/repersonalisations/{rid}/record").status_code == 403

    # Every step is audited.
    entries = client.get("/v1/audit", headers=h("auditor"), params={"limit": 5000}).json()["entries"]
    actions = [(e["actor"], e["action"]) for e in entries]
    for step in (
        ("piu", "travel.repersonalise.request"),
        ("steward", "travel.repersonalise.decide"),
        ("piu", "travel.repersonalise.reveal"),
        ("analyst2", "travel.repersonalise.refused"),
    ):
        assert step in actions, step
    request_entry = next(e for e in entries if e["action"] == "travel.repersonalise.request")
    assert request_entry["detail"]["justification"] == JUSTIFICATION

    # After 5 years the sealed originals go with the message.
    store.clock.advance(days=5 * 366)
    assert travel.run_retention()["deleted"] == 1
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(travel_sealed)).scalar() == 0
    assert call("GET", "piu", f"/repersonalisations/{rid}/record").status_code in (403, 404)
    client.close()
