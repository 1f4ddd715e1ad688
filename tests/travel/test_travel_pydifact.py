"""Our EDIFACT syntax layer agrees with pydifact's tokenizer wherever pydifact can read the text.

pydifact is not used for splitting at run time (it is ~3x slower, warns on PNRGOV's empty SRC and
rejects the whitespace and line wraps airlines send); it serves here as an independent reference.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydifact.segmentcollection import RawSegmentCollection

from tessera.travel.edifact import split_segments
from tessera.travel.generator import TrafficGenerator
from tessera.travel.serialise import serialise_pnrgov

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "travel"


def _norm(elements: list[list[str]] | list[str | list[str]]) -> list[list[str]]:
    """Compare modulo what both forms mean alike: line wraps, trailing blanks, trailing empty parts."""
    out: list[list[str]] = []
    for e in elements:
        comps = [c.replace("\n", "").replace("\r", "").rstrip() for c in (e if isinstance(e, list) else [e])]
        while len(comps) > 1 and comps[-1] == "":
            comps.pop()
        out.append(comps)
    return out


def _pydifact(text: str) -> list[tuple[str, list[list[str]]]] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            segs = list(RawSegmentCollection.from_str(text).segments)
        except Exception:  # pydifact rejects many real messages; those are not compared
            return None
    return [(s.tag, _norm(s.elements)) for s in segs if s.tag != "UNA"]


def _ours(text: str) -> list[tuple[str, list[list[str]]]]:
    _, segs = split_segments(text, "cmp", [])
    return [(s.tag, _norm(s.elements)) for s in segs]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared travel samples absent")
def test_samples_pydifact_can_read_split_the_same() -> None:
    compared = []
    for path in sorted(SHARED.glob("p*/*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "\u2019" in text:  # typographic apostrophes: we read them as terminators, pydifact as data
            continue
        reference = _pydifact(text)
        if reference is None:
            continue
        assert _ours(text) == reference, path.name
        compared.append(path.name)
    assert len(compared) >= 12, compared


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ABC '+:?*", min_size=1, max_size=12).map(str.strip).filter(bool))
def test_released_characters_read_alike(name: str) -> None:
    msg = TrafficGenerator(seed=3).week(2, per_flight=2)[0]
    msg.bookings[0].travellers[0].surname = name
    msg.bookings[0].free_text = [f"NOTE {name} END"]
    text = serialise_pnrgov(msg)
    reference = _pydifact(text)
    assert reference is not None
    assert _ours(text) == reference
