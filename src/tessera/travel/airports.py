"""Airport reference data from ``airportsdata`` (IATA codes), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import airportsdata


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, Any]]:
    data: Any = airportsdata.load("IATA")
    return dict(data)


@lru_cache(maxsize=4096)
def airport(iata: str) -> Airport | None:
    row = _table().get(iata.strip().upper())
    if row is None:
        return None
    return Airport(
        iata=row["iata"],
        name=row["name"],
        city=row["city"],
        country=row["country"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
    )


def country_of(iata: str) -> str:
    a = airport(iata)
    return a.country if a else ""
