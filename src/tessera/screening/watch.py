"""Which watch-subject statements could a hub search for these texts match? (Derived state.)

Screening a traveller or a customer against the hub's watch subjects goes through the store's
policy-enforced search. Asking the database which statements share a key with every query costs a
round trip and a key-table scan per query (about 4 ms), and almost every query matches nothing.
This index is a pure function of the stored watch subjects' name and identifier statements (id,
type, value), rebuilt whenever the store's watch fingerprint changes and never changed otherwise.
It applies the search's own candidate rule — a shared search key, then ``name_score`` at least the
minimum, or an equal identifier — and so proposes the statement ids that the search would score
as matches. It decides nothing: the store reads every proposed statement again, checks that it
is still a watch subject's, scores it with its own rule and applies the policy
(``SearchStore.search_candidates``). Nothing it holds is shown to anyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from tessera.matching.keys import identifier_key, name_keys, name_tokens
from tessera.store.entities import search_keys_for
from tessera.store.search import name_score

KEY_LENGTH = 96  # the store's key column (search_keys.key) keeps this many characters


def _sorted_tokens(name: str) -> str:
    return " ".join(sorted(name_tokens(name)))


class WatchIndex:
    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """``rows``: (statement id, prop_type, value) of every watch subject's names and identifiers."""
        names: dict[str, set[str]] = defaultdict(set)  # search key -> sorted-token names
        ids: dict[str, list[tuple[str, str]]] = defaultdict(list)  # key -> (identifier key, sid)
        self._statements: dict[str, list[tuple[str, str, frozenset[str]]]] = defaultdict(list)
        for sid, prop_type, value in rows:
            keys = frozenset(k[:KEY_LENGTH] for k in search_keys_for(prop_type, value))
            if prop_type == "identifier":
                for key in keys:
                    ids[key].append((identifier_key(value), sid))
            elif prop_type == "name" and keys:
                tokens = _sorted_tokens(value)
                self._statements[tokens].append((sid, value, keys))
                for key in keys:
                    names[key].add(tokens)
        self._names = {key: frozenset(values) for key, values in names.items()}
        self._ids = dict(ids)
        self._size = sum(map(len, self._statements.values())) + sum(map(len, self._ids.values()))

    def __len__(self) -> int:
        return self._size

    def candidates(self, texts: Sequence[str], min_score: float) -> list[str]:
        """Statement ids the store's search for ``texts`` would score at least ``min_score``."""
        texts = [t.strip() for t in texts if t and t.strip()]
        if not texts:
            return []
        id_keys = {identifier_key(t) for t in texts}
        keys = set().union(*(name_keys(t) for t in texts)) | id_keys
        out = [sid for k in id_keys for full, sid in self._ids.get(k, ()) if full in id_keys]
        pool: set[str] = set()
        for key in keys:
            pool |= self._names.get(key, frozenset())
        if not pool:
            return sorted(set(out))
        choices = list(pool)
        cutoff = min_score * 100 - 1e-6
        queries = [q for q in (_sorted_tokens(t) for t in texts) if q]
        scorers = ((fuzz.token_sort_ratio, cutoff), (fuzz.token_set_ratio, cutoff / 0.95))
        near: set[str] = set()
        for q in queries:
            for scorer, cut in scorers:
                # One C-level pass answers the usual question (nothing is close) before listing.
                if process.extractOne(q, choices, scorer=scorer, score_cutoff=cut) is not None:
                    hits = process.extract(q, choices, scorer=scorer, score_cutoff=cut, limit=len(choices))
                    near.update(str(m[0]) for m in hits)
        for tokens in near:  # exactly the store's rule, on the few that came close
            for sid, value, statement_keys in self._statements[tokens]:
                if statement_keys & keys and max(name_score(t, value) for t in texts) >= min_score:
                    out.append(sid)
        return sorted(set(out))
