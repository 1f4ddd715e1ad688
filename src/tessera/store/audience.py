"""The audience of each marking: a pure function of markings, partners, groups and agencies.

``marking_audience`` lets every read check distribution with one index probe per statement.
It is derived state: :func:`refresh_audience` recomputes it from the stored rows, for all
markings or just those touched by a change, in the same transaction as the change.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, Select, delete, insert, select, true, union

from tessera.store.tables import agencies, group_members, marking_audience, marking_partners, markings


def audience_rows(where: ColumnElement[bool] | None = None) -> Select[tuple[str, str, int]]:
    m = markings
    cond = where if where is not None else true()
    owner = select(m.c.owner.label("agency"), m.c.id.label("marking_id"), m.c.classification).where(cond)
    members = (
        select(agencies.c.code, m.c.id, m.c.classification)
        .select_from(m.join(agencies, true()))
        .where(cond, m.c.distribution == "members")
    )
    partners = (
        select(marking_partners.c.agency, m.c.id, m.c.classification)
        .select_from(m.join(marking_partners, marking_partners.c.marking_id == m.c.id))
        .where(cond, m.c.distribution == "partners")
    )
    grouped = (
        select(group_members.c.agency, m.c.id, m.c.classification)
        .select_from(m.join(group_members, group_members.c.group_code == m.c.group_code))
        .where(cond, m.c.distribution == "group")
    )
    return union(owner, members, partners, grouped)  # type: ignore[return-value]


def refresh_audience(conn: Connection, where: ColumnElement[bool] | None = None) -> None:
    """Recompute the audience of the markings selected by ``where`` (all when None)."""
    if where is None:
        conn.execute(delete(marking_audience))
    else:
        touched = select(markings.c.id).where(where)
        conn.execute(delete(marking_audience).where(marking_audience.c.marking_id.in_(touched)))
    rows = audience_rows(where).subquery()
    conn.execute(
        insert(marking_audience).from_select(["agency", "marking_id", "classification"], select(rows))
    )
