"""Given names and their nicknames (William/Bill), from ``names/nicknames.csv`` in the shared data.

The file (``name1,relationship,name2``) is optional: without it, nicknames are simply not used. Its
path defaults to ``load_settings().shared_dir / "names/nicknames.csv"``; :func:`use_nicknames` sets
another one.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from tessera.matching.text import phonetic
from tessera.settings import load_settings

_active: frozenset[tuple[str, str]] | None = None


def default_path() -> Path:
    path = load_settings().shared_dir / "names" / "nicknames.csv"
    if not path.exists():  # running from a checkout beside ../shared
        fallback = Path(__file__).resolve().parents[3].parent / "shared" / "names" / "nicknames.csv"
        if fallback.exists():
            return fallback
    return path


@lru_cache(maxsize=4)
def nickname_pairs(path: Path | None = None) -> frozenset[tuple[str, str]]:
    """Pairs of phonetic forms (both directions); empty if the file is absent."""
    path = path or default_path()
    if not path.exists():
        return frozenset()
    pairs: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) >= 3 and row[0] and row[2] and row[0] != "name1":
                a, b = phonetic(row[0].strip().lower()), phonetic(row[2].strip().lower())
                if a != b:
                    pairs.add((a, b))
                    pairs.add((b, a))
    return frozenset(pairs)


def use_nicknames(path: Path | None = None) -> int:
    """Use the nicknames in ``path`` (default: from settings) from now on; returns how many pairs."""
    global _active
    _active = nickname_pairs(path)
    from tessera.matching.names import clear_caches

    clear_caches()
    return len(_active) // 2


def are_nicknames(a: str, b: str) -> bool:
    """Are these phonetic tokens a name and its nickname?"""
    global _active
    if _active is None:
        _active = nickname_pairs(None)
    return (a, b) in _active
