"""EU PNR directive art. 12 retention: stages and depersonalisation."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.travel import Deviation, ParsedMessage, ParseOptions, QuarantineError, parse_message
from tessera.travel.generator import TrafficGenerator, paxlst_for
from tessera.travel.jsonform import to_json
from tessera.travel.retention import MASK, depersonalise, retention_stage


def test_stages() -> None:
    received = datetime(2026, 1, 31, 12, 0)
    assert retention_stage(received, datetime(2026, 7, 30, 12, 0)) == "active"
    assert retention_stage(received, datetime(2026, 7, 31, 12, 0)) == "depersonalised"
    assert retention_stage(received, datetime(2031, 1, 31, 11, 59)) == "depersonalised"
    assert retention_stage(received, datetime(2031, 1, 31, 12, 0)) == "delete"


@given(st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)), st.integers(0, 4000))
def test_stage_is_monotonic(received: datetime, days: int) -> None:
    from datetime import timedelta

    order = ["active", "depersonalised", "delete"]
    a = retention_stage(received, received + timedelta(days=days))
    b = retention_stage(received, received + timedelta(days=days + 30))
    assert order.index(a) <= order.index(b)


def test_depersonalise_pnr_masks_identifying_data() -> None:
    msg = TrafficGenerator(seed=8).week(20, per_flight=20)[0]
    original = to_json(msg)
    masked, fields = depersonalise(msg)
    assert to_json(msg) == original  # the input is untouched
    names = {t.surname for t in msg.all_travellers()} | {
        d.number for t in msg.all_travellers() for d in t.documents
    }
    emails = {e for b in msg.bookings for e in b.contacts.emails}
    dump = to_json(masked)
    assert not any(n in dump for n in names | emails)
    for b in masked.bookings:
        assert all(t.surname == MASK and t.birth_date is None for t in b.travellers)
        assert all(p.card_number in ("", MASK) for p in b.payments)
        assert b.contacts.emails == [MASK] * len(b.contacts.emails)
        assert [(s.dep_airport, s.arr_airport) for s in b.segments]  # route kept for analysis
    assert "bookings[0].travellers[0].surname" in fields
    assert "bookings[0].contacts" in fields
    assert masked.bookings[0].travellers[0].nationality  # not identifying on its own


def test_depersonalise_api() -> None:
    api = paxlst_for(TrafficGenerator(seed=8).week(5, per_flight=5)[0])
    masked, fields = depersonalise(api)
    assert all(dataclasses.replace(t).surname == MASK for t in masked.passengers)
    assert all(d.number == MASK for t in masked.passengers for d in t.documents)
    assert "passengers[0].documents[0].number" in fields
    assert "passengers[0].record_locator" in fields


SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "travel"


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared travel samples absent")
def test_depersonalised_samples_hold_no_identifying_value() -> None:
    lenient = ParseOptions(count_mismatch="deviation")
    checked = 0
    for path in sorted(SHARED.glob("p*/*")):
        try:
            msg = parse_message(path.read_bytes(), source=path.name, options=lenient)
        except QuarantineError:
            continue
        secrets = {v for t in msg.all_travellers() for v in (t.surname, t.given_names, *t.frequent_flyer)}
        secrets |= {d.number for t in msg.all_travellers() for d in t.documents}
        secrets |= {v for b in msg.bookings for v in (*b.contacts.emails, *b.contacts.phones, *b.free_text)}
        secrets |= {p.card_number for b in msg.bookings for p in b.payments}
        secrets = {s for s in secrets if len(s) >= 4}
        masked, fields = depersonalise(msg)
        dump = to_json(masked)
        leaked = sorted(s for s in secrets if s in dump)
        assert not leaked, f"{path.name}: {leaked}"
        assert fields
        checked += 1
    assert checked >= 15


def test_deviation_quotes_are_masked() -> None:
    dev = Deviation("ADD", 9, "ADD telephone 'SL1AA' has too few digits")
    msg = ParsedMessage(kind="PNR", deviations=[dev])
    masked, fields = depersonalise(msg)
    assert masked.deviations[0].message == "ADD telephone '***' has too few digits"
    assert fields == ["deviations[0].message"]
