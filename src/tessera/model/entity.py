"""Entities as data: FollowTheMoney schemata, validated input, statements and their fold."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema

from tessera.errors import ErrorDetail, ValidationError
from tessera.policy.markings import Marking

MAX_VALUE_LENGTH = 8000


def get_schema(name: str) -> Schema | None:
    schema = model.get(name)
    return schema


def schema_names_matching(name: str) -> list[str]:
    """The schema and all that descend from it (``LegalEntity`` → Person, Organization, Company...)."""
    schema = model.get(name)
    if schema is None:
        return []
    return sorted(s.name for s in model.schemata.values() if s.is_a(schema))


def validate_properties(
    schema_name: Any, properties: Any, location: str = "properties"
) -> tuple[Schema, dict[str, list[str]]]:
    """Check schema and properties against FollowTheMoney; clean every value.

    Collects every problem and raises :class:`ValidationError` once.
    """
    errors: list[ErrorDetail] = []
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        raise ValidationError(
            f"Unknown schema {schema_name!r}.",
            details=[ErrorDetail("schema", "use a FollowTheMoney schema such as Person or Organization")],
        )
    if schema.abstract:
        raise ValidationError(
            f"Schema {schema.name} is abstract.",
            details=[ErrorDetail("schema", "use a concrete schema such as Person or Organization")],
        )
    if not isinstance(properties, Mapping):
        raise ValidationError(
            "Properties must be an object.", details=[ErrorDetail(location, "expected {prop: [values]}")]
        )
    cleaned: dict[str, list[str]] = {}
    for prop_name, raw_values in properties.items():
        where = f"{location}.{prop_name}"
        prop = schema.get(prop_name)
        if prop is None:
            errors.append(ErrorDetail(where, f"{schema.name} has no property {prop_name!r}"))
            continue
        if prop.stub:
            errors.append(ErrorDetail(where, "is derived from the other side of a relationship"))
            continue
        values = raw_values if isinstance(raw_values, list) else [raw_values]
        out: list[str] = []
        for idx, value in enumerate(values):
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                errors.append(ErrorDetail(f"{where}[{idx}]", "must be text"))
                continue
            text = str(value).strip()
            if len(text) > MAX_VALUE_LENGTH:
                errors.append(ErrorDetail(f"{where}[{idx}]", f"longer than {MAX_VALUE_LENGTH} characters"))
                continue
            clean = prop.type.clean(text, proxy=None)
            if clean is None:
                errors.append(ErrorDetail(f"{where}[{idx}]", f"not a valid {prop.type.name}: {text!r}"))
                continue
            if clean not in out:
                out.append(clean)
        cleaned[prop_name] = out
    if errors:
        raise ValidationError("The entity is not valid.", details=errors)
    return schema, cleaned


def statement_id(entity_id: str, prop: str, value: str, agency: str) -> str:
    raw = f"{entity_id}\x1f{prop}\x1f{value}\x1f{agency}".encode()
    return hashlib.sha1(raw).hexdigest()


@dataclass(frozen=True)
class Statement:
    """One property value of one entity, with its provenance and sharing conditions."""

    id: str
    entity_id: str
    schema: str
    prop: str
    prop_type: str
    value: str
    agency: str
    source: str
    first_seen: datetime
    last_seen: datetime
    marking: Marking

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prop": self.prop,
            "value": self.value,
            "agency": self.agency,
            "source": self.source,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "marking": self.marking.to_dict(),
        }


@dataclass
class EntityView:
    """An entity as one viewer sees it: the fold of the statements that viewer may read."""

    id: str
    schema: str
    statements: list[Statement] = field(default_factory=list)

    @property
    def properties(self) -> dict[str, list[str]]:
        props: dict[str, list[str]] = {}
        for stmt in self.statements:
            values = props.setdefault(stmt.prop, [])
            if stmt.value not in values:
                values.append(stmt.value)
        return props

    @property
    def agencies(self) -> list[str]:
        return sorted({s.agency for s in self.statements})

    @property
    def caption(self) -> str:
        proxy = model.make_entity(self.schema)
        proxy.id = self.id
        for prop, values in self.properties.items():
            for value in values:
                proxy.unsafe_add(proxy.schema.properties[prop], value, cleaned=True)
        return str(proxy.caption)

    def to_ftm(self) -> dict[str, Any]:
        return {"id": self.id, "schema": self.schema, "properties": self.properties}

    def to_dict(self, with_statements: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema,
            "caption": self.caption,
            "properties": self.properties,
            "agencies": self.agencies,
        }
        if with_statements:
            data["statements"] = [s.to_dict() for s in self.statements]
        return data


def fold(entity_id: str, schema: str, statements: Iterable[Statement]) -> EntityView:
    return EntityView(id=entity_id, schema=schema, statements=sorted(statements, key=_stmt_order))


def _stmt_order(stmt: Statement) -> tuple[str, str, str]:
    return (stmt.prop, stmt.agency, stmt.value)


def entity_props(schema: Schema) -> set[str]:
    """Names of the schema's properties that reference other entities."""
    return {name for name, prop in schema.properties.items() if prop.type.name == "entity"}
