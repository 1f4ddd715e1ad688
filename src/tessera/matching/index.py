"""A candidate index (blocking) and the screener built on it.

Keys per name: each token's phonetic form and consonant skeleton, 3-letter prefixes, the phonetic
form with each letter deleted in turn (typos), the skeletons of adjacent tokens joined
(Esmatullah / Esmat Ullah) and the joined skeleton's prefix, short tokens folded as Korean
syllables; document numbers by their canonical form. A query's pool is the entries sharing the most
informative keys (weighted by rarity); the pool is narrowed by a cheap C-level token-set similarity
of names, and only those are scored.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from tessera.matching.compare import DEFAULT_ALGORITHM, MatchResult, Prepared, get_algorithm, prepare
from tessera.matching.text import NameForm, korean_fold, skeleton

MAX_CANDIDATES = 4  # entries scored fully per query
POOL = 12  # entries sharing keys that are compared cheaply
RANK_MARGIN = 20.0  # cheap-rank points below the best beyond which an entry is not scored
SHORTLIST_NAMES = 2  # names per entry scored fully (the closest by the cheap similarity)
# Document numbers weigh most; the many one-letter-deleted forms of a word together about as one key;
# a Korean syllable's key (short, shared by many romanisations) half a key.
KEY_WEIGHTS = {"i": 4.0, "d": 0.25, "h": 0.5}
DENSE_SLOTS = 200_000  # up to this many entries, candidates are tallied in a dense array
COMMON_KEY = 0.02  # keys held by more than this share of entries (and over 200) are not used


def form_keys(form: NameForm) -> set[str]:
    keys: set[str] = set()
    for phon, skel in zip(form.phon, form.skel, strict=True):
        if len(phon) >= 2:
            keys.add("p:" + phon)
        if len(phon) > 4 and phon.startswith("al"):  # a glued article: Alhouthi
            keys.add("p:" + phon[2:])
        if 4 <= len(phon) <= 12:  # typos: the word with one letter deleted (meets its misspellings)
            keys.update("d:" + phon[:i] + phon[i + 1 :] for i in range(len(phon)))
        if len(skel) >= 2:
            keys.add("s:" + skel)
    if form.script in ("Latin", "Hangul"):  # Korean syllables in any romanisation: 김정은 / Kim Jong Un
        keys.update("h:" + korean_fold(t) for t in form.tokens if 2 <= len(t) <= 6)
    if len(form.joined_skel) >= 4:
        keys.add("j:" + "".join(form.skel)[:4])
    toks = form.tokens
    for i in range(min(len(toks) - 1, 3)):  # Esmatullah / Esmat Ullah: the two written as one
        skel = skeleton(toks[i].replace("_", "") + toks[i + 1].replace("_", ""))
        if len(skel) >= 4:
            keys.add("s:" + skel)
    return keys


def query_keys(prepared: Prepared) -> dict[str, float]:
    """The query's keys with their weights: an entry's keys, plus the lookups that meet a typo on
    either side, each about as telling as a word: the query's word among the entries' one-letter
    deletions (Dravo / Zdravo), the query's deletions among their words (Odecarne / Bodecarne)."""
    keys = {key: KEY_WEIGHTS.get(key[0], 1.0) for key in prepared_keys(prepared)}
    for form in prepared.names:
        for phon in form.phon:
            if 4 <= len(phon) <= 11:
                keys["d:" + phon] = 1.0
            if 5 <= len(phon) <= 12:
                keys.update(dict.fromkeys(("p:" + phon[:i] + phon[i + 1 :] for i in range(len(phon))), 1.0))
    return keys


def prepared_keys(prepared: Prepared) -> set[str]:
    keys: set[str] = set(prepared.docs)
    # A full date of birth: with it, a weaker name may still be the person (a different alias).
    keys.update("b:" + d for d in prepared.dates if len(d) == 10)
    keys.update("a:" + a for a in prepared.acronyms | prepared.short)  # organisations: IRGC
    for form in prepared.names:
        keys |= form_keys(form)
    return keys


@dataclass
class ScreenHit:
    entry_id: str
    result: MatchResult


class Screener:
    """Screen queries against a list: blocking, then the matching algorithm.

    Built from ``(entry_id, FtM dict)`` pairs; every entry's names are normalised once. Entries can be
    added, replaced and removed at any time (removed entries leave a tombstone in the postings).
    """

    def __init__(
        self, entries: Iterable[tuple[str, Mapping[str, Any]]] = (), algorithm: str = DEFAULT_ALGORITHM
    ) -> None:
        self.algorithm = get_algorithm(algorithm)
        self._slot: dict[str, int] = {}  # entry id -> slot
        self._ids: list[str | None] = []  # slot -> entry id (None: removed)
        self._prepared: list[Prepared | None] = []
        self._phon: list[tuple[str, ...]] = []  # per slot, the names' phonetic strings (cheap ranking)
        self._skel: list[tuple[str, ...]] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._arrays: dict[str, np.ndarray[Any, np.dtype[np.int32]]] = {}
        for entry_id, data in entries:
            self.add(entry_id, data)

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._slot

    def add(self, entry_id: str, data: Mapping[str, Any]) -> None:
        """Index an entry (replacing any entry with the same id)."""
        self.remove(entry_id)
        prepared = prepare(data)
        slot = len(self._ids)
        self._slot[entry_id] = slot
        self._ids.append(entry_id)
        self._prepared.append(prepared)
        self._phon.append(tuple(n.phon_str for n in prepared.names))
        self._skel.append(tuple(n.joined_skel for n in prepared.names))
        for key in prepared_keys(prepared):
            self._postings[key].append(slot)
            self._arrays.pop(key, None)

    def remove(self, entry_id: str) -> None:
        slot = self._slot.pop(entry_id, None)
        if slot is not None:
            self._ids[slot] = None
            self._prepared[slot] = None
            self._phon[slot] = self._skel[slot] = ()

    def prepared(self, entry_id: str) -> Prepared:
        entry = self._prepared[self._slot[entry_id]]
        assert entry is not None
        return entry

    def _array(self, key: str) -> np.ndarray[Any, np.dtype[np.int32]] | None:
        arr = self._arrays.get(key)
        if arr is None:
            postings = self._postings.get(key)
            if not postings:
                return None
            arr = self._arrays[key] = np.asarray(postings, dtype=np.int32)
        return arr

    def candidates(
        self, query: Mapping[str, Any] | Prepared, limit: int = MAX_CANDIDATES, pool: int = POOL
    ) -> list[str]:
        """Entries sharing the rarest keys with the query (a pool), then the closest of those by a cheap
        C-level token-set similarity of their names; entries sharing a document number always."""
        q = query if isinstance(query, Prepared) else prepare(query)
        total = max(len(self._slot), 1)
        arrays, weights = [], []
        for key, weight in query_keys(q).items():
            arr = self._array(key)
            if arr is None:
                continue
            df = len(arr)
            if df > COMMON_KEY * total and df > 200 and not key.startswith("i:"):
                continue
            arrays.append(arr)
            weights.append(math.log(1 + total / df) * weight)
        if not arrays:
            return []
        slots = np.concatenate(arrays)
        per_slot = np.repeat(weights, [len(a) for a in arrays])
        if len(self._ids) <= DENSE_SLOTS:  # a dense tally is cheaper than sorting the slots
            tally = np.bincount(slots, weights=per_slot)
            uniq = np.flatnonzero(tally)
            scores = tally[uniq]
        else:
            uniq, inverse = np.unique(slots, return_inverse=True)
            scores = np.bincount(inverse, weights=per_slot)
        if len(uniq) > pool:
            top = np.argpartition(-scores, pool)[:pool]
            uniq, scores = uniq[top], scores[top]
        ranked = [(s, float(w)) for s, w in zip(uniq.tolist(), scores.tolist(), strict=True)]
        ranked = [(s, w) for s, w in ranked if self._ids[s] is not None]
        if len(ranked) > limit and q.names:
            top_w = max(w for _, w in ranked)
            close = self._closeness(q.names, [s for s, _ in ranked])
            rank = {s: close[s] + 25 * w / top_w for s, w in ranked}
            ranked.sort(key=lambda sw: rank[sw[0]], reverse=True)
            # Entries ranked far below the best are not scored fully (they cannot win).
            floor = rank[ranked[0][0]] - RANK_MARGIN
            ranked = [sw for i, sw in enumerate(ranked) if i < 2 or rank[sw[0]] >= floor]
        else:
            ranked.sort(key=lambda sw: sw[1], reverse=True)
        # Entries sharing a document number, or whose name is the query's acronym (or the other way
        # round), are always scored: their names need not look alike.
        exact = [*q.docs, *("a:" + a for a in q.short), *("a:" + a for a in q.acronyms)]
        forced = [s for k in exact for s in self._postings.get(k, ())[:limit] if self._ids[s] is not None]
        slots_out = list(dict.fromkeys(forced[:limit] + [s for s, _ in ranked[:limit]]))
        return [i for i in (self._ids[s] for s in slots_out) if i is not None]

    def _closeness(self, qnames: tuple[NameForm, ...], slots: list[int]) -> dict[int, float]:
        """Cheap closeness (0-100) of each entry's names to the query's, in a few C-level batch calls."""
        phon: list[str] = []
        skel: list[str] = []
        starts: list[int] = []
        for slot in slots:
            starts.append(len(phon))
            phon.extend(self._phon[slot])
            skel.extend(self._skel[slot])
        if not phon:
            return dict.fromkeys(slots, 0.0)
        best = np.zeros(len(phon))
        for qn in qnames:
            queries = {
                qn.phon_str,
                " ".join(p[2:] if len(p) > 4 and p.startswith("al") else p for p in qn.phon),
            }
            for text in queries:  # with any glued article (Almuhaysini) taken off
                best = np.maximum(best, process.cdist([text], phon, scorer=fuzz.token_set_ratio)[0])
            best = np.maximum(best, process.cdist([qn.joined_skel], skel, scorer=fuzz.ratio)[0] - 5)
        # Entries without names (starts repeated) get the next entry's value: harmless for ranking.
        per_entry = np.maximum.reduceat(best, np.minimum(starts, len(phon) - 1))
        return dict(zip(slots, per_entry.tolist(), strict=True))

    def score(self, query: Mapping[str, Any] | Prepared, entry_id: str) -> MatchResult:
        q = query if isinstance(query, Prepared) else prepare(query)
        candidate = self.prepared(entry_id)
        if q.names and len(candidate.names) > SHORTLIST_NAMES:
            # Score fully only the entry's names closest to the query's (a cheap C-level similarity).
            best = sorted(candidate.names, key=lambda cn: _closeness(q.names, cn), reverse=True)
            candidate = replace(candidate, names=tuple(best[:SHORTLIST_NAMES]))
        return self.algorithm.compare_prepared(q, candidate)

    def screen(
        self,
        query: Mapping[str, Any],
        threshold: float = 0.0,
        limit: int = 10,
        brute_force: bool = False,
        pool: int | None = None,
    ) -> list[ScreenHit]:
        """Entries scoring at least ``threshold`` against the query, best first (at most ``limit``).

        ``pool``: how many entries sharing keys are ranked cheaply (by default twice the candidates
        scored, at least ``POOL``); a few queries against a very large index (a new designation
        against a million customers, where many share its keys) afford a much larger one."""
        return self.screen_prepared(prepare(query), threshold, limit, brute_force, pool)

    def screen_prepared(
        self,
        prepared: Prepared,
        threshold: float = 0.0,
        limit: int = 10,
        brute_force: bool = False,
        pool: int | None = None,
    ) -> list[ScreenHit]:
        """``screen`` for a query already prepared (e.g. an entry of another screener)."""
        wanted = max(MAX_CANDIDATES, min(limit, 50))
        pool = pool or max(POOL, 2 * wanted)
        ids = list(self._slot) if brute_force else self.candidates(prepared, wanted, pool)
        hits = []
        for rank, entry_id in enumerate(ids):
            result = self.score(prepared, entry_id)
            if result.score >= threshold:
                hits.append(ScreenHit(entry_id, result))
            elif rank >= MAX_CANDIDATES and not brute_force:
                break  # beyond the usual candidates, go on only while they still reach the threshold
        hits.sort(key=lambda h: (-h.result.score, h.entry_id))
        return hits[:limit]


def _closeness(qnames: Iterable[NameForm], cn: NameForm) -> float:
    best = 0.0
    for qn in qnames:
        sim = fuzz.token_set_ratio(qn.phon_str, cn.phon_str) + 0.5 * fuzz.ratio(qn.phon_str, cn.phon_str)
        best = max(best, sim, fuzz.token_set_ratio(qn.skel_str, cn.skel_str) - 5)
    return best
