"""A small finance federation for the finance service tests: NL (list owner), the Dutch FIU and
two banks in the designations group, served over the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tessera.api.app import create_app
from tessera.lists.model import ListEntry
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Marking
from tessera.service import Hub
from tessera.store import Store

HEADER = "id,name,date_of_birth,nationality,address,identifiers,type\n"
BANK_A_CSV = (
    HEADER
    + "A-1,Anselm Varrowby,1984-02-11,NL,Kerkstraat 1 Utrecht,NL123,person\n"
    + "A-2,Jolien de Graaf,1990-07-01,NL,,,person\n"
    + "A-3,,1990-07-01,NL,,,person\n"  # no name: rejected, reported with its line
    + "A-4,Varrow Trading BV,2001,NL,,KVK-991,company\n"
    + "A-5,Mirela Ostrowska,1979-13-40,PL,,,person\n"  # bad date: imported without it, reported
)
BANK_B_CSV = HEADER + "B-1,Anselm Varowby,1984-02-11,NL,,,person\nB-2,Pieter Claes,1975-03-03,BE,,,person\n"
VARROWBY = ListEntry(
    "NL-1", "Person", {"name": ["Anselm Varrowby"], "birthDate": ["1984-02-11"], "nationality": ["nl"]}
)
CLAES = ListEntry("NL-2", "Person", {"name": ["Pieter Claes"], "birthDate": ["1975-03-03"]})


@dataclass
class World:
    client: TestClient
    hub: Hub
    tokens: dict[str, str]
    steward: Viewer

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who: str, path: str) -> Any:
        resp = self.client.get(path, headers=self.h(who))
        return resp

    def publish(self, entries: list[ListEntry]) -> None:
        self.client.app.state.screening.store_version(  # type: ignore[attr-defined]
            self.steward, "nl-freeze", entries, fmt="ftm", source="test"
        )


def make_world(store: Store) -> World:
    store.create_agency("NL", "NL CT unit", "NL", "police")
    store.create_agency("NL-FIU", "NL FIU", "NL", "fiu")
    store.create_agency("BANK-A", "Bank A", "NL", "financial_institution")
    store.create_agency("BANK-B", "Bank B", "BE", "financial_institution")
    store.create_group("FIN-DESIG", "Designations", "NL", ["BANK-A", "BANK-B", "NL-FIU"])
    tokens = {}
    for name, agency in (("nl", "NL"), ("fiu", "NL-FIU"), ("a", "BANK-A"), ("b", "BANK-B")):
        _, tokens[name] = store.create_user(f"{name}-user", agency, ["analyst"], "unclassified")
    steward = Viewer("NL", "nl-steward", frozenset({"steward"}), Classification.CONFIDENTIAL)
    hub = Hub(store)
    client = TestClient(create_app(hub))
    store.create_list(
        steward,
        "nl-freeze",
        "NL freeze list",
        Marking.from_dict("NL", {"distribution": "group", "group": "FIN-DESIG"}),
    )
    return World(client, hub, tokens, steward)


def import_csv(world: World, who: str, csv: str) -> dict[str, Any]:
    resp = world.client.post(
        "/v1/finance/customers?source=test.csv", content=csv.encode(), headers=world.h(who)
    )
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body
