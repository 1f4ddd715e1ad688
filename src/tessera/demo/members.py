"""The hub's members: agencies, sharing groups, bilateral agreements, users and personas.

Agency names are generic descriptions ("Netherlands counter-terrorism service"), not the names of
real services.
"""

from __future__ import annotations

from dataclasses import dataclass

from tessera.demo import marks
from tessera.demo.specs import AgencySpec, AgreementSpec, GroupSpec, UserSpec

# code, ISO2 country, country name, kind of the main CT agency
MAIN_AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("NL", "NL", "Netherlands", "police"),
    ("BE", "BE", "Belgium", "police"),
    ("FR", "FR", "France", "intelligence"),
    ("DE", "DE", "Germany", "intelligence"),
    ("ES", "ES", "Spain", "police"),
    ("IT", "IT", "Italy", "police"),
    ("UK", "GB", "United Kingdom", "police"),
    ("US", "US", "United States", "intelligence"),
    ("CA", "CA", "Canada", "police"),
    ("TR", "TR", "Türkiye", "police"),
    ("JO", "JO", "Jordan", "intelligence"),
    ("MA", "MA", "Morocco", "intelligence"),
    ("IQ", "IQ", "Iraq", "intelligence"),
    ("AT", "AT", "Austria", "police"),
    ("SE", "SE", "Sweden", "intelligence"),
    ("DK", "DK", "Denmark", "intelligence"),
    ("NO", "NO", "Norway", "police"),
    ("PL", "PL", "Poland", "police"),
    ("PT", "PT", "Portugal", "police"),
    ("IE", "IE", "Ireland", "police"),
    ("GR", "GR", "Greece", "police"),
    ("CH", "CH", "Switzerland", "police"),
    ("FI", "FI", "Finland", "intelligence"),
    ("TN", "TN", "Tunisia", "intelligence"),
    ("LB", "LB", "Lebanon", "intelligence"),
    ("AE", "AE", "United Arab Emirates", "police"),
)
COUNTRY_NAMES = {country: name for _, country, name, _ in MAIN_AGENCIES}

EXTRA_AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("NL-FIU", "NL", "Netherlands financial intelligence unit", "fiu"),
    ("NL-PIU", "NL", "Netherlands passenger information unit", "piu"),
    ("BE-FIU", "BE", "Belgian financial intelligence unit", "fiu"),
    ("BE-PIU", "BE", "Belgian passenger information unit", "piu"),
    ("FR-PIU", "FR", "French passenger information unit", "piu"),
    ("DE-BKA", "DE", "German federal criminal police", "police"),
    ("DE-PIU", "DE", "German passenger information unit", "piu"),
    ("ES-PIU", "ES", "Spanish passenger information unit", "piu"),
    ("BANK-NL1", "NL", "Demo Bank Netherlands (synthetic)", "financial_institution"),
    ("BANK-BE1", "BE", "Demo Bank Belgium (synthetic)", "financial_institution"),
    ("MUNI-NL1", "NL", "Municipality of Rotterdam - prevention desk (demo)", "municipality"),
    ("MUNI-BE1", "BE", "City of Antwerp - prevention desk (demo)", "municipality"),
    ("EU-OVERSIGHT", "BE", "Joint oversight board of the hub", "oversight"),
)

EU = ("NL", "BE", "FR", "DE", "ES", "IT", "AT", "SE", "DK", "PL", "PT", "IE", "GR", "FI")

AGREEMENTS: tuple[tuple[str, str, str], ...] = (
    ("NL", "BE", "full"),
    ("FR", "BE", "full"),
    ("NL", "DE", "full"),
    ("FR", "ES", "full"),
    ("UK", "US", "full"),
    ("US", "CA", "full"),
    ("DE", "AT", "full"),
    ("SE", "DK", "full"),
    ("FR", "MA", "full"),
    ("FR", "TN", "discover"),
    ("ES", "MA", "discover"),
    ("DE", "TR", "discover"),
    ("NL", "TR", "discover"),
    ("US", "JO", "discover"),
    ("US", "IQ", "discover"),
    ("UK", "JO", "discover"),
    ("IT", "TN", "discover"),
    ("NL", "NL-FIU", "full"),
    ("BE", "BE-PIU", "full"),
)


@dataclass(frozen=True)
class Members:
    agencies: list[AgencySpec]
    groups: list[GroupSpec]
    agreements: list[AgreementSpec]
    users: list[UserSpec]
    personas: dict[str, str]


def partners_of(code: str) -> list[str]:
    """Agencies with a bilateral agreement with ``code`` (either side), sorted."""
    out = {b for a, b, _ in AGREEMENTS if a == code} | {a for a, b, _ in AGREEMENTS if b == code}
    return sorted(out)


def _default_marking(code: str, kind: str) -> dict[str, object]:
    if kind == "financial_institution" or kind == "municipality" or kind == "oversight":
        return marks.own(classification="restricted")
    partners = partners_of(code)
    if kind == "intelligence" or not partners:
        return marks.mark("agency", discoverable=True, handling=("H0", "H2"))
    return marks.partners(partners)


def _agencies() -> list[AgencySpec]:
    out = [
        AgencySpec(code, f"{name} counter-terrorism service", country, kind, _default_marking(code, kind))
        for code, country, name, kind in MAIN_AGENCIES
    ]
    out += [
        AgencySpec(code, name, country, kind, _default_marking(code, kind))
        for code, country, name, kind in EXTRA_AGENCIES
    ]
    return out


def _groups() -> list[GroupSpec]:
    return [
        GroupSpec(
            "EU-PIU",
            "EU passenger information units",
            "BE-PIU",
            ["NL-PIU", "BE-PIU", "FR-PIU", "DE-PIU", "ES-PIU"],
        ),
        GroupSpec("EU-CT", "EU counter-terrorism services", "NL", list(EU)),
        GroupSpec("FIVE-CT", "Five-country counter-terrorism forum", "UK", ["UK", "US", "CA", "FR", "NL"]),
        GroupSpec(
            "MED-CT",
            "Mediterranean counter-terrorism forum",
            "ES",
            ["ES", "IT", "FR", "GR", "MA", "TN", "TR", "JO", "LB"],
        ),
        GroupSpec(
            "FIN-DESIG",
            "Financial institutions receiving designations",
            "NL-FIU",
            ["NL", "NL-FIU", "BE-FIU", "BANK-NL1", "BANK-BE1"],
        ),
        GroupSpec(
            "NL-BE-PREV",
            "Dutch-Belgian prevention practice exchange",
            "MUNI-NL1",
            ["MUNI-NL1", "MUNI-BE1", "NL", "BE"],
        ),
    ]


def _users() -> tuple[list[UserSpec], dict[str, str]]:
    users: list[UserSpec] = []
    for code, _country, name, _kind in MAIN_AGENCIES:
        low = code.lower()
        users.append(UserSpec(f"{low}-analyst", code, ["analyst"], "confidential", f"{name} analyst"))
        users.append(
            UserSpec(f"{low}-steward", code, ["steward", "analyst"], "confidential", f"{name} steward")
        )
    users += [
        UserSpec("nl-admin", "NL", ["admin"], "restricted", "Hub administrator"),
        UserSpec("auditor", "EU-OVERSIGHT", ["auditor"], "confidential", "Auditor"),
        UserSpec("nl-fiu-analyst", "NL-FIU", ["analyst"], "restricted", "Dutch FIU analyst"),
        UserSpec("be-fiu-analyst", "BE-FIU", ["analyst"], "restricted", "Belgian FIU analyst"),
        UserSpec("nl-piu-operator", "NL-PIU", ["analyst"], "restricted", "Dutch PIU operator"),
        UserSpec("be-piu-operator", "BE-PIU", ["analyst"], "restricted", "Belgian PIU operator"),
        UserSpec("fr-piu-operator", "FR-PIU", ["analyst"], "restricted", "French PIU operator"),
        UserSpec("de-bka-analyst", "DE-BKA", ["analyst"], "confidential", "German federal police analyst"),
        UserSpec(
            "bank-nl1-officer", "BANK-NL1", ["analyst"], "unclassified", "Dutch bank compliance officer"
        ),
        UserSpec(
            "bank-be1-officer", "BANK-BE1", ["analyst"], "unclassified", "Belgian bank compliance officer"
        ),
        UserSpec("muni-nl1-officer", "MUNI-NL1", ["analyst"], "unclassified", "Rotterdam prevention officer"),
        UserSpec("muni-be1-officer", "MUNI-BE1", ["analyst"], "unclassified", "Antwerp prevention officer"),
    ]
    renamed = {
        "Netherlands analyst": "Dutch analyst",
        "Belgium analyst": "Belgian analyst",
        "Netherlands steward": "Dutch steward",
        "Belgium steward": "Belgian steward",
        "France analyst": "French analyst",
        "Germany analyst": "German analyst",
    }
    users = [
        UserSpec(u.username, u.agency, u.roles, u.clearance, renamed.get(u.persona or "", u.persona))
        for u in users
    ]
    personas = {u.persona: u.username for u in users if u.persona}
    return users, personas


def build_members() -> Members:
    users, personas = _users()
    return Members(
        agencies=_agencies(),
        groups=_groups(),
        agreements=[AgreementSpec(a, b, kind) for a, b, kind in AGREEMENTS],
        users=users,
        personas=personas,
    )
