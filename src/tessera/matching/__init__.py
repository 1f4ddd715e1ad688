"""Name matching (pure): normalisation, transliteration, explained comparison, candidate index."""

from __future__ import annotations

from tessera.matching.compare import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    Algorithm,
    MatchResult,
    TesseraNameV1,
    compare,
    get_algorithm,
)
from tessera.matching.index import Screener, ScreenHit
from tessera.matching.names import name_similarity

# Scores from this value alert by default (calibrated by bench/screening.py).
DEFAULT_THRESHOLD = 0.9

__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "DEFAULT_THRESHOLD",
    "Algorithm",
    "MatchResult",
    "ScreenHit",
    "Screener",
    "TesseraNameV1",
    "compare",
    "get_algorithm",
    "name_similarity",
]
