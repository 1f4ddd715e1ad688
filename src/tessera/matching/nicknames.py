"""Given names and their nicknames (William/Bill), from ``names/nicknames.csv`` in the shared data.

The file (``name1,relationship,name2``) is optional: without it, nicknames are simply not used.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from tessera.matching.text import phonetic
from tessera.settings import load_settings


@lru_cache(maxsize=4)
def nickname_pairs(path: Path | None = None) -> frozenset[tuple[str, str]]:
    path = path or load_settings().shared_dir / "names" / "nicknames.csv"
    if not path.exists():
        fallback = Path(__file__).resolve().parents[3].parent / "shared" / "names" / "nicknames.csv"
        if not fallback.exists():
            return frozenset()
        path = fallback
    pairs: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) >= 3 and row[0] and row[2] and row[0] != "name1":
                a, b = phonetic(row[0].strip().lower()), phonetic(row[2].strip().lower())
                if a != b:
                    pairs.add((a, b))
                    pairs.add((b, a))
    return frozenset(pairs)


def are_nicknames(a: str, b: str) -> bool:
    """Are these phonetic tokens a name and its nickname?"""
    return (a, b) in nickname_pairs()
