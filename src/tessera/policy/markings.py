"""Markings: the sharing conditions a contributor attaches to every fact.

A marking says who may read a statement (its *distribution*), whether others may learn that it
exists (*discoverable*, hit/no-hit), how it may be handled (codes H0-H2) and how sensitive it is
(*classification*, compared with the reader's clearance).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from tessera.errors import ErrorDetail, ValidationError


class Distribution(StrEnum):
    AGENCY = "agency"  # the contributing agency only
    PARTNERS = "partners"  # named partner agencies
    GROUP = "group"  # members of one named sharing group
    MEMBERS = "members"  # every member of the hub


class Classification(IntEnum):
    UNCLASSIFIED = 0
    RESTRICTED = 1
    CONFIDENTIAL = 2

    @classmethod
    def parse(cls, value: str | int) -> Classification:
        if isinstance(value, int):
            return cls(value)
        return cls[value.strip().upper()]


HANDLING_CODES: dict[str, str] = {
    "H0": "Law-enforcement purposes only.",
    "H1": "Not for use as evidence without the contributor's permission.",
    "H2": "No onward dissemination without the contributor's permission.",
}


@dataclass(frozen=True)
class Marking:
    """Sharing conditions of one statement. ``owner`` is the contributing agency."""

    owner: str
    distribution: Distribution = Distribution.AGENCY
    partners: frozenset[str] = field(default_factory=frozenset)
    group: str | None = None
    discoverable: bool = False
    handling: frozenset[str] = field(default_factory=frozenset)
    classification: Classification = Classification.UNCLASSIFIED

    @property
    def key(self) -> str:
        """Content hash: identical markings share one stored row."""
        raw = json.dumps(self.to_dict(), sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "distribution": self.distribution.value,
            "partners": sorted(self.partners),
            "group": self.group,
            "discoverable": self.discoverable,
            "handling": sorted(self.handling),
            "classification": self.classification.name.lower(),
        }

    @classmethod
    def from_dict(cls, owner: str, data: dict[str, Any], location: str = "marking") -> Marking:
        """Build and validate a marking; collects every problem and raises once."""
        errors: list[ErrorDetail] = []
        known = {"distribution", "partners", "group", "discoverable", "handling", "classification", "owner"}
        for extra in sorted(set(data) - known):
            errors.append(ErrorDetail(f"{location}.{extra}", "unknown field"))
        dist_raw = data.get("distribution", Distribution.AGENCY.value)
        try:
            distribution = Distribution(dist_raw)
        except ValueError:
            errors.append(
                ErrorDetail(f"{location}.distribution", "must be one of agency, partners, group, members")
            )
            distribution = Distribution.AGENCY
        partners_raw = data.get("partners") or []
        if not isinstance(partners_raw, list) or not all(isinstance(p, str) for p in partners_raw):
            errors.append(ErrorDetail(f"{location}.partners", "must be a list of agency codes"))
            partners_raw = []
        partners = frozenset(p.strip().upper() for p in partners_raw if p.strip())
        group = data.get("group")
        if group is not None and not isinstance(group, str):
            errors.append(ErrorDetail(f"{location}.group", "must be a group code"))
            group = None
        if distribution is Distribution.PARTNERS and not partners:
            errors.append(ErrorDetail(f"{location}.partners", "distribution 'partners' names at least one"))
        if distribution is Distribution.GROUP and not group:
            errors.append(ErrorDetail(f"{location}.group", "distribution 'group' names a group"))
        handling_raw = data.get("handling") or []
        if not isinstance(handling_raw, list):
            handling_raw = [handling_raw]
        handling = frozenset(str(h).strip().upper() for h in handling_raw)
        for code in sorted(handling - set(HANDLING_CODES)):
            errors.append(ErrorDetail(f"{location}.handling", f"unknown handling code {code!r} (H0, H1, H2)"))
        try:
            classification = Classification.parse(data.get("classification", "unclassified"))
        except (KeyError, ValueError, AttributeError):
            errors.append(
                ErrorDetail(f"{location}.classification", "must be unclassified, restricted or confidential")
            )
            classification = Classification.UNCLASSIFIED
        discoverable = data.get("discoverable", False)
        if not isinstance(discoverable, bool):
            errors.append(ErrorDetail(f"{location}.discoverable", "must be true or false"))
            discoverable = False
        if errors:
            raise ValidationError("The marking is not valid.", details=errors)
        return cls(
            owner=owner,
            distribution=distribution,
            partners=partners if distribution is Distribution.PARTNERS else frozenset(),
            group=group if distribution is Distribution.GROUP else None,
            discoverable=discoverable,
            handling=handling & set(HANDLING_CODES),
            classification=classification,
        )
