"""Search keys are derived state: a database whose keys older code derived gets them rebuilt from the
stored statements on upgrade, so a new normalisation never misses what is stored."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete, func, select, update

from tessera.matching.keys import KEYS_VERSION
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Marking
from tessera.store import Store, upgrade
from tessera.store.derived import SEARCH_KEYS, refresh_search_keys
from tessera.store.tables import derived_versions, search_keys


def _keys(store: Store) -> set[tuple[str, str]]:
    with store.engine.connect() as conn:
        return {(r.key, r.statement_id) for r in conn.execute(select(search_keys))}


def test_keys_from_older_code_are_rebuilt_on_upgrade(store: Store) -> None:
    store.create_agency("NL", "NL CT unit", "NL", "police")
    viewer = Viewer("NL", "nl", frozenset({"analyst"}), Classification.CONFIDENTIAL)
    marking = Marking.from_dict("NL", {"distribution": "agency"})
    eid = store.create_entity(
        viewer, "Person", {"name": ["Volodymyr Pavlenko"], "passportNumber": ["UA 12 345"]}, marking
    )
    refresh_search_keys(store.engine)  # records the version for the keys just written
    written = _keys(store)
    assert written and refresh_search_keys(store.engine) == 0  # up to date: nothing to do

    # As if an older normalisation had derived them: the name keys missing, the old version recorded.
    with store.engine.begin() as conn:
        conn.execute(delete(search_keys).where(search_keys.c.key.not_like("i:%")))
        conn.execute(
            update(derived_versions)
            .where(derived_versions.c.name == SEARCH_KEYS)
            .values(version=KEYS_VERSION - 1)
        )
    assert [e.id for e, _ in store.search(viewer, "Vladimir Pavlenko").results] == []

    upgrade(store.engine)
    assert _keys(store) == written
    assert [e.id for e, _ in store.search(viewer, "Vladimir Pavlenko").results] == [eid]
    with store.engine.connect() as conn:
        version = conn.execute(select(func.max(derived_versions.c.version))).scalar()
    assert version == KEYS_VERSION


def test_processes_starting_together_rebuild_once(store: Store) -> None:
    store.create_agency("NL", "NL CT unit", "NL", "police")
    viewer = Viewer("NL", "nl", frozenset({"analyst"}), Classification.CONFIDENTIAL)
    marking = Marking.from_dict("NL", {"distribution": "agency"})
    for i in range(50):
        store.create_entity(viewer, "Person", {"name": [f"Person Number{i} Sample"]}, marking)
    refresh_search_keys(store.engine)
    written = _keys(store)
    with store.engine.begin() as conn:
        conn.execute(delete(search_keys))
        conn.execute(update(derived_versions).values(version=KEYS_VERSION - 1))
    with ThreadPoolExecutor(4) as pool:
        keyed = list(pool.map(lambda _: refresh_search_keys(store.engine), range(4)))
    assert sorted(keyed) == [0, 0, 0, 50]
    assert _keys(store) == written
