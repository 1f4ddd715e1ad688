"""Versioned watchlists. A list is visible under its marking, like any statement."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from tessera.errors import ErrorDetail, NotFound, PermissionDenied, ValidationError
from tessera.policy.core import Viewer, require_role
from tessera.policy.markings import Marking
from tessera.store.base import StoreBase
from tessera.store.tables import list_changes, list_entries, list_versions, watchlists
from tessera.store.visibility import shared_marking_ids


@dataclass(frozen=True)
class ListInfo:
    name: str
    title: str
    owner: str
    version: int
    entries: int
    imported_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "owner": self.owner,
            "version": self.version,
            "entries": self.entries,
            "imported_at": self.imported_at.isoformat() if self.imported_at else None,
        }


@dataclass(frozen=True)
class StoredEntry:
    entry_id: str
    schema: str
    properties: dict[str, list[str]]

    def to_ftm(self) -> dict[str, Any]:
        return {"id": self.entry_id, "schema": self.schema, "properties": self.properties}


@dataclass(frozen=True)
class Change:
    entry_id: str
    change: str  # added | removed | changed
    detail: dict[str, Any]


def entry_hash(schema: str, properties: dict[str, list[str]]) -> str:
    raw = json.dumps(
        {"schema": schema, "properties": {k: sorted(v) for k, v in properties.items()}}, sort_keys=True
    )
    return hashlib.sha256(raw.encode()).hexdigest()


class ListStore(StoreBase):
    def _list_row(self, conn: Connection, viewer: Viewer, name: str) -> Any:
        row = conn.execute(
            select(watchlists).where(
                watchlists.c.name == name, watchlists.c.marking_id.in_(shared_marking_ids(viewer))
            )
        ).first()
        if row is None:
            raise NotFound("list")
        return row

    def create_list(self, viewer: Viewer, name: str, title: str, marking: Marking) -> None:
        if not require_role(viewer, "steward", "admin"):
            raise PermissionDenied("Creating a list needs the steward or admin role.")
        if not name or len(name) > 64 or not all(c.isalnum() or c in "-_." for c in name):
            raise ValidationError(
                "Bad list name.", details=[ErrorDetail("list", "1-64 letters, digits, - _ .")]
            )
        with self.engine.begin() as conn:
            if conn.execute(select(watchlists.c.name).where(watchlists.c.name == name)).first():
                raise ValidationError(
                    "A list of that name exists.", details=[ErrorDetail("list", "choose another")]
                )
            conn.execute(
                insert(watchlists).values(
                    name=name,
                    title=title,
                    owner=viewer.agency,
                    marking_id=self._ensure_marking(conn, marking),
                    version=0,
                    created_at=self.clock.now(),
                )
            )

    def lists(self, viewer: Viewer) -> list[ListInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(watchlists, list_versions.c.entries, list_versions.c.imported_at)
                .outerjoin(
                    list_versions,
                    (list_versions.c.list_name == watchlists.c.name)
                    & (list_versions.c.version == watchlists.c.version),
                )
                .where(watchlists.c.marking_id.in_(shared_marking_ids(viewer)))
                .order_by(watchlists.c.name)
            ).all()
        return [ListInfo(r.name, r.title, r.owner, r.version, r.entries or 0, r.imported_at) for r in rows]

    def get_list(self, viewer: Viewer, name: str) -> ListInfo:
        for info in self.lists(viewer):
            if info.name == name:
                return info
        raise NotFound("list")

    def list_version(self, name: str) -> int:
        """Current version number (no content): lets derived indexes know when to refresh."""
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(watchlists.c.version).where(watchlists.c.name == name)).scalar() or 0
            )

    def current_entries(self, viewer: Viewer, name: str) -> Iterator[StoredEntry]:
        with self.engine.connect() as conn:
            self._list_row(conn, viewer, name)
            rows = conn.execute(
                select(list_entries.c.entry_id, list_entries.c.schema, list_entries.c.data)
                .where(list_entries.c.list_name == name, list_entries.c.removed_in.is_(None))
                .order_by(list_entries.c.entry_id)
            )
            for row in rows:
                yield StoredEntry(row.entry_id, row.schema, json.loads(row.data))

    def import_version(
        self,
        viewer: Viewer,
        name: str,
        entries: Sequence[StoredEntry],
        changes: Sequence[Change],
        *,
        fmt: str,
        source: str,
        problems: Sequence[dict[str, Any]] = (),
    ) -> int:
        """Store a new version: the full entry set and its difference to the previous version."""
        with self.engine.begin() as conn:
            row = self._list_row(conn, viewer, name)
            if row.owner != viewer.agency or not require_role(viewer, "steward", "admin"):
                raise PermissionDenied("Only a steward of the list's owner imports new versions.")
            version = int(row.version) + 1
            now = self.clock.now()
            by_id = {e.entry_id: e for e in entries}
            kinds = {c.change: 0 for c in changes}
            for change in changes:
                kinds[change.change] = kinds.get(change.change, 0) + 1
                if change.change == "removed":
                    conn.execute(
                        update(list_entries)
                        .where(list_entries.c.list_name == name, list_entries.c.entry_id == change.entry_id)
                        .values(removed_in=version)
                    )
                    continue
                entry = by_id[change.entry_id]
                values = {
                    "schema": entry.schema,
                    "caption": _caption(entry),
                    "data": json.dumps(entry.properties),
                    "hash": entry_hash(entry.schema, entry.properties),
                    "last_version": version,
                    "removed_in": None,
                }
                updated = conn.execute(
                    update(list_entries)
                    .where(list_entries.c.list_name == name, list_entries.c.entry_id == entry.entry_id)
                    .values(**values)
                )
                if updated.rowcount == 0:
                    conn.execute(
                        insert(list_entries).values(
                            list_name=name, entry_id=entry.entry_id, first_version=version, **values
                        )
                    )
            if changes:
                conn.execute(
                    insert(list_changes),
                    [
                        {
                            "list_name": name,
                            "version": version,
                            "entry_id": c.entry_id,
                            "change": c.change,
                            "detail": json.dumps(c.detail),
                        }
                        for c in changes
                    ],
                )
            conn.execute(
                insert(list_versions).values(
                    list_name=name,
                    version=version,
                    format=fmt,
                    source=source,
                    imported_at=now,
                    imported_by=viewer.user,
                    entries=len(entries),
                    added=kinds.get("added", 0),
                    removed=kinds.get("removed", 0),
                    changed=kinds.get("changed", 0),
                    problems=json.dumps(list(problems)[:10000]),
                )
            )
            conn.execute(update(watchlists).where(watchlists.c.name == name).values(version=version))
        return version

    def versions(self, viewer: Viewer, name: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            self._list_row(conn, viewer, name)
            rows = conn.execute(
                select(list_versions)
                .where(list_versions.c.list_name == name)
                .order_by(list_versions.c.version.desc())
            ).all()
        return [
            {
                "version": r.version,
                "format": r.format,
                "source": r.source,
                "imported_at": r.imported_at.isoformat(),
                "imported_by": r.imported_by,
                "entries": r.entries,
                "added": r.added,
                "removed": r.removed,
                "changed": r.changed,
                "problems": len(json.loads(r.problems)),
            }
            for r in rows
        ]

    def changes(
        self, viewer: Viewer, name: str, version: int | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        with self.engine.connect() as conn:
            row = self._list_row(conn, viewer, name)
            version = version or int(row.version)
            rows = conn.execute(
                select(list_changes, list_entries.c.caption)
                .join(
                    list_entries,
                    (list_entries.c.list_name == list_changes.c.list_name)
                    & (list_entries.c.entry_id == list_changes.c.entry_id),
                )
                .where(list_changes.c.list_name == name, list_changes.c.version == version)
                .order_by(list_changes.c.entry_id)
            ).all()
        return version, [
            {"entry_id": r.entry_id, "change": r.change, "caption": r.caption, "detail": json.loads(r.detail)}
            for r in rows
        ]


def _caption(entry: StoredEntry) -> str:
    for prop in ("name", "alias", "number"):
        values = entry.properties.get(prop)
        if values:
            return values[0]
    return entry.entry_id
