"""Writing and reading entities, always as a viewer."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from tessera.errors import ErrorDetail, NotFound, PermissionDenied, ValidationError
from tessera.matching.keys import identifier_key, name_keys
from tessera.model.entity import EntityView, statement_id, validate_properties
from tessera.policy.core import Viewer, can_write
from tessera.policy.markings import Marking
from tessera.store.base import StoreBase
from tessera.store.tables import entities, group_members, search_keys, statements

SEARCHABLE_TYPES = {"name", "identifier"}


@dataclass(frozen=True)
class Fact:
    """One property value with its own marking (per-fact sharing)."""

    prop: str
    value: str
    marking: Marking


@dataclass(frozen=True)
class NewEntity:
    """An entity to create: its properties under one marking, plus facts with their own."""

    schema: str
    properties: Mapping[str, Any]
    marking: Marking
    facts: Sequence[Fact] = ()
    watch: bool = False
    entity_id: str | None = None


def search_keys_for(prop_type: str, value: str) -> set[str]:
    if prop_type == "name":
        return name_keys(value)
    if prop_type == "identifier":
        return {identifier_key(value)}
    return set()


class EntityStore(StoreBase):
    # -- checks ---------------------------------------------------------------------------
    def _check_marking(self, conn: Connection, marking: Marking, location: str) -> list[ErrorDetail]:
        """A group marking needs a group the contributor belongs to (else: no such group)."""
        if marking.group is None:
            return []
        member = conn.execute(
            select(group_members.c.agency).where(
                group_members.c.group_code == marking.group, group_members.c.agency == marking.owner
            )
        ).first()
        if member is None:
            return [ErrorDetail(f"{location}.group", f"no such group {marking.group!r} for your agency")]
        return []

    def _check_refs(
        self, conn: Connection, viewer: Viewer, schema_name: str, props: Mapping[str, list[str]]
    ) -> list[ErrorDetail]:
        _, _ = schema_name, props
        from followthemoney import model

        schema = model.get(schema_name)
        assert schema is not None
        refs: dict[str, str] = {}
        for prop, values in props.items():
            if schema.properties[prop].type.name == "entity":
                for idx, value in enumerate(values):
                    refs[value] = f"properties.{prop}[{idx}]"
        visible = self._visible_ids(conn, viewer, refs)
        return [
            ErrorDetail(loc, f"no such entity {ref!r}") for ref, loc in refs.items() if ref not in visible
        ]

    # -- writes ---------------------------------------------------------------------------
    def create_entity(
        self,
        viewer: Viewer,
        schema: str,
        properties: Mapping[str, Any],
        marking: Marking,
        *,
        source: str = "api",
        facts: Sequence[Fact] = (),
        watch: bool = False,
        entity_id: str | None = None,
    ) -> str:
        item = NewEntity(schema, properties, marking, facts=facts, watch=watch, entity_id=entity_id)
        return self.create_entities(viewer, [item], source=source)[0]

    def create_entities(
        self, viewer: Viewer, items: Sequence[NewEntity], *, source: str = "api"
    ) -> list[str]:
        """Create entities in one transaction; later items may reference earlier ones."""
        return self.create_entities_as([(viewer, item) for item in items], source=source)

    def create_entities_as(
        self, items: Sequence[tuple[Viewer, NewEntity]], *, source: str = "api"
    ) -> list[str]:
        """Create entities contributed by several viewers in one transaction (bulk loads)."""
        for viewer, _ in items:
            if not can_write(viewer):
                raise PermissionDenied("Your role may not contribute records (needs analyst or steward).")
        with self.engine.begin() as conn:
            return [self._create(conn, viewer, item, source) for viewer, item in items]

    def _create(self, conn: Connection, viewer: Viewer, item: NewEntity, source: str) -> str:
        schema_obj, props = validate_properties(item.schema, item.properties)
        errors = self._check_marking(conn, item.marking, "marking")
        statements_in = [(p, v, item.marking) for p, vs in props.items() for v in vs]
        for idx, fact in enumerate(item.facts):
            errors.extend(self._check_marking(conn, fact.marking, f"facts[{idx}].marking"))
            try:
                _, cleaned = validate_properties(schema_obj.name, {fact.prop: [fact.value]}, f"facts[{idx}]")
            except ValidationError as exc:
                errors.extend(exc.details)
                continue
            statements_in.extend((fact.prop, v, fact.marking) for v in cleaned[fact.prop])
        refs: dict[str, list[str]] = {}
        for prop, value, _ in statements_in:
            refs.setdefault(prop, []).append(value)
        errors.extend(self._check_refs(conn, viewer, schema_obj.name, refs))
        if errors:
            raise ValidationError("The entity is not valid.", details=errors)
        eid = item.entity_id or uuid.uuid4().hex
        now = self.clock.now()
        conn.execute(
            insert(entities).values(
                id=eid,
                schema=schema_obj.name,
                owner=viewer.agency,
                watch=item.watch,
                created_at=now,
                updated_at=now,
            )
        )
        self._insert_statements(conn, eid, schema_obj.name, viewer.agency, source, statements_in)
        return eid

    def _insert_statements(
        self,
        conn: Connection,
        entity_id: str,
        schema: str,
        agency: str,
        source: str,
        items: Sequence[tuple[str, str, Marking]],
    ) -> None:
        from followthemoney import model

        schema_obj = model.get(schema)
        assert schema_obj is not None
        now = self.clock.now()
        rows: dict[str, dict[str, Any]] = {}
        keys: list[dict[str, str]] = []
        for prop, value, marking in items:
            prop_type = schema_obj.properties[prop].type.name
            sid = statement_id(entity_id, prop, value, agency)
            if sid in rows:
                continue
            rows[sid] = {
                "id": sid,
                "entity_id": entity_id,
                "schema": schema,
                "prop": prop,
                "prop_type": prop_type,
                "value": value,
                "agency": agency,
                "source": source,
                "first_seen": now,
                "last_seen": now,
                "marking_id": self._ensure_marking(conn, marking),
            }
            for key in search_keys_for(prop_type, value):
                keys.append({"key": key[:96], "statement_id": sid, "entity_id": entity_id})
        if rows:
            conn.execute(insert(statements), list(rows.values()))
        if keys:
            unique = {(k["key"], k["statement_id"]): k for k in keys}
            conn.execute(insert(search_keys), list(unique.values()))

    def _delete_statements(self, conn: Connection, where: Any) -> None:
        ids = select(statements.c.id).where(where)
        conn.execute(delete(search_keys).where(search_keys.c.statement_id.in_(ids)))
        conn.execute(delete(statements).where(where))

    def update_entity(
        self,
        viewer: Viewer,
        entity_id: str,
        properties: Mapping[str, Any] | None,
        marking: Marking | None,
        *,
        source: str = "api",
    ) -> None:
        """Replace the viewer agency's values of the given properties; re-mark its statements.

        Other agencies' statements are never touched. Narrowing a marking takes effect at once on
        every read path because visibility is evaluated in each query.
        """
        if not can_write(viewer):
            raise PermissionDenied("Your role may not change records (needs analyst or steward).")
        with self.engine.begin() as conn:
            schema = self._schema_if_visible(conn, viewer, entity_id)
            props: dict[str, list[str]] = {}
            if properties:
                _, props = validate_properties(schema, properties)
            errors = self._check_refs(conn, viewer, schema, props)
            if marking is not None:
                errors.extend(self._check_marking(conn, marking, "marking"))
            if errors:
                raise ValidationError("The change is not valid.", details=errors)
            own = (statements.c.entity_id == entity_id) & (statements.c.agency == viewer.agency)
            if marking is not None:
                conn.execute(
                    update(statements).where(own).values(marking_id=self._ensure_marking(conn, marking))
                )
            if props:
                current = {
                    row.prop: row.marking_id
                    for row in conn.execute(select(statements.c.prop, statements.c.marking_id).where(own))
                }
                self._delete_statements(conn, own & statements.c.prop.in_(list(props)))
                default = marking or self._default_marking_for(conn, viewer, current)
                items = [(p, v, default) for p, vs in props.items() for v in vs]
                self._insert_statements(conn, entity_id, schema, viewer.agency, source, items)
            conn.execute(
                update(entities).where(entities.c.id == entity_id).values(updated_at=self.clock.now())
            )

    def _default_marking_for(self, conn: Connection, viewer: Viewer, current: dict[str, str]) -> Marking:
        if current:
            return self._marking(conn, sorted(current.values())[0])
        return self.agency_default_marking(conn, viewer.agency)

    def agency_default_marking(self, conn: Connection, agency: str) -> Marking:
        import json

        from tessera.store.tables import agencies

        raw = conn.execute(select(agencies.c.default_marking).where(agencies.c.code == agency)).scalar()
        return Marking.from_dict(agency, json.loads(raw or "{}"))

    def delete_entity(self, viewer: Viewer, entity_id: str) -> None:
        """The owning agency deletes the entity; on every path it is gone at once."""
        if not can_write(viewer):
            raise PermissionDenied("Your role may not delete records (needs analyst or steward).")
        with self.engine.begin() as conn:
            self._schema_if_visible(conn, viewer, entity_id)
            owner = conn.execute(select(entities.c.owner).where(entities.c.id == entity_id)).scalar()
            if owner != viewer.agency:
                raise PermissionDenied(
                    "Only the agency that created this entity may delete it; "
                    "remove your own facts with PATCH instead."
                )
            self._delete_statements(conn, statements.c.entity_id == entity_id)
            conn.execute(delete(entities).where(entities.c.id == entity_id))

    # -- reads ----------------------------------------------------------------------------
    def _schema_if_visible(self, conn: Connection, viewer: Viewer, entity_id: str) -> str:
        visible, params = self._visible(conn, viewer)
        schema = conn.execute(
            select(statements.c.schema).where(statements.c.entity_id == entity_id, visible).limit(1), params
        ).scalar()
        if schema is None:
            raise NotFound("entity")
        return str(schema)

    def get_entity(self, viewer: Viewer, entity_id: str) -> EntityView:
        """The entity as the viewer may see it; :class:`NotFound` when hidden or absent alike."""
        with self.engine.connect() as conn:
            view = self._views(conn, viewer, [entity_id]).get(entity_id)
        if view is None:
            raise NotFound("entity")
        return view

    def get_entities(self, viewer: Viewer, entity_ids: Sequence[str]) -> dict[str, EntityView]:
        with self.engine.connect() as conn:
            return self._views(conn, viewer, entity_ids)

    def iter_entities(
        self, viewer: Viewer, *, schema: str | None = None, watch_only: bool = False, batch: int = 500
    ) -> Iterator[EntityView]:
        """Every entity the viewer may see, in id order (exports, screening indexes)."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                visible, params = self._visible(conn, viewer)
                query = (
                    select(statements.c.entity_id)
                    .where(statements.c.entity_id > last, visible)
                    .group_by(statements.c.entity_id)
                    .order_by(statements.c.entity_id)
                    .limit(batch)
                )
                if schema is not None:
                    from tessera.model.entity import schema_names_matching

                    query = query.where(statements.c.schema.in_(schema_names_matching(schema)))
                if watch_only:
                    watched = select(entities.c.id).where(entities.c.watch.is_(True))
                    query = query.where(statements.c.entity_id.in_(watched))
                ids = list(conn.execute(query, params).scalars())
                if not ids:
                    return
                views = self._views(conn, viewer, ids)
            for eid in ids:
                if eid in views:
                    yield views[eid]
            last = ids[-1]

    def count_visible(self, viewer: Viewer) -> int:
        with self.engine.connect() as conn:
            visible, params = self._visible(conn, viewer)
            query = select(func.count(func.distinct(statements.c.entity_id))).where(visible)
            return int(conn.execute(query, params).scalar() or 0)
