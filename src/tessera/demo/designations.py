"""A synthetic national terrorism asset-freeze list (Netherlands-style) over world entities.

The persons and organisations are invented; the legal basis names the real Dutch instrument under
which such national listings are made, so the finance demo reads like the real thing.
"""

from __future__ import annotations

from datetime import date

from tessera.demo import marks
from tessera.demo.build import Builder
from tessera.demo.specs import Designation, EntitySpec

LEGAL_BASIS = "Sanctieregeling terrorisme 2007-II, artikel 2"
PROGRAM = "NL national terrorism list"
AUTHORITY = "Minister of Foreign Affairs of the Netherlands (synthetic demo listing)"
LIST_PROPS = (
    "name",
    "alias",
    "birthDate",
    "birthPlace",
    "nationality",
    "gender",
    "passportNumber",
    "abbreviation",
    "country",
)
DESIG_MARK = marks.group("FIN-DESIG", classification="unclassified")


def _pick_persons(b: Builder, n: int) -> list[EntitySpec]:
    """FTFs the listing authority (NL) knows of: its own cases first, then others it can read."""
    ftfs = [
        e
        for e in b.entities
        if e.schema == "Person" and "ftf" in e.tags and not e.key.startswith("ftf-report")
    ]
    own = [e for e in ftfs if e.agency == "NL"]
    known = [e for e in ftfs if e.agency != "NL" and b.can_see(e.key, "NL")]
    dutch = [e for e in known if "nl" in e.values("nationality")]
    rest = [e for e in known if e not in dutch]
    chosen = (own + dutch)[:n]
    if len(chosen) < n:
        chosen += b.rng.sample(rest, min(n - len(chosen), len(rest)))
    return chosen


def add_designations(b: Builder, persons: int = 39, organisations: int = 3) -> list[Designation]:
    orgs = [e for e in b.entities if "terror-group" in e.tags][:organisations]
    out: list[Designation] = []
    for idx, entity in enumerate([*_pick_persons(b, persons), *orgs], start=1):
        listed = b.date_between(date(2015, 1, 1), date(2025, 6, 30))
        reference = f"NL-ST-{listed[:4]}-{idx:03d}"
        props: dict[str, list[str]] = {}
        for prop in LIST_PROPS:
            values = entity.values(prop)
            if values:
                props[prop] = values
        props["program"] = [PROGRAM]
        props["topics"] = ["sanction", "crime.terror"]
        out.append(
            Designation(
                id=f"NL-TERR-{idx:04d}",
                schema=entity.schema,
                entity_key=entity.key,
                properties=props,
                legal_basis=LEGAL_BASIS,
                date=listed,
                reference=reference,
            )
        )
        b.add(
            f"sanction-{idx:04d}",
            "Sanction",
            "NL",
            DESIG_MARK,
            [
                ("entity", entity.key),
                ("authority", AUTHORITY),
                ("program", PROGRAM),
                ("listingDate", listed),
                ("startDate", listed),
                ("recordId", reference),
                ("provisions", "Asset freeze"),
                ("reason", "Participation in or support of terrorist activity"),
                *[("namesMentioned", name) for name in props.get("name", [])],
            ],
            tags=("designation",),
        )
        if entity.agency == "NL":  # facts carry the entity's contributor: only NL flags its own
            entity.add_fact("topics", "sanction", DESIG_MARK)
    return out
