"""Sharing under each contributor's control, through the HTTP API, on every storage backend."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.hub.conftest import Federation

from tessera.clock import FixedClock

BE_ONLY = {
    "distribution": "partners",
    "partners": ["BE"],
    "discoverable": True,
    "handling": ["H2"],
    "classification": "restricted",
}
MEMBERS = {"distribution": "members"}


def test_owner_and_partner_read_others_get_the_same_404_as_for_nothing(fed: Federation) -> None:
    eid = fed.create("fr", "Person", {"name": ["Karim Vandenbossche"], "birthDate": ["1991-03-04"]}, BE_ONLY)
    assert fed.get("fr", f"/v1/entities/{eid}").status_code == 200
    seen = fed.get("be", f"/v1/entities/{eid}").json()
    assert seen["properties"]["name"] == ["Karim Vandenbossche"]
    assert seen["statements"][0]["marking"]["handling"] == ["H2"]
    hidden = fed.get("nl", f"/v1/entities/{eid}")
    absent = fed.get("nl", "/v1/entities/0123456789abcdef0123456789abcdef")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


def test_hit_no_hit_reveals_only_agency_and_reference(fed: Federation) -> None:
    fed.create("fr", "Person", {"name": ["Karim Vandenbossche"], "passportNumber": ["FR88X1234"]}, BE_ONLY)
    body = fed.get("nl", "/v1/search", q="Karim Vandenbosch").json()
    assert body["results"] == [] and body["total"] == 0
    assert len(body["hits"]) == 1 and set(body["hits"][0]) == {"agency", "ref"}
    assert body["hits"][0]["agency"] == "FR"
    text = json.dumps(body)
    assert "Vandenbossche" not in text and "FR88X1234" not in text
    # The same record, looked up again, gets a fresh reference: hits cannot be correlated.
    again = fed.get("nl", "/v1/search", q="FR88X1234").json()
    assert again["hits"][0]["ref"] != body["hits"][0]["ref"]
    # The partner sees the record itself, not a hit.
    be = fed.get("be", "/v1/search", q="Karim Vandenbossche").json()
    assert be["hits"] == [] and be["results"][0]["caption"] == "Karim Vandenbossche"


def test_not_discoverable_records_leave_no_trace(fed: Federation) -> None:
    fed.create("fr", "Person", {"name": ["Odile Marchetti"]}, {"distribution": "agency"})
    body = fed.get("nl", "/v1/search", q="Odile Marchetti").json()
    assert body == {"results": [], "hits": [], "total": 0}


def test_search_on_a_hidden_identifier_does_not_return_the_visible_entity(fed: Federation) -> None:
    eid = fed.create(
        "fr",
        "Person",
        {"name": ["Yannick Oosterhout"]},
        MEMBERS,
        facts=[{"prop": "passportNumber", "value": "ZZ7766554", "marking": BE_ONLY}],
    )
    nl = fed.get("nl", f"/v1/entities/{eid}").json()
    assert "passportNumber" not in nl["properties"]
    body = fed.get("nl", "/v1/search", q="ZZ7766554").json()
    assert body["results"] == [] and [h["agency"] for h in body["hits"]] == ["FR"]
    assert fed.get("be", "/v1/search", q="ZZ 7766554").json()["results"][0]["id"] == eid


def test_access_request_round_trip(fed: Federation) -> None:
    eid = fed.create("fr", "Person", {"name": ["Karim Vandenbossche"]}, BE_ONLY)
    ref = fed.get("nl", "/v1/search", q="Karim Vandenbossche").json()["hits"][0]["ref"]
    created = fed.client.post(
        "/v1/access-requests", json={"ref": ref, "purpose": "case NL-2026-17"}, headers=fed.h("nl")
    )
    assert created.status_code == 201 and "entity_id" not in created.json()
    # A third agency can neither see the request nor use the reference.
    assert fed.get("de", "/v1/access-requests").json()["requests"] == []
    stolen = fed.client.post(
        "/v1/access-requests", json={"ref": ref, "purpose": "case DE-1"}, headers=fed.h("de")
    )
    assert stolen.status_code == 404
    incoming = fed.get("fr", "/v1/access-requests").json()["requests"]
    assert incoming[0]["direction"] == "incoming" and incoming[0]["entity_id"] == eid
    rid = incoming[0]["id"]
    # Only the contributor's steward decides.
    denied = fed.client.post(
        f"/v1/access-requests/{rid}/decision", json={"decision": "approve"}, headers=fed.h("nl")
    )
    assert denied.status_code == 404
    until = (fed.store.clock.now() + timedelta(days=30)).isoformat()
    ok = fed.client.post(
        f"/v1/access-requests/{rid}/decision",
        json={"decision": "approve", "until": until},
        headers=fed.h("fr"),
    )
    assert ok.json()["status"] == "approved"
    assert fed.get("nl", f"/v1/entities/{eid}").json()["caption"] == "Karim Vandenbossche"
    out = fed.get("nl", "/v1/access-requests").json()["requests"][0]
    assert out["entity_id"] == eid and out["status"] == "approved"
    # The approval ends at its date.
    assert isinstance(fed.store.clock, FixedClock)
    fed.store.clock.advance(days=31)
    assert fed.get("nl", f"/v1/entities/{eid}").status_code == 404
    assert "entity_id" not in fed.get("nl", "/v1/access-requests").json()["requests"][0]


def test_refused_and_revoked_requests_grant_nothing(fed: Federation) -> None:
    eid = fed.create("fr", "Person", {"name": ["Karim Vandenbossche"]}, BE_ONLY)
    for decision in ("refuse", "revoke"):
        ref = fed.get("nl", "/v1/search", q="Karim Vandenbossche").json()["hits"][0]["ref"]
        rid = fed.client.post(
            "/v1/access-requests", json={"ref": ref, "purpose": "case NL-2026-17"}, headers=fed.h("nl")
        ).json()["id"]
        if decision == "revoke":
            fed.client.post(
                f"/v1/access-requests/{rid}/decision", json={"decision": "approve"}, headers=fed.h("fr")
            )
            assert fed.get("nl", f"/v1/entities/{eid}").status_code == 200
        resp = fed.client.post(
            f"/v1/access-requests/{rid}/decision", json={"decision": decision}, headers=fed.h("fr")
        )
        assert resp.status_code == 200, resp.text
        assert fed.get("nl", f"/v1/entities/{eid}").status_code == 404


def test_narrowing_a_marking_takes_effect_at_once_everywhere(fed: Federation) -> None:
    org = fed.create("fr", "Organization", {"name": ["Brigade of the Grey Dune"]}, MEMBERS)
    eid = fed.create("fr", "Person", {"name": ["Selim Haddouchi"]}, MEMBERS)
    fed.create("fr", "Membership", {"member": [eid], "organization": [org]}, MEMBERS)
    assert fed.get("nl", f"/v1/entities/{eid}").status_code == 200
    resp = fed.client.patch(f"/v1/entities/{eid}", json={"marking": BE_ONLY}, headers=fed.h("fr"))
    assert resp.status_code == 200
    assert fed.get("nl", f"/v1/entities/{eid}").status_code == 404
    assert fed.get("nl", "/v1/search", q="Selim Haddouchi").json()["results"] == []
    export = fed.get("nl", "/v1/export").text
    assert "Haddouchi" not in export and eid not in export
    graph = fed.get("nl", f"/v1/entities/{org}/neighbours").json()
    assert eid not in json.dumps(graph)
    assert fed.get("be", f"/v1/entities/{eid}").status_code == 200


def test_deletion_takes_effect_at_once_everywhere(fed: Federation) -> None:
    eid = fed.create("fr", "Person", {"name": ["Selim Haddouchi"]}, MEMBERS)
    assert fed.client.delete(f"/v1/entities/{eid}", headers=fed.h("be")).status_code == 403
    assert fed.client.delete(f"/v1/entities/{eid}", headers=fed.h("fr")).status_code == 204
    for user in ("fr", "be", "nl"):
        assert fed.get(user, f"/v1/entities/{eid}").status_code == 404
        assert fed.get(user, "/v1/search", q="Selim Haddouchi").json() == {
            "results": [],
            "hits": [],
            "total": 0,
        }
        assert eid not in fed.get(user, "/v1/export").text


def test_group_distribution_follows_membership(fed: Federation) -> None:
    eid = fed.create(
        "fr", "Person", {"name": ["Ilse Vermaelen"]}, {"distribution": "group", "group": "EU-PIU"}
    )
    assert fed.get("de", f"/v1/entities/{eid}").status_code == 200
    assert fed.get("nl", f"/v1/entities/{eid}").status_code == 404
    # A group the contributor is not in looks exactly like a group that does not exist.
    bad = fed.client.post(
        "/v1/entities",
        json={
            "schema": "Person",
            "properties": {"name": ["X Y"]},
            "marking": {"distribution": "group", "group": "EU-PIU"},
        },
        headers=fed.h("nl"),
    )
    missing = fed.client.post(
        "/v1/entities",
        json={
            "schema": "Person",
            "properties": {"name": ["X Y"]},
            "marking": {"distribution": "group", "group": "NOPE"},
        },
        headers=fed.h("nl"),
    )
    assert bad.status_code == missing.status_code == 422
    assert bad.json()["error"]["details"][0]["message"].startswith("no such group")
    # Group and member lists are visible to members only.
    assert fed.get("nl", "/v1/me").json()["groups"] == []
    assert fed.get("de", "/v1/me").json()["groups"][0]["members"] == ["BE", "DE", "FR"]


def test_classification_above_clearance_is_hidden(fed: Federation) -> None:
    eid = fed.create(
        "fr",
        "Person",
        {"name": ["Noor Baptiste"]},
        {"distribution": "members", "classification": "confidential"},
    )
    assert fed.get("be", f"/v1/entities/{eid}").status_code == 200
    assert fed.get("be-low", f"/v1/entities/{eid}").status_code == 404
    assert fed.get("be-low", "/v1/search", q="Noor Baptiste").json()["total"] == 0


def test_references_to_hidden_entities_are_dropped_and_refused(fed: Federation) -> None:
    hidden = fed.create("fr", "Person", {"name": ["Selim Haddouchi"]}, BE_ONLY)
    passport = fed.create("fr", "Passport", {"holder": [hidden], "number": ["P0001"]}, MEMBERS)
    view = fed.get("nl", f"/v1/entities/{passport}").json()
    assert "holder" not in view["properties"] and hidden not in json.dumps(view)
    assert hidden not in fed.get("nl", "/v1/export").text
    # Referring to a hidden entity fails exactly like referring to a nonexistent one.
    r1 = fed.client.post(
        "/v1/entities", json={"schema": "Passport", "properties": {"holder": [hidden]}}, headers=fed.h("nl")
    )
    r2 = fed.client.post(
        "/v1/entities", json={"schema": "Passport", "properties": {"holder": ["f" * 32]}}, headers=fed.h("nl")
    )
    assert r1.status_code == r2.status_code == 422
    assert r1.json()["error"]["details"][0]["message"].replace(hidden, "X") == r2.json()["error"]["details"][
        0
    ]["message"].replace("f" * 32, "X")


def test_neighbours_show_only_the_visible_subgraph(fed: Federation) -> None:
    org = fed.create("fr", "Organization", {"name": ["Brigade of the Grey Dune"]}, MEMBERS)
    a = fed.create("fr", "Person", {"name": ["Selim Haddouchi"]}, MEMBERS)
    b = fed.create("fr", "Person", {"name": ["Rachid Vanderlinden"]}, BE_ONLY)
    fed.create("fr", "Membership", {"member": [a], "organization": [org], "role": ["financier"]}, MEMBERS)
    fed.create("fr", "Membership", {"member": [b], "organization": [org]}, MEMBERS)
    be = fed.get("be", f"/v1/entities/{org}/neighbours", depth=2).json()
    assert {n["id"] for n in be["nodes"]} == {org, a, b} and len(be["edges"]) == 2
    nl = fed.get("nl", f"/v1/entities/{org}/neighbours", depth=2).json()
    assert {n["id"] for n in nl["nodes"]} == {org, a} and len(nl["edges"]) == 1
    assert "Vanderlinden" not in json.dumps(nl) and b not in json.dumps(nl)
    assert fed.get("nl", f"/v1/entities/{b}/neighbours").status_code == 404


def test_other_agencies_contribute_their_own_facts(fed: Federation) -> None:
    eid = fed.create("fr", "Person", {"name": ["Selim Haddouchi"]}, MEMBERS)
    resp = fed.client.patch(
        f"/v1/entities/{eid}",
        json={"properties": {"nationality": ["be"]}, "marking": {"distribution": "agency"}},
        headers=fed.h("be"),
    )
    assert resp.status_code == 200
    facts = {(s["prop"], s["agency"]) for s in resp.json()["statements"]}
    assert ("nationality", "BE") in facts and ("name", "FR") in facts
    assert "nationality" not in fed.get("fr", f"/v1/entities/{eid}").json()["properties"]


def test_import_and_export_ftm(fed: Federation) -> None:
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Amira Kowalczyk"]}},
        {"id": "o1", "schema": "Organization", "properties": {"name": ["Veil Logistics"]}},
        {"id": "m1", "schema": "Membership", "properties": {"member": ["p1"], "organization": ["o1"]}},
    ]
    body = "\n".join(json.dumps(x) for x in lines)
    resp = fed.client.post(
        "/v1/import",
        content=body,
        params={"marking": json.dumps(MEMBERS)},
        headers={**fed.h("de"), "Content-Type": "application/x-ndjson"},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["created"] == 3
    exported = [json.loads(x) for x in fed.get("nl", "/v1/export").text.splitlines()]
    by_schema = {e["schema"]: e for e in exported}
    assert by_schema["Membership"]["properties"]["member"] == [by_schema["Person"]["id"]]
    bad = fed.client.post(
        "/v1/import",
        json={"entities": [{"id": "x", "schema": "Person", "properties": {"nmae": ["A"]}}]},
        headers=fed.h("de"),
    )
    assert bad.status_code == 422 and "line 1" in bad.json()["error"]["details"][0]["location"]


def test_validation_collects_every_error(fed: Federation) -> None:
    resp = fed.client.post(
        "/v1/entities",
        json={
            "schema": "Person",
            "properties": {"nmae": ["x"], "birthDate": ["not a date"]},
            "marking": {"distribution": "partners", "handling": ["H9"]},
        },
        headers=fed.h("nl"),
    )
    assert resp.status_code == 422
    locations = {d["location"] for d in resp.json()["error"]["details"]}
    assert {"marking.partners", "marking.handling"} <= locations


def test_unauthenticated_and_role_checks(fed: Federation) -> None:
    assert fed.client.get("/v1/search", params={"q": "x"}).status_code == 401
    assert (
        fed.client.get("/v1/search", params={"q": "x"}, headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )
    assert fed.get("nl", "/v1/audit").status_code == 403
    resp = fed.client.post(
        "/v1/entities", json={"schema": "Person", "properties": {"name": ["A B"]}}, headers=fed.h("auditor")
    )
    assert resp.status_code == 403
