"""The finance demo: two banks keep synthetic customers in their own tenants; a few of those
customers are then designated on the national terrorism list, and the new version's delta
re-screening raises the banks' alerts (with designations and alerts on their feeds)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from rich.console import Console

from tessera.finance.custgen import generate_customers
from tessera.lists.model import ListEntry
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification
from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.services.finance import FinanceService

err = Console(stderr=True)

BANKS = (("BANK-NL1", 1), ("BANK-BE1", 2))  # (agency, seed offset)
CUSTOMERS_PER_BANK = 8000
LATER = 5  # designations published only after the banks' customers are stored


def split_designations(entries: Sequence[ListEntry]) -> tuple[list[ListEntry], list[ListEntry]]:
    """The list's first version, and the persons designated during the demo."""
    persons = [e for e in entries if e.schema == "Person"]
    later = persons[-LATER:]
    return [e for e in entries if e not in later], later


def seed_finance(
    hub: Hub,
    screening: ScreeningService,
    list_owner: Viewer,
    list_name: str,
    first: Sequence[ListEntry],
    later: Sequence[ListEntry],
    *,
    seed: int = 7,
    customers: int = CUSTOMERS_PER_BANK,
) -> dict[str, int]:
    """Store the banks' customers (some are the ``later`` persons), then publish ``later``."""
    started = time.perf_counter()
    store = hub.store
    finance = FinanceService(hub, screening)  # hooks delta re-screening to the new list version
    planted_entries: list[dict[str, Any]] = [
        {"id": e.id, "schema": e.schema, "properties": e.properties} for e in later
    ]
    counts: dict[str, int] = {}
    for index, (agency, offset) in enumerate(BANKS):
        if not store.agency_exists(agency):
            continue
        # Each bank holds some of the persons about to be designated (both hold the first one).
        mine = [p for i, p in enumerate(planted_entries) if i == 0 or i % len(BANKS) == index]
        generated = generate_customers(customers, seed=seed * 100 + offset, planted=mine)
        viewer = Viewer(
            agency=agency,
            user="demo-seeder",
            roles=frozenset({"analyst"}),
            clearance=Classification.UNCLASSIFIED,
            purpose="demo seeding",
        )
        finance.customers.import_customers(viewer, generated.customers, source="demo")
        counts[agency] = len(generated.customers)
    err.print(
        f"finance: {sum(counts.values())} synthetic customers in {len(counts)} banks; "
        f"designating {len(later)} more persons on {list_name} ..."
    )
    screening.store_version(
        list_owner, list_name, [*first, *later], fmt="ftm", source="demo (new designations)"
    )
    alerts = {agency: len(store.list_alerts(_bank(agency), kind="finance")) for agency in counts}
    err.print(
        "finance alerts: "
        + ", ".join(f"{a} {n}" for a, n in alerts.items())
        + f" ({time.perf_counter() - started:.1f} s)"
    )
    return alerts


def _bank(agency: str) -> Viewer:
    return Viewer(agency=agency, user="demo-seeder", roles=frozenset({"analyst"}), purpose="demo seeding")
