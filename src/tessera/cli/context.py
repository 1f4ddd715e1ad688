"""Building services for CLI commands, acting as an agency's system user."""

from __future__ import annotations

from dataclasses import dataclass

from tessera.errors import NotFound
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification
from tessera.service import Hub
from tessera.settings import load_settings

HUB_AGENCY = "HUB"


@dataclass
class CliContext:
    hub: Hub

    def viewer(self, agency: str, purpose: str = "command line") -> Viewer:
        """The agency's command-line user (created on first use); the hub's own agency if needed."""
        store = self.hub.store
        agency = agency.upper()
        if agency == HUB_AGENCY and not store.agency_exists(HUB_AGENCY):
            store.create_agency(
                HUB_AGENCY, "Hub operator (public lists)", "EU", "hub", {"distribution": "members"}
            )
        if not store.agency_exists(agency):
            raise NotFound(f"agency {agency} (create it with `tessera admin agency create`)")
        username = f"cli-{agency.lower()}"
        try:
            store.user_by_name(username)
        except NotFound:
            store.create_user(username, agency, ["analyst", "steward"], "confidential")
        return Viewer(
            agency=agency,
            user=username,
            roles=frozenset({"analyst", "steward"}),
            clearance=Classification.CONFIDENTIAL,
            purpose=purpose,
        )


def open_context() -> CliContext:
    return CliContext(Hub.open(load_settings()))
