"""The sharing policy as pure functions. Deny by default; every decision carries its reason.

The store translates :func:`can_read` and :func:`can_discover` into SQL predicates
(``tessera.store.visibility``); a conformance test checks that both agree on random inputs.
There is deliberately no switch that turns enforcement off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from tessera.policy.markings import Classification, Distribution, Marking

ROLES = ("analyst", "steward", "admin", "auditor")


@dataclass(frozen=True)
class Viewer:
    """Who is asking, on behalf of which agency, with what clearance and for what purpose."""

    agency: str
    user: str
    roles: frozenset[str] = field(default_factory=frozenset)
    clearance: Classification = Classification.UNCLASSIFIED
    purpose: str = "analysis"
    groups: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Grant:
    """An approved access request: ``agency`` may read what ``owner`` holds on ``entity_id``."""

    entity_id: str
    owner: str
    agency: str
    until: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.until is None or self.until > now


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def in_distribution(viewer: Viewer, marking: Marking) -> Decision:
    """Is the viewer's agency among those the contributor shared with?"""
    if marking.owner == viewer.agency:
        return Decision(True, "contributed by the viewer's agency")
    if marking.distribution is Distribution.MEMBERS:
        return Decision(True, "shared with all members")
    if marking.distribution is Distribution.PARTNERS and viewer.agency in marking.partners:
        return Decision(True, f"shared with partner {viewer.agency}")
    if marking.distribution is Distribution.GROUP and marking.group in viewer.groups:
        return Decision(True, f"shared with group {marking.group}")
    return Decision(False, f"not shared with {viewer.agency}")


def can_read(
    viewer: Viewer,
    marking: Marking,
    *,
    entity_id: str,
    grants: Iterable[Grant] = (),
    now: datetime,
) -> Decision:
    """May ``viewer`` read a statement on ``entity_id`` shared under ``marking``?"""
    if marking.classification > viewer.clearance:
        return Decision(False, f"classified {marking.classification.name.lower()} above clearance")
    shared = in_distribution(viewer, marking)
    if shared:
        return shared
    if marking.discoverable:
        for grant in grants:
            if (
                grant.entity_id == entity_id
                and grant.owner == marking.owner
                and grant.agency == viewer.agency
                and grant.active(now)
            ):
                return Decision(True, "access request approved by the contributor")
    return shared


def can_discover(viewer: Viewer, marking: Marking, *, readable: bool) -> Decision:
    """May the viewer learn that a statement it cannot read exists (hit/no-hit)?

    Not above the viewer's clearance: an approved request could not make it readable anyway.
    """
    if marking.classification > viewer.clearance:
        return Decision(False, "classified above clearance")
    if readable:
        return Decision(False, "readable statements are returned, not reported as hits")
    if not marking.discoverable:
        return Decision(False, "contributor did not make it discoverable")
    return Decision(True, "discoverable by members outside the distribution")


def require_role(viewer: Viewer, *roles: str) -> Decision:
    for role in roles:
        if viewer.has_role(role):
            return Decision(True, f"has role {role}")
    return Decision(False, f"needs one of the roles {', '.join(roles)}")


def can_write(viewer: Viewer) -> Decision:
    return require_role(viewer, "analyst", "steward")


def can_decide_request(viewer: Viewer, owner: str) -> Decision:
    if viewer.agency != owner:
        return Decision(False, "only the contributing agency decides")
    return require_role(viewer, "steward")


def can_read_audit(viewer: Viewer) -> Decision:
    return require_role(viewer, "auditor")
