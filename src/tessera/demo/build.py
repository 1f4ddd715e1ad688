"""The mutable state used while generating a world: random source, entities, key counters."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

from followthemoney import model
from followthemoney.types import registry

from tessera.demo.names import NamePools
from tessera.demo.specs import EntitySpec, FactSpec, MarkingDict
from tessera.policy.core import Viewer, in_distribution
from tessera.policy.markings import Marking

Props = Iterable[tuple[str, str | None]]


@cache
def _ref_props(schema: str) -> frozenset[str]:
    obj = model.get(schema)
    if obj is None:
        raise ValueError(f"unknown FollowTheMoney schema {schema!r}")
    return frozenset(p.name for p in obj.properties.values() if p.type is registry.entity)


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = NamePools(seed)
        self.entities: list[EntitySpec] = []
        self.by_key: dict[str, EntitySpec] = {}
        self._counters: dict[str, int] = {}
        self.groups_of: dict[str, frozenset[str]] = {}  # agency -> sharing groups it belongs to
        self._markings: dict[tuple[str, int], Marking] = {}

    def can_see(self, key: str, agency: str) -> bool:
        """Could ``agency`` (cleared confidential) read any fact of ``key``? References need that."""
        spec = self.by_key[key]
        if spec.agency == agency:
            return True
        viewer = Viewer(agency, "demo", groups=self.groups_of.get(agency, frozenset()))
        for raw in [spec.marking, *(f.marking for f in spec.facts if f.marking is not None)]:
            cache_key = (spec.agency, id(raw))
            marking = self._markings.get(cache_key)
            if marking is None:
                marking = self._markings[cache_key] = Marking.from_dict(spec.agency, raw)
            if in_distribution(viewer, marking):
                return True
        return False

    def key(self, prefix: str) -> str:
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}-{n:05d}"

    def add(
        self,
        key: str,
        schema: str,
        agency: str,
        marking: MarkingDict,
        props: Props,
        *,
        watch: bool = False,
        tags: Iterable[str] = (),
        prop_marks: Mapping[str, MarkingDict] | None = None,
    ) -> EntitySpec:
        """Add an entity; ``props`` are (property, value) pairs, ``None`` values are skipped."""
        if key in self.by_key:
            raise ValueError(f"duplicate entity key {key!r}")
        special = prop_marks or {}
        facts: list[FactSpec] = []
        seen: set[tuple[str, str]] = set()
        for prop, value in props:
            if value is None or value == "" or (prop, value) in seen:
                continue
            seen.add((prop, value))
            fact_mark = special.get(prop)
            facts.append(
                FactSpec(prop, value, None if fact_mark is None or fact_mark == marking else fact_mark)
            )
        spec = EntitySpec(key, schema, agency, facts, marking, watch, list(tags))
        self.entities.append(spec)
        self.by_key[key] = spec
        return spec

    def ordered(self) -> list[EntitySpec]:
        """Entities in creation order, moved so that every referenced entity comes first."""
        done: set[str] = set()
        visiting: set[str] = set()  # guards against reference cycles
        out: list[EntitySpec] = []
        for entity in self.entities:
            stack = [(entity, False)]
            while stack:
                spec, expanded = stack.pop()
                if spec.key in done or (not expanded and spec.key in visiting):
                    continue
                if expanded:
                    done.add(spec.key)
                    out.append(spec)
                    continue
                visiting.add(spec.key)
                stack.append((spec, True))
                refs = _ref_props(spec.schema)
                for fact in reversed(spec.facts):
                    if fact.prop in refs and fact.value not in done:
                        stack.append((self.by_key[fact.value], False))
        return out

    def date_between(self, start: date, end: date) -> str:
        days = (end - start).days
        return (start + timedelta(days=self.rng.randrange(max(days, 1)))).isoformat()

    def weighted(self, table: Mapping[str, float]) -> str:
        keys = list(table)
        return self.rng.choices(keys, weights=[table[k] for k in keys], k=1)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p
