"""Watchlist entries as parsed from list files, before they are stored as list versions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ListEntry:
    """One listed person, organisation, vessel or aircraft, FtM-shaped.

    ``properties`` uses FollowTheMoney property names (name, alias, weakAlias, firstName, lastName,
    birthDate, birthPlace, nationality, country, gender, idNumber, passportNumber, address, notes,
    program, topics, sourceUrl, ...). ``id`` is stable within the list across versions.
    """

    id: str
    schema: str
    properties: dict[str, list[str]]
    source_line: int | None = None

    def to_ftm(self) -> dict[str, object]:
        return {"id": self.id, "schema": self.schema, "properties": self.properties}


@dataclass
class RowProblem:
    """A row or element that could not be understood: reported, never silently dropped."""

    line: int | None
    message: str
    raw: str = ""


@dataclass
class ParsedList:
    format: str
    entries: list[ListEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Counts a reader measured while reading (e.g. "aliases" attached), for accounting and reports.
    stats: dict[str, int] = field(default_factory=dict)
