"""FtM JSON lines reader, list differences, and the format dispatcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.errors import ValidationError
from tessera.lists import READERS, read_list
from tessera.lists.diff import diff_entries
from tessera.lists.ftm import read_ftm_jsonl
from tessera.lists.model import ListEntry

DATA = Path(__file__).resolve().parent / "data"


def test_ftm_synthetic() -> None:
    parsed = read_ftm_jsonl(DATA / "ftm-synthetic.jsonl")
    by_id = {e.id: e for e in parsed.entries}
    assert sorted(by_id) == ["syn-bad-value", "syn-org-1", "syn-person-1", "syn-vessel-1"]
    person = by_id["syn-person-1"]
    assert person.schema == "Person" and person.source_line == 1
    assert person.properties["birthDate"] == ["1971-04-05"] and person.properties["nationality"] == ["de"]
    assert "addressEntity" not in by_id["syn-org-1"].properties
    assert parsed.stats["skipped:Sanction"] == 1 and parsed.stats["entity_refs_dropped"] == 1
    assert "birthDate" not in by_id["syn-bad-value"].properties
    problems = {p.line: p.message for p in parsed.problems}
    assert sorted(problems) == [6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert "Spaceship" in problems[6] and "favouriteColour" in problems[7] and "not a date" in problems[8]
    assert "id" in problems[9] and "abstract" in problems[10] and "JSON" in problems[11]
    assert "repeated" in problems[12]


def test_read_list_dispatch(tmp_path: Path) -> None:
    assert set(READERS) == {"ofac-csv", "un-xml", "eu-xml", "ftm"}
    assert read_list(DATA / "eu-synthetic.xml", "eu-xml").format == "eu-xml"
    assert len(read_list(DATA / "ftm-synthetic.jsonl", "ftm").entries) == 4
    with pytest.raises(ValidationError) as info:
        read_list(DATA / "ftm-synthetic.jsonl", "csv")
    assert all(name in info.value.details[0].message for name in READERS)
    with pytest.raises(ValidationError):
        read_list(tmp_path / "missing.xml", "un-xml")


props = st.dictionaries(
    st.sampled_from(["name", "alias", "birthDate", "nationality", "notes"]),
    st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3),
    max_size=4,
)
entries = st.lists(
    st.builds(
        ListEntry,
        st.sampled_from([f"e{i}" for i in range(12)]),
        st.sampled_from(["Person", "Organization"]),
        props,
    ),
    max_size=10,
    unique_by=lambda e: e.id,
)


@given(entries)
def test_diff_with_itself_is_empty(a: list[ListEntry]) -> None:
    assert diff_entries(a, a).empty
    assert diff_entries(a, list(reversed(a))).empty


@given(entries, entries)
def test_diff_is_symmetric(a: list[ListEntry], b: list[ListEntry]) -> None:
    forward, backward = diff_entries(a, b), diff_entries(b, a)
    assert [e.id for e in forward.added] == [e.id for e in backward.removed]
    assert [e.id for e in forward.removed] == [e.id for e in backward.added]
    assert [c.id for c in forward.changed] == [c.id for c in backward.changed]
    for f, r in zip(forward.changed, backward.changed, strict=True):
        assert f.changes.keys() == r.changes.keys()
        assert all(f.changes[p]["old"] == r.changes[p]["new"] for p in f.changes)
    ids_a, ids_b = {e.id for e in a}, {e.id for e in b}
    assert {e.id for e in forward.added} == ids_b - ids_a and {e.id for e in forward.removed} == ids_a - ids_b


def test_diff_example() -> None:
    old = [
        ListEntry("a", "Person", {"name": ["A"], "alias": ["X", "Y"]}),
        ListEntry("b", "Person", {"name": ["B"]}),
    ]
    new = [
        ListEntry("a", "Person", {"name": ["A"], "alias": ["Y", "Z"]}),
        ListEntry("c", "Vessel", {"name": ["C"]}),
    ]
    diff = diff_entries(old, new)
    assert [e.id for e in diff.added] == ["c"] and [e.id for e in diff.removed] == ["b"]
    assert diff.changed[0].to_dict() == {
        "id": "a",
        "schema": "Person",
        "changes": {"alias": {"old": ["X", "Y"], "new": ["Y", "Z"]}},
    }
    moved = diff_entries(
        [ListEntry("a", "Person", {"name": ["A"]})], [ListEntry("a", "LegalEntity", {"name": ["A"]})]
    )
    assert moved.changed[0].previous_schema == "Person" and moved.changed[0].changes == {}
