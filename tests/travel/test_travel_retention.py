"""EU PNR directive art. 12 retention: stages and depersonalisation."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

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
    names = {t.surname for t in msg.all_travellers()} | {d.number for t in msg.all_travellers()
                                                         for d in t.documents}
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
