"""Name matching (pure): normalisation, transliteration, explained comparison, candidate index."""

from __future__ import annotations

from tessera.matching.compare import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    Algorithm,
    MatchResult,
    TesseraNameV2,
    compare,
    get_algorithm,
)
from tessera.matching.index import Screener, ScreenHit
from tessera.matching.names import name_similarity

# A screen alerts on scores from this value. Chosen for recall: on bench/screening.py (OFAC SDN 2021-04)
# it alerts on ~84% of the positive queries and on ~2% of unrelated names; the 1%-alert point is ~0.94.
DEFAULT_THRESHOLD = 0.9

__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "DEFAULT_THRESHOLD",
    "Algorithm",
    "MatchResult",
    "ScreenHit",
    "Screener",
    "TesseraNameV2",
    "compare",
    "get_algorithm",
    "name_similarity",
]
