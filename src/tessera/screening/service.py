"""Screening against versioned lists and the hub's own watch subjects, under the policy.

The per-list candidate index is derived state: a pure function of the list's stored current
entries, rebuilt when the stored version changes (never patched by hand).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tessera.errors import ErrorDetail, ValidationError
from tessera.lists import read_list
from tessera.lists.diff import diff_entries
from tessera.lists.model import ListEntry
from tessera.matching import DEFAULT_THRESHOLD, Screener, compare
from tessera.matching.compare import Prepared, prepare
from tessera.policy.core import Viewer
from tessera.policy.markings import Marking
from tessera.screening.watch import WatchIndex
from tessera.service import Hub
from tessera.store.lists import Change, StoredEntry
from tessera.store.search import Hit, SearchResult

HUB_LIST = "hub"  # the hub's own entities flagged as watch subjects
HUB_NAME_SCORE = 0.88


@dataclass
class Match:
    entity_id: str
    list: str
    score: float
    features: dict[str, float]
    explanation: str
    caption: str = ""
    entity: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "list": self.list,
            "score": round(self.score, 4),
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "explanation": self.explanation,
            "caption": self.caption,
        }


@dataclass
class QueryResult:
    id: str
    matches: list[Match] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "matches": [m.to_dict() for m in self.matches],
            "hits": [h.to_dict() for h in self.hits],
        }


@dataclass
class ImportReport:
    list_name: str
    version: int
    entries: int
    added: int
    removed: int
    changed: int
    problems: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        data = self.__dict__.copy()
        data["list"] = data.pop("list_name")
        return data


def _query_names(query: dict[str, Any]) -> list[str]:
    props = query.get("properties", {})
    names: list[str] = []
    for prop in ("name", "alias", "weakAlias", "previousName"):
        names.extend(v for v in props.get(prop, []) if isinstance(v, str))
    if not names and (props.get("firstName") or props.get("lastName")):
        names.append(" ".join(props.get("firstName", []) + props.get("lastName", [])))
    return names


def _query_identifiers(query: dict[str, Any]) -> list[str]:
    props = query.get("properties", {})
    return [
        v for p in ("idNumber", "passportNumber", "taxNumber", "registrationNumber") for v in props.get(p, [])
    ]


def _settle() -> None:
    """Move the objects alive now (the indexes just built) out of the cyclic collector's way.

    An index holds hundreds of thousands of long-lived objects; without this, every full
    collection walks them all, which costs screening and intake about a quarter of their time.
    Garbage is collected first (only objects made since the last freeze are walked), so nothing
    unreachable is frozen; frozen objects are still freed by reference counting when an index is
    replaced.
    """
    gc.collect()
    gc.freeze()


class ScreeningService:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.store = hub.store
        self._indexes: dict[str, tuple[int, Screener, dict[str, StoredEntry]]] = {}
        self._lock = threading.Lock()
        self._watch: tuple[tuple[Any, ...], WatchIndex] | None = None
        # Called after a new list version is stored (travel re-screens flights not yet departed).
        self.on_list_change: list[Callable[[str], None]] = []

    # -- lists --------------------------------------------------------------------------------
    def import_list(
        self,
        viewer: Viewer,
        name: str,
        path: Path,
        fmt: str,
        *,
        title: str | None = None,
        marking: dict[str, Any] | None = None,
    ) -> ImportReport:
        parsed = read_list(path, fmt)
        if not any(info.name == name for info in self.store.lists(viewer)):
            mark = Marking.from_dict(viewer.agency, marking or {"distribution": "members"})
            self.store.create_list(viewer, name, title or name, mark)
        return self.store_version(
            viewer,
            name,
            parsed.entries,
            fmt=fmt,
            source=str(path),
            problems=[{"line": p.line, "message": p.message} for p in parsed.problems],
        )

    def store_version(
        self,
        viewer: Viewer,
        name: str,
        entries: Sequence[ListEntry],
        *,
        fmt: str,
        source: str,
        problems: Sequence[dict[str, Any]] = (),
    ) -> ImportReport:
        old = [
            ListEntry(e.entry_id, e.schema, e.properties) for e in self.store.current_entries(viewer, name)
        ]
        diff = diff_entries(old, entries)
        changes = [Change(e.id, "added", {}) for e in diff.added]
        changes += [Change(e.id, "removed", {}) for e in diff.removed]
        changes += [Change(c.id, "changed", c.to_dict()) for c in diff.changed]
        stored = [StoredEntry(e.id, e.schema, e.properties) for e in entries]
        version = self.store.import_version(
            viewer, name, stored, changes, fmt=fmt, source=source, problems=problems
        )
        self.hub.audit(viewer, "list.import", "list", name, version=version, entries=len(stored))
        if not diff.empty:
            for hook in self.on_list_change:
                hook(name)
        return ImportReport(
            name, version, len(stored), len(diff.added), len(diff.removed), len(diff.changed), list(problems)
        )

    def _index(self, viewer: Viewer, name: str) -> tuple[Screener, dict[str, StoredEntry]]:
        self.store.get_list(viewer, name)  # visibility of the list itself, every time
        version = self.store.list_version(name)
        cached = self._indexes.get(name)
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
        with self._lock:
            cached = self._indexes.get(name)
            if cached is not None and cached[0] == version:
                return cached[1], cached[2]
            entries = {e.entry_id: e for e in self.store.current_entries(viewer, name)}
            screener = Screener((eid, e.to_ftm()) for eid, e in entries.items())
            self._indexes[name] = (version, screener, entries)
            _settle()
            return screener, entries

    # -- screening ----------------------------------------------------------------------------
    def screen(
        self,
        viewer: Viewer,
        lists: Iterable[str],
        queries: Sequence[dict[str, Any]],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
        audit: bool = True,
    ) -> list[QueryResult]:
        errors = [
            ErrorDetail(f"queries[{i}]", "needs a schema and properties")
            for i, q in enumerate(queries)
            if not isinstance(q.get("properties"), dict)
        ]
        if errors:
            raise ValidationError("Some queries are not valid.", details=errors)
        results = [QueryResult(str(q.get("id", i))) for i, q in enumerate(queries)]
        prepared: list[Prepared] | None = None  # once per query, whatever the number of lists
        for name in lists:
            if name == HUB_LIST:
                for result, (matches, hits) in zip(
                    results, self._screen_hub_batch(viewer, queries, threshold, limit), strict=True
                ):
                    result.matches.extend(matches)
                    result.hits.extend(hits)
                continue
            if prepared is None:
                prepared = [prepare(q) for q in queries]
            found = self.screen_prepared(viewer, name, prepared, threshold=threshold, limit=limit)
            for result, matches in zip(results, found, strict=True):
                result.matches.extend(matches)
        for result in results:
            result.matches.sort(key=lambda m: -m.score)
            del result.matches[limit:]
        if audit:
            self.hub.audit(
                viewer,
                "screen",
                "lists",
                ",".join(lists),
                queries=len(queries),
                matches=sum(len(r.matches) for r in results),
            )
        return results

    def screen_prepared(
        self,
        viewer: Viewer,
        name: str,
        queries: Sequence[Prepared],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
    ) -> list[list[Match]]:
        """Prepared queries (e.g. an institution's indexed customers) against one stored list the
        viewer may see: per query, its matches, best first (at most ``limit``). Not audited: the
        caller audits the batch."""
        screener, entries = self._index(viewer, name)
        return [
            [
                Match(
                    hit.entry_id,
                    name,
                    hit.result.score,
                    dict(hit.result.features),
                    hit.result.explanation,
                    caption=(entries[hit.entry_id].properties.get("name") or [hit.entry_id])[0],
                )
                for hit in screener.screen_prepared(query, threshold=threshold, limit=limit)
            ]
            for query in queries
        ]

    def _watch_index(self) -> WatchIndex:
        """Derived from the stored watch subjects; rebuilt when their fingerprint changes."""
        fingerprint = self.store.watch_fingerprint()
        cached = self._watch
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        with self._lock:
            cached = self._watch
            if cached is not None and cached[0] == fingerprint:
                return cached[1]
            index = WatchIndex(self.store.watch_statement_rows())
            self._watch = (fingerprint, index)
            _settle()
            return index

    def _screen_hub_batch(
        self, viewer: Viewer, queries: Sequence[dict[str, Any]], threshold: float, limit: int
    ) -> list[tuple[list[Match], list[Hit]]]:
        """``_screen_hub`` for a batch: the watch index proposes candidate statements (most queries
        have none), and the store checks and applies the policy to all of them in one go."""
        out: list[tuple[list[Match], list[Hit]]] = [([], []) for _ in queries]
        index = self._watch_index()
        asked: list[int] = []
        asks: list[tuple[list[str], str | None, list[str]]] = []
        for i, query in enumerate(queries):
            texts = _query_names(query) + _query_identifiers(query)
            candidates = index.candidates(texts, HUB_NAME_SCORE)
            if candidates:
                asked.append(i)
                asks.append((texts, query.get("schema"), candidates))
        if not asks:
            return out
        found = self.store.search_candidates(viewer, asks, limit=limit, min_score=HUB_NAME_SCORE)
        for i, result in zip(asked, found, strict=True):
            out[i] = (self._hub_matches(queries[i], result, threshold), result.hits)
        return out

    def _screen_hub(
        self, viewer: Viewer, query: dict[str, Any], threshold: float, limit: int
    ) -> tuple[list[Match], list[Hit]]:
        """Watch subjects the viewer may read are scored on what it may read; others: hit/no-hit."""
        texts = _query_names(query) + _query_identifiers(query)
        # Hidden records cannot be scored on their dates or documents here, so a hit needs a close
        # name (or an identical document number) before another agency is named.
        found = self.store.search(
            viewer,
            texts,
            schema=query.get("schema"),
            limit=limit,
            watch_only=True,
            min_score=HUB_NAME_SCORE,
            max_candidates=200,
        )
        return self._hub_matches(query, found, threshold), found.hits

    @staticmethod
    def _hub_matches(query: dict[str, Any], found: SearchResult, threshold: float) -> list[Match]:
        matches = []
        for view, _ in found.results:
            result = compare(query, view.to_ftm())
            if result.score >= threshold:
                matches.append(
                    Match(
                        view.id,
                        HUB_LIST,
                        result.score,
                        dict(result.features),
                        result.explanation,
                        caption=view.caption,
                    )
                )
        return matches
