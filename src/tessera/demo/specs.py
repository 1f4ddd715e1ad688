"""Plain data describing the synthetic demo world; the seeder turns it into agencies, users and facts.

Every person, organisation and document in here is invented (Faker name pools, invented group
names). Country names, cities and airports are real. Marking dicts use the API shape accepted by
:meth:`tessera.policy.markings.Marking.from_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MarkingDict = dict[str, Any]


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    country: str  # ISO 3166-1 alpha-2
    kind: str  # police | intelligence | fiu | piu | financial_institution | municipality | oversight
    default_marking: MarkingDict


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    owner: str
    members: list[str]


@dataclass(frozen=True)
class AgreementSpec:
    a: str
    b: str
    kind: str  # full | discover


@dataclass(frozen=True)
class UserSpec:
    username: str
    agency: str
    roles: list[str]
    clearance: str  # unclassified | restricted | confidential
    persona: str | None = None


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One property value contributed under one marking.

    ``marking`` is ``None`` when the fact uses its entity's default marking (``EntitySpec.marking``).
    Marking dicts are shared between facts to keep the world small: treat them as read-only.
    Values of entity-typed properties (``holder``, ``member``...) are the referenced entity's key;
    a referenced entity always comes earlier in ``World.entities``.
    """

    prop: str
    value: str
    marking: MarkingDict | None = None


@dataclass(slots=True)
class EntitySpec:
    key: str  # stable local key; the seeder maps it to a stored id
    schema: str  # FollowTheMoney schema name
    agency: str  # contributing agency code
    facts: list[FactSpec]
    marking: MarkingDict  # the entity's default marking (most facts use it)
    watch: bool = False  # flagged as a watch subject (FTF)
    tags: list[str] = field(default_factory=list)

    def add_fact(self, prop: str, value: str, marking: MarkingDict | None = None) -> None:
        self.facts.append(FactSpec(prop, value, None if marking == self.marking else marking))

    def marking_of(self, fact: FactSpec) -> MarkingDict:
        """The marking a fact is contributed under (its own, else the entity's default)."""
        return self.marking if fact.marking is None else fact.marking

    def values(self, prop: str) -> list[str]:
        return [f.value for f in self.facts if f.prop == prop]

    def first(self, prop: str) -> str | None:
        for fact in self.facts:
            if fact.prop == prop:
                return fact.value
        return None

    def properties(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for fact in self.facts:
            out.setdefault(fact.prop, []).append(fact.value)
        return out


@dataclass(frozen=True)
class Designation:
    """One entry on a national asset-freeze (terrorism) list, FtM-shaped like a list entry."""

    id: str  # stable identifier within the list, e.g. NL-TERR-0001
    schema: str  # Person | Organization
    entity_key: str  # the world entity it designates
    properties: dict[str, list[str]]
    legal_basis: str
    date: str  # ISO date of the listing decision
    reference: str  # decision reference

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "schema": self.schema,
            "entity_key": self.entity_key,
            "properties": self.properties,
            "legal_basis": self.legal_basis,
            "date": self.date,
            "reference": self.reference,
        }


@dataclass
class World:
    """The whole synthetic world.

    ``showcase`` maps a label to an entity key; ``showcase_names`` maps the same label to the value
    of that entity's ``name`` property (what end-to-end tests search for). See
    :mod:`tessera.demo.showcase` for what each label demonstrates.
    """

    agencies: list[AgencySpec]
    groups: list[GroupSpec]
    agreements: list[AgreementSpec]
    users: list[UserSpec]
    entities: list[EntitySpec]
    personas: dict[str, str]  # persona label -> username
    showcase: dict[str, str] = field(default_factory=dict)
    showcase_names: dict[str, str] = field(default_factory=dict)
    traveller_keys: list[str] = field(default_factory=list)
    designation_list: list[Designation] = field(default_factory=list)
    _index: dict[str, EntitySpec] = field(default_factory=dict, repr=False, compare=False)

    def entity(self, key: str) -> EntitySpec:
        if len(self._index) != len(self.entities):
            self._index = {e.key: e for e in self.entities}
        return self._index[key]

    def travellers(self) -> list[dict[str, str]]:
        """FTF subjects who will travel in the travel demo, with what a PNR/API record carries."""
        out: list[dict[str, str]] = []
        for key in self.traveller_keys:
            person = self.entity(key)
            out.append(
                {
                    "key": key,
                    "name": person.first("name") or "",
                    "firstName": person.first("firstName") or "",
                    "lastName": person.first("lastName") or "",
                    "birthDate": person.first("birthDate") or "",
                    "nationality": person.first("nationality") or "",
                    "gender": person.first("gender") or "",
                    "passportNumber": person.first("passportNumber") or "",
                }
            )
        return out

    def duplicate_pairs(self) -> list[tuple[str, str]]:
        """(original, second report) keys: one FTF reported by two agencies under other spellings."""
        out: list[tuple[str, str]] = []
        for entity in self.entities:
            for tag in entity.tags:
                if tag.startswith("duplicate-of:"):
                    out.append((tag.split(":", 1)[1], entity.key))
        return out

    def designations(self) -> list[Designation]:
        """The national terrorism asset-freeze list (persons and organisations) for the finance demo."""
        return list(self.designation_list)
