"""The pure policy and its SQL translation agree on random markings, viewers and grants."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from tessera.clock import FixedClock
from tessera.policy.core import Grant, Viewer, can_discover, can_read
from tessera.policy.markings import Classification, Distribution, Marking
from tessera.store import Store, make_engine, upgrade
from tessera.store.tables import access_requests, entities, metadata, statements
from tessera.store.visibility import SHARED, VISIBLE, viewer_params

AG = ["AA", "BB", "CC"]
NOW = datetime(2026, 11, 1)

marking_st = st.builds(
    lambda owner, dist, partners, disc, cls: Marking(
        owner=owner,
        distribution=dist,
        partners=frozenset(partners) if dist is Distribution.PARTNERS else frozenset(),
        group="G" if dist is Distribution.GROUP else None,
        discoverable=disc,
        classification=cls,
    ),
    st.sampled_from(AG),
    st.sampled_from(list(Distribution)),
    st.lists(st.sampled_from(AG), min_size=1),
    st.booleans(),
    st.sampled_from(list(Classification)),
)


def test_deny_by_default() -> None:
    viewer = Viewer(agency="BB", user="b", clearance=Classification.CONFIDENTIAL)
    decision = can_read(viewer, Marking(owner="AA"), entity_id="e", now=NOW)
    assert not decision and "not shared" in decision.reason
    assert not can_discover(viewer, Marking(owner="AA"), readable=False)


def test_grant_needs_discoverable_and_time() -> None:
    viewer = Viewer(agency="BB", user="b", clearance=Classification.CONFIDENTIAL)
    grant = Grant("e", "AA", "BB", until=NOW + timedelta(days=1))
    assert can_read(viewer, Marking(owner="AA", discoverable=True), entity_id="e", grants=[grant], now=NOW)
    assert not can_read(viewer, Marking(owner="AA"), entity_id="e", grants=[grant], now=NOW)
    later = NOW + timedelta(days=2)
    assert not can_read(
        viewer, Marking(owner="AA", discoverable=True), entity_id="e", grants=[grant], now=later
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    marks=st.lists(marking_st, min_size=1, max_size=8),
    group=st.lists(st.sampled_from(AG), max_size=3, unique=True),
    grants=st.lists(st.tuples(st.integers(0, 7), st.sampled_from(AG), st.booleans()), max_size=4),
    viewer_agency=st.sampled_from(AG),
    clearance=st.sampled_from(list(Classification)),
)
def test_sql_predicate_matches_pure_policy(
    tmp_path: Path,
    marks: list[Marking],
    group: list[str],
    grants: list[tuple[int, str, bool]],
    viewer_agency: str,
    clearance: Classification,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'conf.db'}")
    upgrade(engine)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    store = Store(engine, clock=FixedClock(NOW))
    for code in AG:
        store.create_agency(code, code, "EU", "police")
    store.create_group("G", "G", "AA", group)
    pure_grants = []
    with engine.begin() as conn:
        for idx, marking in enumerate(marks):
            conn.execute(
                insert(entities).values(
                    id=f"e{idx}",
                    schema="Person",
                    owner=marking.owner,
                    watch=False,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            conn.execute(
                insert(statements).values(
                    id=f"s{idx}",
                    entity_id=f"e{idx}",
                    schema="Person",
                    prop="name",
                    prop_type="name",
                    value=f"v{idx}",
                    agency=marking.owner,
                    source="t",
                    first_seen=NOW,
                    last_seen=NOW,
                    marking_id=store._ensure_marking(conn, marking),
                )
            )
        for n, (idx, requester, expired) in enumerate(grants):
            if idx >= len(marks):
                continue
            until = NOW - timedelta(days=1) if expired else NOW + timedelta(days=1)
            conn.execute(
                insert(access_requests).values(
                    id=f"r{n}",
                    ref=f"ref{n}",
                    entity_id=f"e{idx}",
                    owner=marks[idx].owner,
                    requester=requester,
                    requested_by="x",
                    purpose="p",
                    status="approved",
                    created_at=NOW,
                    until=until,
                )
            )
            pure_grants.append(Grant(f"e{idx}", marks[idx].owner, requester, until))
    groups = frozenset({"G"}) if viewer_agency in set(group) | {"AA"} else frozenset()
    viewer = Viewer(agency=viewer_agency, user="u", clearance=clearance, groups=groups)
    with engine.connect() as conn:
        sql_visible = set(
            conn.execute(select(statements.c.id).where(VISIBLE), viewer_params(viewer, NOW)).scalars()
        )
    pure_visible = {
        f"s{idx}"
        for idx, m in enumerate(marks)
        if can_read(viewer, m, entity_id=f"e{idx}", grants=pure_grants, now=NOW)
    }
    assert sql_visible == pure_visible
    if not pure_grants:
        # Without any approved request the store uses the shorter predicate: it must agree too.
        with engine.connect() as conn:
            shared = set(
                conn.execute(select(statements.c.id).where(SHARED), viewer_params(viewer, NOW)).scalars()
            )
        assert shared == pure_visible
    engine.dispose()
