"""Malformed input quarantines with a reason that names the message, segment and position."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.travel import ParseOptions, QuarantineError, parse_message
from tessera.travel.generator import TrafficGenerator, paxlst_for
from tessera.travel.serialise import serialise_paxlst, serialise_pnrgov


def _pnr() -> str:
    g = TrafficGenerator(seed=7)
    return serialise_pnrgov(g.week(3, per_flight=3)[0])


def _quarantine(raw: str | bytes, reason: str, options: ParseOptions | None = None) -> QuarantineError:
    with pytest.raises(QuarantineError) as exc:
        parse_message(raw, source="push-42", options=options)
    assert exc.value.reason == reason, str(exc.value)
    assert "push-42" in str(exc.value)
    return exc.value


def test_empty() -> None:
    _quarantine(b"", "empty")
    _quarantine("   \n", "empty")


def test_too_large() -> None:
    err = _quarantine(_pnr(), "too_large", ParseOptions(max_bytes=100))
    assert "max_bytes" in str(err)


def test_truncated_message_is_count_mismatch_or_truncated() -> None:
    text = _pnr()
    cut = text[: text.index("UNT+")]
    err = _quarantine(cut + "UNZ+1+X'", "truncated")
    assert err.segment == "UNZ"
    lines = text.splitlines()
    # drop a traveller's DOCS line: UNT now declares more than present
    dropped = "\n".join(line for i, line in enumerate(lines) if not (line.startswith("SSR+DOCS") and i < 20))
    err = _quarantine(dropped, "count_mismatch")
    assert err.segment == "UNT" and err.position is not None
    assert "(UNH " in str(err)


def test_bad_date() -> None:
    text = _pnr().replace("DAT+700:", "DAT+700:3", 1)
    err = _quarantine(text, "bad_date")
    assert err.segment == "DAT"


def test_dangling_release_character() -> None:
    text = _pnr().replace("MSG+:22'", "MSG+:22?", 1)
    _quarantine(text.replace("\nORG", "'\nORG", 1), "bad_release")


def test_unknown_message_type() -> None:
    _quarantine(_pnr().replace("PNRGOV:13", "INVOIC:13"), "unknown_format")


def test_bad_json() -> None:
    _quarantine('{"format": "nope"}', "bad_json")


def test_paxlst_cnt_short_count() -> None:
    g = TrafficGenerator(seed=3)
    api = paxlst_for(g.week(2, per_flight=2)[0])
    text = serialise_paxlst(api).replace(f"CNT+42:{len(api.passengers)}", "CNT+42:99")
    err = _quarantine(text, "count_mismatch")
    assert err.segment == "CNT"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_only_quarantine(raw: bytes) -> None:
    with contextlib.suppress(QuarantineError):
        parse_message(raw, source="fuzz")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_messages_only_quarantine(data: st.DataObject) -> None:
    text = _PNR
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i, min(len(text), i + 30)))
    junk = data.draw(st.text(alphabet="+:'?*ABC019\n ", max_size=10))
    with contextlib.suppress(QuarantineError):
        parse_message(text[:i] + junk + text[j:], source="mutant")


_PNR = _pnr()


def test_eqn_count_neither_pnrs_nor_travellers_is_a_deviation() -> None:
    text = _PNR
    eqn = next(line for line in text.splitlines() if line.startswith("EQN+"))
    msg = parse_message(text.replace(eqn, "EQN+99'"), source="eqn")
    (dev,) = [d for d in msg.deviations if d.segment == "EQN"]
    assert "EQN declares 99" in dev.message and dev.position > 0
    assert parse_message(text, source="eqn-ok").deviations == []


def test_unz_counts() -> None:
    unz = _PNR.rstrip("\n").rsplit("\n", 1)[1]
    ref = unz.split("+")[2]
    err = _quarantine(_PNR.replace(unz, f"UNZ+2+{ref}"), "count_mismatch")
    assert err.segment == "UNZ" and "truncated" in str(err)
    over = parse_message(_PNR.replace(unz, f"UNZ+0+{ref}"), source="unz0")
    assert [d.segment for d in over.deviations] == ["UNZ"]  # fewer declared than present: nothing lost
    lenient = parse_message(
        _PNR.replace(unz, f"UNZ+2+{ref}"), source="l", options=ParseOptions(count_mismatch="deviation")
    )
    assert any("UNZ" in d.message for d in lenient.deviations)


@pytest.mark.parametrize(
    ("edit", "reason", "segment"),
    [
        (lambda t: t.replace("UNA:+.? '", "UNA:+", 1), "bad_una", "UNA"),
        (lambda t: t.replace("UNA:+.? '", "UNA:+.+ '", 1), "bad_release", "UNA"),
        (lambda t: t.replace("MSG+:22'", "MSG+:22'\nUNH+9+PNRGOV:13:1:IA'", 1), "truncated", "UNH"),
        (lambda t: t.replace("\nUNZ+", "\nTIF+X+Y:A:1'\nUNZ", 1)[: t.index("\nUNZ+") + 9], "truncated", None),
        (lambda t: t.replace("TVL+", "T?VL+", 1), "bad_segment", None),
        (lambda t: t[: t.index("UNZ+")], "truncated", None),
    ],
)
def test_structural_breakage(edit: Any, reason: str, segment: str | None) -> None:
    err = _quarantine(edit(_PNR), reason)
    if segment:
        assert err.segment == segment
    assert err.position is not None or reason == "truncated"
