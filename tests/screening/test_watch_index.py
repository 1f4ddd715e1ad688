"""The watch-subject index proposes exactly what the store's search would match, and screening
through it gives the same results as the policy-enforced search, for every kind of marking."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.matching.keys import identifier_key, name_keys
from tessera.screening.service import HUB_LIST, HUB_NAME_SCORE, ScreeningService
from tessera.screening.watch import WatchIndex
from tessera.service import Hub
from tessera.store import Store
from tessera.store.entities import search_keys_for
from tessera.store.search import name_score

TOKENS = [
    "karim",
    "kareem",
    "benali",
    "ben ali",
    "olga",
    "ivanova",
    "ivanov",
    "mohammed",
    "muhammad",
    "yusuf",
]
NAMES = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=3).map(" ".join)


def _store_would_match(rows: list[tuple[str, str, str]], texts: list[str], minimum: float) -> list[str]:
    """The store's own rule (SearchStore.search), by brute force over every statement."""
    keys = set().union(*(name_keys(t) for t in texts)) | {identifier_key(t) for t in texts}
    out = []
    for sid, prop_type, value in rows:
        if not search_keys_for(prop_type, value) & keys:
            continue
        if prop_type == "identifier":
            if identifier_key(value) in keys:
                out.append(sid)
        elif max(name_score(t, value) for t in texts) >= minimum:
            out.append(sid)
    return sorted(out)


@settings(max_examples=150, deadline=None)
@given(
    names=st.lists(NAMES, min_size=0, max_size=6),
    docs=st.lists(st.sampled_from(["AB123456", "X-99 887", "P0001"]), max_size=2),
    texts=st.lists(st.one_of(NAMES, st.sampled_from(["ab 123456", "P0002"])), min_size=1, max_size=3),
    minimum=st.sampled_from([0.72, HUB_NAME_SCORE, 0.95]),
)
def test_index_proposes_exactly_what_the_store_would_match(
    names: list[str], docs: list[str], texts: list[str], minimum: float
) -> None:
    rows = [(f"n{i}", "name", n) for i, n in enumerate(names)]
    rows += [(f"d{i}", "identifier", d) for i, d in enumerate(docs)]
    assert WatchIndex(rows).candidates(texts, minimum) == _store_would_match(rows, texts, minimum)


MARKINGS: dict[str, dict[str, Any]] = {
    # own-only: BE reads it, nobody else learns anything
    "Olga Ivanova": {"distribution": "agency"},
    # own-only but discoverable: others get a hit/no-hit
    "Karim Benali": {"distribution": "agency", "discoverable": True},
    # a partner (NL) reads it; FR learns nothing
    "Yusuf Demir": {"distribution": "partners", "partners": ["NL"]},
    # a partner reads it, the others may discover it
    "Mohammed Haddad": {"distribution": "partners", "partners": ["FR"], "discoverable": True},
    # every member reads it
    "Pieter Dekker": {"distribution": "members"},
}
QUERIES = [
    "Karim Benali",
    "Kareem Ben Ali",
    "Olga Ivanova",
    "Demir Yusuf",
    "Haddad Mohammed",
    "Dekker Pieter",
    "John Smith",
]


def _compare(service: ScreeningService, viewer: Any, queries: list[dict[str, Any]]) -> list[Any]:
    """Screen through the index (a batch) and through store.search one by one: the same results."""
    screened = service.screen(viewer, [HUB_LIST], queries, threshold=0.7, limit=5, audit=False)
    for query, result in zip(queries, screened, strict=True):
        matches, hits = service._screen_hub(viewer, query, 0.7, 5)
        assert [(m.entity_id, m.score, m.caption) for m in result.matches] == [
            (m.entity_id, m.score, m.caption) for m in matches
        ]
        assert [h.agency for h in result.hits] == [h.agency for h in hits]
    return screened


def test_screening_through_the_index_equals_the_policy_enforced_search(store: Store) -> None:
    for code in ("NL", "BE", "FR", "DE"):
        store.create_agency(code, code, "EU", "police")
        store.create_user(code.lower(), code, ["analyst", "steward"], "confidential")
    hub = Hub(store)
    service = ScreeningService(hub)
    be, nl, fr, de = (store.user_by_name(u).viewer() for u in ("be", "nl", "fr", "de"))
    ids = {}
    for i, (name, marking) in enumerate(MARKINGS.items()):
        props = {"name": [name], "passportNumber": [f"BE{i}77123"]}
        ids[name] = hub.create_entity(be, "Person", props, marking, watch=True)
    # A record that is not a watch subject is never proposed, even with the same name.
    hub.create_entity(be, "Person", {"name": ["John Smith"]}, {"distribution": "members"})
    queries = [{"id": str(i), "schema": "Person", "properties": {"name": [n]}} for i, n in enumerate(QUERIES)]
    queries.append(
        {"id": "doc", "schema": "Person", "properties": {"name": ["X"], "passportNumber": ["BE177123"]}}
    )
    queries.append({"id": "org", "schema": "Organization", "properties": {"name": ["Pieter Dekker"]}})
    seen = {}
    for viewer in (be, nl, fr, de):
        seen[viewer.agency] = {r.id: r for r in _compare(service, viewer, queries)}
    # What each agency gets, by marking (query ids are positions in QUERIES):
    assert seen["BE"]["2"].matches and not seen["BE"]["2"].hits  # own-only: the owner reads it
    for other in ("NL", "FR", "DE"):
        assert not seen[other]["2"].matches and not seen[other]["2"].hits  # hidden: nothing
        assert [h.agency for h in seen[other]["0"].hits] == ["BE"]  # discoverable: a hit only
        assert not seen[other]["0"].matches
        assert seen[other]["5"].matches  # members
        assert not seen[other]["6"].matches and not seen[other]["6"].hits  # not a watch subject
    assert seen["NL"]["3"].matches and not seen["FR"]["3"].matches and not seen["FR"]["3"].hits
    assert seen["FR"]["4"].matches and not seen["NL"]["4"].matches
    assert [h.agency for h in seen["NL"]["4"].hits] == ["BE"]
    assert seen["BE"]["doc"].matches and [h.agency for h in seen["NL"]["doc"].hits] == ["BE"]
    assert not seen["NL"]["org"].matches  # schema filter as in the search
    # The index follows the store: a new subject, a narrowed marking, a deleted subject.
    late = [{"id": "late", "schema": "Person", "properties": {"name": ["Anna Kowalska"]}}]
    assert not _compare(service, nl, late)[0].matches
    hub.create_entity(be, "Person", {"name": ["Anna Kowalska"]}, {"distribution": "members"}, watch=True)
    assert _compare(service, nl, late)[0].matches
    hub.update_entity(be, ids["Pieter Dekker"], None, {"distribution": "agency"})
    dekker = [q for q in queries if q["id"] == "5"]
    assert not _compare(service, nl, dekker)[0].matches
    hub.delete_entity(be, ids["Karim Benali"])
    assert not _compare(service, nl, queries[:2])[0].hits
