"""Property: through the HTTP API, no value outside a viewer's visibility appears in any response.

Hypothesis generates agencies, groups, markings, records, relationships, access requests and
viewers; the expected visibility comes from the pure policy (``tessera.policy.core.can_read``), and
every read path is checked: entity, search (including its counts), neighbours, export,
access requests and error responses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tessera.api.app import create_app
from tessera.clock import FixedClock
from tessera.policy.core import Grant, Viewer, can_read
from tessera.policy.markings import Classification, Marking
from tessera.service import Hub
from tessera.store import Store, make_engine, upgrade
from tessera.store.tables import metadata

AGENCIES = ["AA", "BB", "CC", "DD"]
# Distinct made-up words: each statement carries one, so any leak is visible as a substring.
WORDS = [
    "Quorvath",
    "Blenquist",
    "Zarimond",
    "Pelturak",
    "Vostrelin",
    "Hammerjoy",
    "Kelvadore",
    "Drumsalt",
    "Orvingale",
    "Tuskerwin",
    "Fennimore",
    "Glasswick",
    "Yarrowby",
    "Mordacai",
    "Sternhollow",
    "Wexhampton",
    "Ulvengard",
    "Corriebar",
    "Jestlemoor",
    "Nimbricht",
    "Ashvellow",
    "Brackenfell",
    "Pundermark",
    "Rivelstone",
]


@dataclass
class Fact:
    entity: int
    value: str
    marking: Marking
    stmt_prop: str = "name"


markings_st = st.fixed_dictionaries(
    {
        "distribution": st.sampled_from(["agency", "partners", "group", "members"]),
        "partners": st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=3, unique=True),
        "discoverable": st.booleans(),
        "classification": st.sampled_from(["unclassified", "restricted", "confidential"]),
    }
)


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, object]:
    group_members = draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=4, unique=True))
    n_entities = draw(st.integers(min_value=1, max_value=5))
    entities = []
    words = iter(WORDS + [w[::-1].capitalize() for w in WORDS])  # 5 entities x 3 facts x 2 words
    for _ in range(n_entities):
        owner = draw(st.sampled_from(AGENCIES))
        facts = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            m = draw(markings_st)
            if m["distribution"] == "group":
                m = {**m, "group": "GRP"} if owner in group_members else {**m, "distribution": "agency"}
            if m["distribution"] != "partners":
                m = {k: v for k, v in m.items() if k != "partners"}
            facts.append((next(words) + " " + next(words), m))
        entities.append({"owner": owner, "facts": facts})
    links = draw(
        st.lists(
            st.tuples(st.integers(0, n_entities - 1), st.integers(0, n_entities - 1), markings_st), max_size=3
        )
    )
    clearances = {a: draw(st.sampled_from(list(Classification))) for a in AGENCIES}
    approvals = draw(
        st.lists(st.tuples(st.sampled_from(AGENCIES), st.integers(0, n_entities - 1)), max_size=3)
    )
    return {
        "groups": group_members,
        "entities": entities,
        "links": links,
        "clearances": clearances,
        "approvals": approvals,
    }


def _fresh_store(path: Path) -> Store:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    return Store(engine, clock=FixedClock(datetime(2026, 11, 1)), secret="t")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_no_response_contains_what_the_viewer_may_not_see(world: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    store = _fresh_store(tmp_path / "prop.db")
    for code in AGENCIES:
        store.create_agency(code, f"Agency {code}", "EU", "police")
    store.create_group("GRP", "Group", world["groups"][0], world["groups"])
    tokens = {}
    for code in AGENCIES:
        _, tokens[code] = store.create_user(
            code, code, ["analyst", "steward"], world["clearances"][code].name
        )
    client = TestClient(create_app(Hub(store)))

    def h(code: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[code]}"}

    ids: list[str] = []
    facts: list[Fact] = []
    for idx, ent in enumerate(world["entities"]):
        first_value, first_marking = ent["facts"][0]
        extra = [{"prop": "alias", "value": v, "marking": m} for v, m in ent["facts"][1:]]
        resp = client.post(
            "/v1/entities",
            headers=h(ent["owner"]),
            json={
                "schema": "Person",
                "properties": {"name": [first_value]},
                "marking": first_marking,
                "facts": extra,
            },
        )
        assert resp.status_code == 201, resp.text
        ids.append(resp.json()["id"])
        for value, m in ent["facts"]:
            facts.append(Fact(idx, value, Marking.from_dict(ent["owner"], m)))
    link_facts: list[tuple[int, int, Marking, str]] = []
    for src, dst, m in world["links"]:
        owner = world["entities"][src]["owner"]
        m = {k: v for k, v in m.items() if k != "partners"} if m["distribution"] != "partners" else m
        if m["distribution"] == "group":
            m = {**m, "distribution": "members"}
        resp = client.post(
            "/v1/entities",
            headers=h(owner),
            json={
                "schema": "Associate",
                "properties": {"person": [ids[src]], "associate": [ids[dst]]},
                "marking": m,
            },
        )
        # The link's author may not see the far end: then the write is refused like a missing id.
        if resp.status_code == 201:
            link_facts.append((src, dst, Marking.from_dict(owner, m), resp.json()["id"]))
        else:
            assert resp.status_code == 422 and "no such entity" in resp.text
    # Access requests: search for a hidden value, request with the hit reference, owner approves.
    grants: list[Grant] = []
    for requester, target in world["approvals"]:
        value = world["entities"][target]["facts"][0][0]
        hits = client.get("/v1/search", params={"q": value}, headers=h(requester)).json()["hits"]
        for hit in hits:
            rid = client.post(
                "/v1/access-requests",
                json={"ref": hit["ref"], "purpose": "property test"},
                headers=h(requester),
            ).json()["id"]
            ok = client.post(
                f"/v1/access-requests/{rid}/decision", json={"decision": "approve"}, headers=h(hit["agency"])
            )
            assert ok.status_code == 200
            grants.append(Grant(ids[target], hit["agency"], requester))

    now = store.clock.now()
    for code in AGENCIES:
        viewer = Viewer(
            agency=code,
            user=code,
            clearance=world["clearances"][code],
            groups=frozenset({"GRP"} if code in world["groups"] else set()),
        )
        visible = {
            f.value
            for f in facts
            if can_read(viewer, f.marking, entity_id=ids[f.entity], grants=grants, now=now)
        }
        hidden = {f.value for f in facts} - visible
        hidden_words = {w for v in hidden for w in v.split()} - {w for v in visible for w in v.split()}
        visible_entities = {ids[f.entity] for f in facts if f.value in visible}
        hidden_ids = set(ids) - visible_entities
        hidden_links = {
            lid
            for s, d, m, lid in link_facts
            if not can_read(viewer, m, entity_id=lid, grants=grants, now=now)
            or ids[s] in hidden_ids
            or ids[d] in hidden_ids
        }
        texts: list[str] = []
        missing = client.get("/v1/entities/" + "0" * 32, headers=h(code))
        for idx, eid in enumerate(ids):
            resp = client.get(f"/v1/entities/{eid}", headers=h(code))
            texts.append(resp.text)
            if eid in visible_entities:
                assert resp.status_code == 200
                shown = set(
                    resp.json()["properties"].get("name", []) + resp.json()["properties"].get("alias", [])
                )
                assert shown == {f.value for f in facts if f.entity == idx and f.value in visible}
            else:
                assert (resp.status_code, resp.json()) == (missing.status_code, missing.json())
            nb = client.get(f"/v1/entities/{eid}/neighbours", params={"depth": 3}, headers=h(code))
            texts.append(nb.text)
            if nb.status_code == 200:
                node_ids = {n["id"] for n in nb.json()["nodes"]}
                assert node_ids <= visible_entities
                assert {e["id"].split(":")[0] for e in nb.json()["edges"]}.isdisjoint(hidden_links)
        for fact in facts:
            body = client.get("/v1/search", params={"q": fact.value}, headers=h(code)).json()
            texts.append(json.dumps(body))
            assert body["total"] == len(body["results"])
            assert {r["id"] for r in body["results"]} <= visible_entities
            for hit in body["hits"]:
                assert set(hit) == {"agency", "ref"}
        export = client.get("/v1/export", headers=h(code)).text
        texts.append(export)
        assert {json.loads(x)["id"] for x in export.splitlines()} <= visible_entities | (
            {lid for _, _, _, lid in link_facts} - hidden_links
        )
        texts.append(client.get("/v1/access-requests", headers=h(code)).text)
        texts.append(client.get("/v1/me", headers=h(code)).text)
        blob = "\n".join(texts)
        for word in hidden_words:
            assert word not in blob, f"{code} saw hidden value {word}"
        own_requests = client.get("/v1/access-requests", headers=h(code)).json()["requests"]
        for eid in hidden_ids:
            # Hidden ids appear only in requests the owner has answered or received - never otherwise.
            if not any(r.get("entity_id") == eid for r in own_requests):
                assert eid not in blob.replace(f"/v1/entities/{eid}", ""), f"{code} saw hidden id"
    client.close()
    store.engine.dispose()
