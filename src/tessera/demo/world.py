"""Build Tessera's synthetic demo world: pure, deterministic for a seed, no I/O.

``build_world(seed, persons)`` returns a :class:`World`: member agencies, sharing groups, bilateral
agreements, users with personas, and FtM entities whose facts carry sharing markings. The seeder
(``tessera.demo.seed``) stores them, mapping each ``EntitySpec.key`` to a stored id.

All persons are invented (Faker name pools), as are the terrorist and crime groups and companies.
"""

from __future__ import annotations

import hashlib
import json

from tessera.demo import marks
from tessera.demo.build import Builder
from tessera.demo.designations import add_designations
from tessera.demo.geo import LOCAL_ORIGIN
from tessera.demo.members import build_members, partners_of
from tessera.demo.networks import (
    Org,
    add_family,
    add_groups,
    associate,
    bank_account,
    contributor,
    crime_member,
    front_company,
    membership,
    new_associate,
    payment,
)
from tessera.demo.people import (
    BACKGROUND_AGENCIES,
    FTF_CASELOAD,
    Subject,
    add_address,
    add_background,
    add_passport,
    duplicate_report,
    make_ftf,
    person,
    subject_marking,
)
from tessera.demo.showcase import add_showcase
from tessera.demo.specs import (
    AgencySpec,
    AgreementSpec,
    Designation,
    EntitySpec,
    FactSpec,
    GroupSpec,
    UserSpec,
    World,
)

__all__ = [
    "AgencySpec",
    "AgreementSpec",
    "Designation",
    "EntitySpec",
    "FactSpec",
    "GroupSpec",
    "UserSpec",
    "World",
    "build_world",
    "digest",
]

TRAVELLERS = 60
NO_TRAVEL = ("presumed deceased",)


def _ftfs(b: Builder, n: int, groups: list[Org]) -> list[Subject]:
    out: list[Subject] = []
    for _ in range(n):
        subject = make_ftf(b, b.weighted(FTF_CASELOAD))
        group = b.rng.choice(groups)
        if b.chance(0.8):
            add_passport(b, subject)
        if b.chance(0.7):
            add_address(b, subject)
        add_background(b, subject, group.name)
        role = (b.by_key[subject.key].first("position") or "fighter").split("(")[-1].rstrip(")")
        membership(b, subject, group, role)
        out.append(subject)
    return out


def _background(b: Builder, n: int) -> None:
    for _ in range(n):
        agency = b.weighted(BACKGROUND_AGENCIES)
        country = "GB" if agency == "UK" else agency
        origin = (
            LOCAL_ORIGIN.get(country, "english")
            if b.chance(0.6)
            else b.rng.choice(
                ("arabic", "maghrebi", "turkish", "russian", "persian", "pakistani", "english", "french")
            )
        )
        subject = person(
            b,
            agency,
            b.pools.identity(origin, b.rng, "male" if b.chance(0.55) else "female"),
            prefix="person",
            marking=subject_marking(b, agency),
            tags=("background",),
        )
        if b.chance(0.2):
            add_address(b, subject)


def _showcase_network(b: Builder, person: str, terror: list[Org]) -> None:
    """The record shared with Belgium only is tied to a terrorist group, under the same marking,
    so the network view shows Belgium a tie that the Netherlands may not see."""
    be_only = marks.partners(["BE"], classification="restricted")
    for org in terror[:2]:
        b.add(
            b.key("membership"),
            "Membership",
            "FR",
            be_only,
            [("member", person), ("organization", org.key), ("role", "recruiter")],
            tags=("showcase",),
        )


def build_world(seed: int = 7, persons: int = 5000) -> World:
    """The whole demo world for ``seed``; ``persons`` is the number of Person entities (at least)."""
    b = Builder(seed)
    members = build_members()
    for group in members.groups:
        for agency in {group.owner, *group.members}:
            b.groups_of[agency] = b.groups_of.get(agency, frozenset()) | {group.code}
    showcase, showcase_names = add_showcase(b)
    terror, crime = add_groups(b)
    _showcase_network(b, showcase["be_only_discoverable"], terror)
    ftfs = _ftfs(b, max(20, persons * 8 // 100), terror)

    crime_people: list[Subject] = []
    per_group = max(3, persons * 6 // 100 // len(crime))
    for org in crime:
        crime_people += [crime_member(b, org, leader=i == 0) for i in range(per_group)]
    for subject in ftfs:  # the crime-terror nexus
        if b.chance(0.1):
            membership(b, subject, b.rng.choice(crime), "associate")
    for subject in ftfs:
        add_family(b, subject, b.rng.choice((0, 1, 1, 2)))
        if b.chance(0.4):
            peers = [s for s in ftfs if s.agency == subject.agency and s.key != subject.key]
            if peers:
                associate(b, subject, b.rng.choice(peers))
        if b.chance(0.6):
            new_associate(b, subject)
    for subject in b.rng.sample(ftfs, max(1, len(ftfs) // 20)):
        partners = partners_of(subject.agency) or ["FR"]
        duplicate_report(b, subject, next((p for p in partners if "-" not in p), "FR"))

    accounts: dict[str, str] = {}
    for subject in ftfs + crime_people:
        if b.chance(0.45):
            accounts[subject.key] = bank_account(b, subject)
    leaders = [s for s in crime_people if b.by_key[s.key].first("position") == "leader"]
    companies = [front_company(b, owner) for owner in leaders + b.rng.sample(crime_people, 20)]
    for company in companies:
        accounts[company.key] = bank_account(b, company)
    senders = crime_people + companies
    for _ in range(max(20, persons // 12)):
        ftf = b.rng.choice(ftfs)
        reporter = contributor(b, ftf)
        visible = [s for s in senders if b.can_see(s.key, reporter)]
        if not visible:
            continue
        payer, receiver = b.rng.choice(visible), ftf
        if b.chance(0.3):
            payer, receiver = receiver, payer
        payment(b, reporter, payer, accounts.get(payer.key), receiver, accounts.get(receiver.key))

    count = sum(1 for e in b.entities if e.schema == "Person")
    _background(b, max(0, persons - count))
    designations = add_designations(b)
    travellers = [s for s in ftfs if s.passport and s.outcome not in NO_TRAVEL]
    picked = b.rng.sample(travellers, min(TRAVELLERS, len(travellers)))
    return World(
        agencies=members.agencies,
        groups=members.groups,
        agreements=members.agreements,
        users=members.users,
        entities=b.ordered(),
        personas=members.personas,
        showcase=showcase,
        showcase_names=showcase_names,
        traveller_keys=sorted(s.key for s in picked),
        designation_list=designations,
    )


def digest(world: World) -> str:
    """A content hash of the world's entities, users and designations (equal worlds, equal digests)."""
    h = hashlib.sha256()
    for e in world.entities:
        h.update(json.dumps([e.key, e.schema, e.agency, e.marking, e.watch, e.tags], sort_keys=True).encode())
        for f in e.facts:
            h.update(json.dumps([f.prop, f.value, f.marking], sort_keys=True).encode())
    for u in world.users:
        h.update(repr(u).encode())
    for d in world.designation_list:
        h.update(json.dumps(d.to_dict(), sort_keys=True).encode())
    h.update(json.dumps(world.traveller_keys).encode())
    return h.hexdigest()


def fact_count(world: World) -> int:
    return sum(len(e.facts) for e in world.entities)


def summary(world: World) -> dict[str, int]:
    """Counts per schema plus totals, for reports and the seeder's log."""
    out: dict[str, int] = {}
    for entity in world.entities:
        out[entity.schema] = out.get(entity.schema, 0) + 1
    out["_watch"] = sum(1 for e in world.entities if e.watch)
    out["_facts"] = fact_count(world)
    return dict(sorted(out.items()))


def watch_subjects(world: World) -> list[EntitySpec]:
    return [e for e in world.entities if e.watch and e.schema == "Person"]
