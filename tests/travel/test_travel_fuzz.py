"""Whatever arrives, the parser returns a message or raises QuarantineError, nothing else."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.travel import ParsedMessage, QuarantineError, parse_message
from tessera.travel.generator import TrafficGenerator, paxlst_for
from tessera.travel.jsonform import to_dict
from tessera.travel.serialise import serialise_paxlst

_MSG = TrafficGenerator(seed=21).week(3, per_flight=3)[0]
_API = serialise_paxlst(paxlst_for(_MSG))
# The same list with the separators airline2.edi declares: '*' element, '$' terminator... via UNA.
_API_UNA = (
    _API.replace("UNA:+.? '", "UNA:*.?^$")
    .replace("?+", "\x00")
    .replace("+", "*")
    .replace("\x00", "?*")
    .replace("'\n", "$\n")
)


def _outcome(raw: str | bytes, source: str) -> str:
    try:
        msg = parse_message(raw, source=source)
    except QuarantineError as exc:
        assert exc.reason and source in str(exc)
        return exc.reason
    assert isinstance(msg, ParsedMessage)
    return "ok"


def test_custom_separators_api_parses() -> None:
    msg = parse_message(_API_UNA, source="una")
    assert [t.surname for t in msg.passengers] == [t.surname for b in _MSG.bookings for t in b.travellers]
    assert msg.deviations == []


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_paxlst_only_quarantines(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from([_API, _API_UNA]))
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i, min(len(text), i + 25)))
    junk = data.draw(st.text(alphabet="+:'?*$^ABC0129\n ", max_size=8))
    _outcome(text[:i] + junk + text[j:], "mutant-api")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_json_only_quarantines(data: st.DataObject) -> None:
    doc = to_dict(_MSG)
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(_JSON)
    _outcome(json.dumps(doc), "mutant-json")


def test_truncated_interchange_at_every_tenth_byte() -> None:
    reasons = {_outcome(_API[:cut], f"cut-{cut}") for cut in range(0, len(_API) - 12, 10)}
    assert "ok" not in reasons  # a cut anywhere before UNZ never passes silently
