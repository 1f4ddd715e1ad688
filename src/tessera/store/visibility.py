"""The sharing policy (``tessera.policy.core``) expressed as SQL predicates.

Every read in the store composes these into its own query, so the database never returns a
row the viewer may not read. ``tests/store/test_visibility_conformance.py`` checks that these
predicates and the pure policy agree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, DateTime, Integer, Select, String, and_, bindparam, exists, or_, select

from tessera.policy.core import Viewer
from tessera.store.tables import access_requests, marking_audience, markings, statements

# The viewer is bound at execution time, so each predicate and the queries built on it are
# constructed (and compiled) once, not per request.
V_AGENCY = bindparam("v_agency", type_=String())
V_CLEARANCE = bindparam("v_clearance", type_=Integer())
V_NOW = bindparam("v_now", type_=DateTime())


def viewer_params(viewer: Viewer, now: datetime) -> dict[str, object]:
    return {"v_agency": viewer.agency, "v_clearance": int(viewer.clearance), "v_now": now}


def shared_marking_ids(viewer: Viewer) -> Select[tuple[str]]:
    """Markings whose distribution reaches the viewer's agency, within its clearance."""
    ma = marking_audience
    return select(ma.c.marking_id).where(
        ma.c.agency == viewer.agency, ma.c.classification <= int(viewer.clearance)
    )


def _shared() -> ColumnElement[bool]:
    ma = marking_audience
    return exists(
        select(ma.c.marking_id).where(
            ma.c.marking_id == statements.c.marking_id,
            ma.c.agency == V_AGENCY,
            ma.c.classification <= V_CLEARANCE,
        )
    )


def _granted() -> ColumnElement[bool]:
    """An approved, unexpired access request covers this statement's entity and contributor,
    and the contributor made the statement discoverable."""
    ar = access_requests
    discoverable = select(markings.c.id).where(
        markings.c.discoverable.is_(True), markings.c.classification <= V_CLEARANCE
    )
    return and_(
        exists(
            select(ar.c.id).where(
                ar.c.entity_id == statements.c.entity_id,
                ar.c.owner == statements.c.agency,
                ar.c.requester == V_AGENCY,
                ar.c.status == "approved",
                or_(ar.c.until.is_(None), ar.c.until > V_NOW),
            )
        ),
        statements.c.marking_id.in_(discoverable),
    )


# Predicates on ``statements``: the viewer may read this row. SHARED leaves out the access-grant
# branch; it is used only when the viewer's agency holds no approved request at all.
SHARED = _shared()
VISIBLE = or_(_shared(), _granted())

HAS_GRANTS = (
    select(access_requests.c.id)
    .where(access_requests.c.requester == V_AGENCY, access_requests.c.status == "approved")
    .limit(1)
)
