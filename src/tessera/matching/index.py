"""A candidate index (blocking) and the screener built on it.

Keys per name: each token's phonetic form and consonant skeleton, their 3-letter prefixes, and the
joined skeleton's prefix (for names written as one word in one script and several in another);
document numbers by their canonical form. A query's candidates are the entries sharing the most
informative keys (weighted by rarity); only they are scored.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz.distance import Levenshtein

from tessera.matching.compare import (
    DEFAULT_ALGORITHM,
    DOC_PROPS,
    MatchResult,
    Prepared,
    _values,
    get_algorithm,
    names_of,
    prepare,
)
from tessera.matching.keys import identifier_key
from tessera.matching.text import NameForm

MAX_CANDIDATES = 12
SHORTLIST_NAMES = 3
COMMON_KEY = 0.02  # keys held by more than this share of entries only rank, never select alone


def form_keys(form: NameForm) -> set[str]:
    keys: set[str] = set()
    for phon, skel in zip(form.phon, form.skel, strict=True):
        if len(phon) >= 2:
            keys.add("p:" + phon)
            keys.add("q:" + phon[:3])
        if len(skel) >= 2:
            keys.add("s:" + skel)
            keys.add("t:" + skel[:3])
    if len(form.joined_skel) >= 4:
        keys.add("j:" + "".join(form.skel)[:4])
    return keys


@dataclass
class ScreenHit:
    entry_id: str
    result: MatchResult


@dataclass
class _Entry:
    id: str
    data: Mapping[str, Any]
    prepared: Prepared

    @property
    def names(self) -> list[NameForm]:
        return list(self.prepared.names)


class Screener:
    """Screen queries against a fixed set of entries: blocking, then the matching algorithm."""

    def __init__(
        self, entries: Iterable[tuple[str, Mapping[str, Any]]], algorithm: str = DEFAULT_ALGORITHM
    ) -> None:
        self.algorithm = get_algorithm(algorithm)
        self._entries: dict[str, _Entry] = {}
        self._postings: dict[str, list[str]] = defaultdict(list)
        for entry_id, data in entries:
            self.add(entry_id, data)

    def __len__(self) -> int:
        return len(self._entries)

    def _keys(self, names: list[NameForm], data: Mapping[str, Any]) -> set[str]:
        keys: set[str] = set()
        for form in names:
            keys |= form_keys(form)
        keys |= {identifier_key(d) for d in _values(data, DOC_PROPS) if len(identifier_key(d)) > 5}
        return keys

    def add(self, entry_id: str, data: Mapping[str, Any]) -> None:
        if entry_id in self._entries:
            self.remove(entry_id)
        names = names_of(data)
        self._entries[entry_id] = _Entry(entry_id, data, prepare(data, names))
        for key in self._keys(names, data):
            self._postings[key].append(entry_id)

    def remove(self, entry_id: str) -> None:
        entry = self._entries.pop(entry_id, None)
        if entry is None:
            return
        for key in self._keys(entry.names, entry.data):
            postings = self._postings.get(key)
            if postings and entry_id in postings:
                postings.remove(entry_id)

    def candidates(self, query: Mapping[str, Any], limit: int = MAX_CANDIDATES) -> list[str]:
        names = names_of(query)
        keys = self._keys(names, query)
        total = max(len(self._entries), 1)
        scores: dict[str, float] = defaultdict(float)
        for key in keys:
            postings = self._postings.get(key)
            if not postings:
                continue
            df = len(postings)
            weight = math.log(1 + total / df) * (4.0 if key.startswith("i:") else 1.0)
            if df > COMMON_KEY * total and df > 200:
                continue
            for entry_id in postings:
                scores[entry_id] += weight
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        return [entry_id for entry_id, _ in ranked[:limit]]

    def score(self, query: Mapping[str, Any] | Prepared, entry_id: str) -> MatchResult:
        q = query if isinstance(query, Prepared) else prepare(query)
        candidate = self._entries[entry_id].prepared
        if q.names and len(candidate.names) > SHORTLIST_NAMES:
            # Score fully only the entry's names closest to the query's (a cheap C-level distance).
            def closeness(cn: NameForm) -> float:
                return max(
                    Levenshtein.normalized_similarity(qn.joined_phon, cn.joined_phon) for qn in q.names
                )

            best = sorted(candidate.names, key=closeness, reverse=True)[:SHORTLIST_NAMES]
            candidate = replace(candidate, names=tuple(best))
        return self.algorithm.compare_prepared(q, candidate)

    def screen(
        self, query: Mapping[str, Any], threshold: float = 0.0, limit: int = 10, brute_force: bool = False
    ) -> list[ScreenHit]:
        ids = list(self._entries) if brute_force else self.candidates(query)
        prepared = prepare(query)
        hits = []
        for entry_id in ids:
            result = self.score(prepared, entry_id)
            if result.score >= threshold:
                hits.append(ScreenHit(entry_id, result))
        hits.sort(key=lambda h: (-h.result.score, h.entry_id))
        return hits[:limit]
