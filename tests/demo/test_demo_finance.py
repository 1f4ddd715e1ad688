"""The finance demo: two banks' synthetic customers, some designated during the seed, get alerts."""

from __future__ import annotations

from tessera.demo.finance import seed_finance, split_designations
from tessera.lists.model import ListEntry
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Marking
from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.store import Store


def test_designations_during_the_demo_alert_both_banks(store: Store) -> None:
    store.create_agency("NL", "NL CT", "NL", "police")
    store.create_agency("BANK-NL1", "Bank NL", "NL", "financial_institution")
    store.create_agency("BANK-BE1", "Bank BE", "BE", "financial_institution")
    store.create_group("FIN-DESIG", "Designations", "NL", ["BANK-NL1", "BANK-BE1"])
    nl = Viewer("NL", "seeder", frozenset({"steward"}), Classification.CONFIDENTIAL)
    entries = [
        ListEntry(f"NL-{i}", "Person", {"name": [name], "birthDate": [f"19{70 + i}-0{1 + i % 9}-1{i % 9}"]})
        for i, name in enumerate(
            ["Ilse Vandermeer", "Karel Oosthuizen", "Yusuf Demirbag", "Amina Haddouchi", "Pjotr Zielinski",
             "Samir El Amrani", "Joost Brandsma", "Nadia Kowalczyk"]
        )
    ]  # fmt: skip
    first, later = split_designations(entries)
    assert len(later) == 5 and len(first) == 3
    hub = Hub(store)
    screening = ScreeningService(hub)
    store.create_list(
        nl,
        "nl-terrorism",
        "NL list",
        Marking.from_dict("NL", {"distribution": "group", "group": "FIN-DESIG"}),
    )
    screening.store_version(nl, "nl-terrorism", first, fmt="ftm", source="test")
    alerts = seed_finance(hub, screening, nl, "nl-terrorism", first, later, customers=400)
    assert alerts == {"BANK-NL1": 3, "BANK-BE1": 3}
    later_ids = {e.id for e in later}
    for bank in ("BANK-NL1", "BANK-BE1"):
        viewer = Viewer(bank, "officer", frozenset({"analyst"}))
        found = store.list_alerts(viewer, kind="finance")
        assert {a.refs["entry"] for a in found} <= later_ids
        assert store.count_customers(bank) == 400
