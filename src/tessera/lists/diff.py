"""The difference between two versions of a list (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tessera.lists.model import ListEntry


@dataclass
class EntryChange:
    id: str
    schema: str
    changes: dict[str, dict[str, list[str]]]  # prop -> {"old": [...], "new": [...]}
    previous_schema: str | None = None  # set when the schema itself changed

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "schema": self.schema, "changes": self.changes}
        if self.previous_schema is not None:
            out["previous_schema"] = self.previous_schema
        return out


@dataclass
class ListDiff:
    added: list[ListEntry] = field(default_factory=list)
    removed: list[ListEntry] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_entries(old: Sequence[ListEntry], new: Sequence[ListEntry]) -> ListDiff:
    """What changed from ``old`` to ``new`` (entries matched by id; values compared as sets, order ignored).

    If an id occurs twice in one version, the later entry counts. Results are sorted by id.
    """
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    out = ListDiff(
        added=[after[i] for i in sorted(after.keys() - before.keys())],
        removed=[before[i] for i in sorted(before.keys() - after.keys())],
    )
    for entry_id in sorted(before.keys() & after.keys()):
        a, b = before[entry_id], after[entry_id]
        changes = {
            prop: {"old": sorted(a.properties.get(prop, [])), "new": sorted(b.properties.get(prop, []))}
            for prop in sorted(a.properties.keys() | b.properties.keys())
            if set(a.properties.get(prop, [])) != set(b.properties.get(prop, []))
        }
        if changes or a.schema != b.schema:
            previous = a.schema if a.schema != b.schema else None
            out.changed.append(EntryChange(entry_id, b.schema, changes, previous))
    return out
