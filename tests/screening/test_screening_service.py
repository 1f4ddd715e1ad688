"""Screening end to end: list versions and differences, the yente-shaped API, hub subjects under
the policy, and the command line against the real OFAC list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.errors import NotFound
from tessera.matching import Screener
from tessera.matching.compare import prepare
from tessera.screening.service import HUB_LIST, ScreeningService
from tessera.service import Hub
from tessera.store import Store

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _ftm(path: Path, entries: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "schema": "Person", "properties": {"name": [n], "birthDate": [d]}})
            for i, n, d in entries
        ),
        encoding="utf-8",
    )
    return path


def _setup(store: Store) -> tuple[Hub, ScreeningService, dict[str, str]]:
    for code in ("NL", "BE", "HUB"):
        store.create_agency(code, code, "EU", "police")
    tokens = {
        c: store.create_user(c.lower(), c, ["analyst", "steward"], "confidential")[1]
        for c in ("NL", "BE", "HUB")
    }
    hub = Hub(store)
    return hub, ScreeningService(hub), tokens


def test_versions_diff_and_index_refresh(store: Store, tmp_path: Path) -> None:
    _hub, service, _ = _setup(store)
    viewer = store.user_by_name("hub").viewer()
    v1 = _ftm(
        tmp_path / "v1.jsonl", [("a", "Karim Benali", "1980-05-04"), ("b", "Olga Ivanova", "1975-01-02")]
    )
    report = service.import_list(viewer, "national", v1, "ftm")
    assert (report.version, report.added) == (1, 2)
    assert service.screen(
        viewer, ["national"], [{"id": "q", "schema": "Person", "properties": {"name": ["Karim Benali"]}}]
    )[0].matches
    v2 = _ftm(
        tmp_path / "v2.jsonl", [("a", "Karim Benali", "1980-05-05"), ("c", "Pieter Dekker", "1990-09-09")]
    )
    report = service.import_list(viewer, "national", v2, "ftm")
    assert (report.version, report.added, report.removed, report.changed) == (2, 1, 1, 1)
    version, changes = store.changes(viewer, "national")
    assert version == 2 and {c["change"] for c in changes} == {"added", "removed", "changed"}
    # The index follows the stored version: the removed entry no longer matches, the new one does.
    q = [
        {"id": "1", "schema": "Person", "properties": {"name": ["Olga Ivanova"]}},
        {"id": "2", "schema": "Person", "properties": {"name": ["Pieter Dekker"]}},
    ]
    results = service.screen(viewer, ["national"], q)
    assert results[0].matches == [] and results[1].matches[0].entity_id == "c"


def test_hub_subjects_are_screened_through_the_policy(store: Store) -> None:
    hub, service, _ = _setup(store)
    be = store.user_by_name("be").viewer()
    nl = store.user_by_name("nl").viewer()
    hub.create_entity(
        be,
        "Person",
        {"name": ["Karim Benali"], "birthDate": ["1980-05-04"]},
        {"distribution": "agency", "discoverable": True},
        watch=True,
    )
    query = [
        {"id": "q", "schema": "Person", "properties": {"name": ["Karim Benali"], "birthDate": ["1980-05-04"]}}
    ]
    own = service.screen(be, [HUB_LIST], query)[0]
    assert own.matches and "same date of birth" in own.matches[0].explanation
    other = service.screen(nl, [HUB_LIST], query)[0]
    assert other.matches == [] and [h.agency for h in other.hits] == ["BE"]
    assert "Benali" not in json.dumps(other.to_dict())


def test_match_api_in_the_shape_of_yente(store: Store, tmp_path: Path) -> None:
    hub, service, tokens = _setup(store)
    viewer = store.user_by_name("hub").viewer()
    service.import_list(
        viewer, "national", _ftm(tmp_path / "l.jsonl", [("a", "Karim Benali", "1980-05-04")]), "ftm"
    )
    client = TestClient(create_app(hub))
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Benali Karim"]}}}}
    resp = client.post("/match/national", json=body, headers={"Authorization": f"Bearer {tokens['NL']}"})
    assert resp.status_code == 200, resp.text
    result = resp.json()["responses"]["q1"]["results"][0]
    assert result["id"] == "a" and result["match"] is True and "name" in result["features"]
    missing = client.post("/match/nope", json=body, headers={"Authorization": f"Bearer {tokens['NL']}"})
    assert missing.status_code == 404
    client.close()


@pytest.mark.skipif(not (SHARED / "lists").exists(), reason="../shared is not present")
def test_cli_imports_ofac_and_finds_bin_laden_in_three_forms(tmp_path: Path) -> None:
    env = {**os.environ, "TESSERA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    cli = [sys.executable, "-m", "tessera.cli"]
    done = subprocess.run(
        [
            *cli,
            "lists",
            "import",
            str(SHARED / "lists" / "ofac-sdn-2021-04"),
            "--format",
            "ofac-csv",
            "--list",
            "ofac",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["entries"] == 8890
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps({"id": str(i), "schema": "Person", "properties": {"name": [n]}})
            for i, n in enumerate(["Usama bin Laden", "أسامة بن لادن", "Oussama Ben Laden"])
        ),
        encoding="utf-8",
    )
    out = subprocess.run(
        [*cli, "screen", str(queries), "--list", "ofac"], env=env, capture_output=True, text=True, check=True
    )
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [line["matches"][0]["entity_id"] for line in lines] == ["ofac-6365"] * 3


def test_prepared_queries_screen_as_their_dicts_under_the_same_policy(store: Store, tmp_path: Path) -> None:
    _hub, service, _ = _setup(store)
    nl = store.user_by_name("nl").viewer()
    path = _ftm(tmp_path / "l.jsonl", [("a", "Karim Benali", "1980-05-04"), ("b", "Karim Ben Ali", "1981")])
    service.import_list(nl, "national", path, "ftm", marking={"distribution": "agency"})
    queries = [
        {"id": "1", "schema": "Person", "properties": {"name": ["Karim Benali"], "birthDate": ["1980"]}},
        {"id": "2", "schema": "Person", "properties": {"name": ["Olga Ivanova"]}},
    ]
    by_dict = service.screen(nl, ["national"], queries, threshold=0.5, limit=5)
    prepared = [prepare(q) for q in queries]
    by_prepared = service.screen_prepared(nl, "national", prepared, threshold=0.5, limit=5)
    assert [r.matches for r in by_dict] == by_prepared and by_prepared[0] and not by_prepared[1]
    assert by_prepared[0][0].caption == "Karim Benali" and by_dict[0].id == "1"
    screener = Screener([("a", {"schema": "Person", "properties": {"name": ["Karim Benali"]}})])
    assert screener.screen_prepared(prepared[0]) == screener.screen(queries[0])
    with pytest.raises(NotFound):  # a list the viewer may not see
        service.screen_prepared(store.user_by_name("be").viewer(), "national", prepared)
