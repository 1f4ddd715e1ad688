"""Seed the synthetic demo world into a store (deterministic for a given seed)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from rich.console import Console

from tessera.demo.world import World, build_world
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Marking
from tessera.settings import Settings
from tessera.store import Fact, NewEntity, Store, open_store
from tessera.web.passwords import hash_password

err = Console(stderr=True)


@dataclass
class SeedInfo:
    personas: dict[str, dict[str, str]] = field(default_factory=dict)
    entities: int = 0
    seconds: float = 0.0
    ids: dict[str, str] = field(default_factory=dict)


# Console passwords (Argon2id, deliberately slow) for the personas the README and tests use;
# every other demo user signs in with a token from `tessera admin`.
PASSWORD_USERS = frozenset(
    {
        "nl-analyst",
        "be-analyst",
        "auditor",
        "fr-steward",
        "nl-steward",
        "be-steward",
        "be-piu-operator",
        "bank-nl1-officer",
        "bank-be1-officer",
    }
)


def demo_password(username: str) -> str:
    return f"{username}-demo"


def seed_world(store: Store, world: World, *, seed: int = 7) -> dict[str, str]:
    """Write the world into the store, each entity contributed by its own agency. Returns key → id.

    Ids are derived from the world's keys, so the same seed gives the same ids (stable demo URLs).
    """
    for agency in world.agencies:
        store.create_agency(agency.code, agency.name, agency.country, agency.kind, agency.default_marking)
    for group in world.groups:
        store.create_group(group.code, group.name, group.owner, list(group.members))
    for agreement in world.agreements:
        store.create_agreement(agreement.a, agreement.b, agreement.kind)
    for user in world.users:
        password = hash_password(demo_password(user.username)) if user.username in PASSWORD_USERS else None
        store.create_user(user.username, user.agency, list(user.roles), user.clearance, password)
    ids = {
        spec.key: uuid.uuid5(uuid.NAMESPACE_URL, f"tessera-demo:{seed}:{spec.key}").hex
        for spec in world.entities
    }
    seeders: dict[str, Viewer] = {}
    batch: list[tuple[Viewer, NewEntity]] = []
    for spec in world.entities:
        viewer = seeders.setdefault(
            spec.agency,
            Viewer(
                agency=spec.agency,
                user="demo-seeder",
                roles=frozenset({"analyst"}),
                clearance=Classification.CONFIDENTIAL,
                purpose="demo seeding",
            ),
        )
        props: dict[str, list[str]] = {}
        facts: list[Fact] = []
        for fact in spec.facts:
            value = ids[fact.value] if _is_ref(spec.schema, fact.prop) else fact.value
            if fact.marking is None:
                props.setdefault(fact.prop, []).append(value)
            else:
                facts.append(Fact(fact.prop, value, Marking.from_dict(spec.agency, fact.marking)))
        marking = Marking.from_dict(spec.agency, spec.marking)
        batch.append(
            (
                viewer,
                NewEntity(
                    spec.schema, props, marking, facts=facts, watch=spec.watch, entity_id=ids[spec.key]
                ),
            )
        )
        if len(batch) >= 2000:
            store.create_entities_as(batch, source="demo")
            batch.clear()
    if batch:
        store.create_entities_as(batch, source="demo")
    return ids


def _is_ref(schema: str, prop: str) -> bool:
    from followthemoney import model

    obj = model.get(schema)
    return bool(obj is not None and prop in obj.properties and obj.properties[prop].type.name == "entity")


def seed_demo(settings: Settings, *, persons: int = 5000, seed: int = 7) -> SeedInfo:
    """Seed once into the configured database, then (re)issue persona tokens."""
    store = open_store(settings.database_url, secret=settings.secret)
    info = SeedInfo()
    world = build_world(seed=seed, persons=persons)
    started = time.perf_counter()
    if not store.list_agencies():
        err.print(
            f"seeding the synthetic world ({persons} persons, seed {seed}) into {settings.database_url} ..."
        )
        info.ids = seed_world(store, world, seed=seed)
        info.entities = len(info.ids)
        store.append_audit(
            "demo-seeder", "-", "demo.seed", "world", str(seed), "demo seeding", {"entities": info.entities}
        )
        err.print(f"seeded {info.entities} entities in {time.perf_counter() - started:.1f} s")
        seed_lists_and_travel(store, world, settings, seed=seed)
    else:
        err.print("the database is already seeded; issuing fresh persona tokens")
    info.seconds = time.perf_counter() - started
    for user in world.users:
        if user.persona and user.username in PASSWORD_USERS:
            info.personas[user.persona] = {
                "username": user.username,
                "agency": user.agency,
                "password": demo_password(user.username),
                "token": store.issue_token(user.username, "demo"),
            }
    store.engine.dispose()
    return info


def seed_lists_and_travel(store: Store, world: World, settings: Settings, *, seed: int = 7) -> None:
    """Public and national lists, then a week of synthetic flights in which some subjects travel."""
    from tessera.demo.finance import seed_finance, split_designations
    from tessera.lists.model import ListEntry
    from tessera.screening.service import ScreeningService
    from tessera.service import Hub
    from tessera.services.travel import TravelService
    from tessera.travel.generator import TrafficGenerator
    from tessera.travel.serialise import serialise_pnrgov

    hub = Hub(store, settings)
    screening = ScreeningService(hub)
    nl = Viewer(
        agency="NL",
        user="demo-seeder",
        roles=frozenset({"steward", "analyst"}),
        clearance=Classification.CONFIDENTIAL,
        purpose="demo seeding",
    )
    designations = [ListEntry(d.id, d.schema, dict(d.properties)) for d in world.designations()]
    first, later = split_designations(designations)  # `later`: designated once banks hold customers
    if designations:
        store.create_list(
            nl,
            "nl-terrorism",
            "Dutch national terrorism list (Sanctieregeling terrorisme)",
            Marking.from_dict("NL", {"distribution": "members"}),
        )
        screening.store_version(nl, "nl-terrorism", first, fmt="ftm", source="demo")
    ofac = settings.shared_dir / "lists" / "ofac-sdn-2021-04"
    if ofac.exists():
        if not store.agency_exists("HUB"):
            store.create_agency(
                "HUB", "Hub operator (public lists)", "EU", "hub", {"distribution": "members"}
            )
        hub_viewer = Viewer(
            agency="HUB",
            user="demo-seeder",
            roles=frozenset({"steward"}),
            clearance=Classification.CONFIDENTIAL,
            purpose="demo seeding",
        )
        err.print("importing the OFAC SDN list from ../shared ...")
        screening.import_list(hub_viewer, "ofac", ofac, "ofac-csv", title="OFAC SDN (April 2021)")
    if later:
        seed_finance(hub, screening, nl, "nl-terrorism", first, later, seed=seed)
    piu = next((a.code for a in world.agencies if a.kind == "piu" and a.country == "BE"), None)
    if piu is None:
        return
    travel = TravelService(hub, screening)
    viewer = Viewer(
        agency=piu,
        user="demo-seeder",
        roles=frozenset({"analyst"}),
        clearance=Classification.CONFIDENTIAL,
        purpose="demo seeding",
    )
    chosen = [t for t in world.travellers() if t.get("passportNumber") and t.get("birthDate")][:40]
    start = store.clock.now().replace(hour=6, minute=0, second=0, microsecond=0)
    generator = TrafficGenerator(seed=seed, start=start)
    messages = generator.week(n_pnrs=1500, chosen=chosen, per_flight=60)
    err.print(f"ingesting {len(messages)} flights of synthetic PNRs as {piu} ...")
    alerts = 0
    for index, message in enumerate(messages):
        result = travel.ingest(viewer, serialise_pnrgov(message), f"demo-push-{index:03d}.edi")
        alerts += len(result.alerts)
    err.print(f"travel: {len(messages)} flights, {alerts} alerts")
