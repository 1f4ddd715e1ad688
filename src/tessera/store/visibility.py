"""The sharing policy (``tessera.policy.core``) expressed as SQL predicates.

Every read in the store composes these into its own query, so the database never returns a
row the viewer may not read. ``tests/store/test_visibility_conformance.py`` checks that these
predicates and the pure policy agree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from tessera.policy.core import Viewer
from tessera.store.tables import access_requests, group_members, marking_partners, markings, statements


def shared_marking_ids(viewer: Viewer) -> Select[tuple[str]]:
    """Markings whose distribution includes the viewer's agency, within its clearance."""
    m = markings
    in_partners = exists(
        select(marking_partners.c.marking_id).where(
            marking_partners.c.marking_id == m.c.id, marking_partners.c.agency == viewer.agency
        )
    )
    in_group = exists(
        select(group_members.c.group_code).where(
            group_members.c.group_code == m.c.group_code, group_members.c.agency == viewer.agency
        )
    )
    return select(m.c.id).where(
        m.c.classification <= int(viewer.clearance),
        or_(
            m.c.owner == viewer.agency,
            m.c.distribution == "members",
            and_(m.c.distribution == "partners", in_partners),
            and_(m.c.distribution == "group", in_group),
        ),
    )


def discoverable_marking_ids(viewer: Viewer) -> Select[tuple[str]]:
    return select(markings.c.id).where(
        markings.c.discoverable.is_(True), markings.c.classification <= int(viewer.clearance)
    )


def granted(viewer: Viewer, now: datetime) -> ColumnElement[bool]:
    """An approved, unexpired access request covers this statement's entity and contributor."""
    s = statements
    return exists(
        select(access_requests.c.id).where(
            access_requests.c.entity_id == s.c.entity_id,
            access_requests.c.owner == s.c.agency,
            access_requests.c.requester == viewer.agency,
            access_requests.c.status == "approved",
            or_(access_requests.c.until.is_(None), access_requests.c.until > now),
        )
    )


def statement_visible(viewer: Viewer, now: datetime) -> ColumnElement[bool]:
    """Predicate on ``statements``: the viewer may read this row."""
    s = statements
    return or_(
        s.c.marking_id.in_(shared_marking_ids(viewer)),
        and_(s.c.marking_id.in_(discoverable_marking_ids(viewer)), granted(viewer, now)),
    )


def visible_entity_ids(viewer: Viewer, now: datetime) -> Select[tuple[str]]:
    return select(statements.c.entity_id).where(statement_visible(viewer, now)).distinct()
