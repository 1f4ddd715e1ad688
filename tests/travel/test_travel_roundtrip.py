"""Generator -> serialiser -> parser round-trips, JSON round-trips, throughput."""

from __future__ import annotations

import time
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.travel import Document, ParsedMessage, Traveller, parse_message
from tessera.travel.generator import TrafficGenerator, paxlst_for
from tessera.travel.jsonform import from_json, to_json
from tessera.travel.serialise import serialise_paxlst, serialise_pnrgov


def _view(msg: ParsedMessage) -> list[tuple[object, ...]]:
    return [
        (
            t.surname,
            t.given_names,
            t.birth_date,
            t.gender,
            t.nationality,
            t.seat,
            [(d.doc_type, d.number, d.issuing_country, d.expiry) for d in t.documents],
        )
        for t in msg.all_travellers()
    ]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32))
def test_pnrgov_round_trip(seed: int) -> None:
    msg = TrafficGenerator(seed=seed).week(8, per_flight=8)[0]
    back = parse_message(serialise_pnrgov(msg), source=f"gen-{seed}")
    assert back.deviations == []
    assert back.bookings == msg.bookings
    assert back.flight == msg.flight
    assert _view(back) == _view(msg)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32))
def test_paxlst_round_trip(seed: int) -> None:
    api = paxlst_for(TrafficGenerator(seed=seed).week(5, per_flight=5)[0])
    back = parse_message(serialise_paxlst(api).encode(), source="api")
    assert back.kind == "API" and back.deviations == []
    assert back.passengers == api.passengers
    assert back.flights == api.flights


_NAME = st.text(alphabet="ABCXYZ'+:?-", min_size=1, max_size=12).filter(lambda s: s.strip("-") == s)


@settings(max_examples=60, deadline=None)
@given(_NAME, _NAME, st.dates(date(1930, 1, 1), date(2020, 12, 31)))
def test_service_characters_in_names_are_released(surname: str, given_name: str, dob: date) -> None:
    msg = TrafficGenerator(seed=1).week(1, per_flight=1)[0]
    t = msg.bookings[0].travellers[0]
    t.surname, t.given_names, t.birth_date = surname, given_name, dob
    back = parse_message(serialise_pnrgov(msg), source="names")
    bt = back.bookings[0].travellers[0]
    assert (bt.surname, bt.given_names, bt.birth_date) == (surname, given_name, dob)
    api = paxlst_for(msg)
    assert parse_message(serialise_paxlst(api), source="names-api").passengers == api.passengers


def test_json_round_trip_and_detection() -> None:
    msg = TrafficGenerator(seed=5).week(10, per_flight=10)[0]
    text = to_json(msg)
    assert from_json(text) == msg
    via_entry = parse_message(text.encode(), source="json-in")
    assert via_entry.bookings == msg.bookings


def test_chosen_people_are_planted() -> None:
    chosen = [
        {
            "name": "Amira K Haddad",
            "birthDate": "1988-04-02",
            "nationality": "SYR",
            "passportNumber": "N0012345",
        },
        {"name": "Jon Mayer", "birthDate": "1979-11-30", "nationality": "DEU", "passportNumber": "C55X"},
    ]
    msgs = TrafficGenerator(seed=9).week(300, chosen=chosen)
    found = {
        (t.surname, t.birth_date, t.documents[0].number)
        for m in msgs
        for t in parse_message(serialise_pnrgov(m), source="w").all_travellers()
    }
    assert ("HADDAD", date(1988, 4, 2), "N0012345") in found
    assert ("MAYER", date(1979, 11, 30), "C55X") in found
    assert sum(len(m.bookings) for m in msgs) == 300
    again = TrafficGenerator(seed=9).week(300, chosen=chosen)
    assert [serialise_pnrgov(m) for m in again] == [serialise_pnrgov(m) for m in msgs]


def test_manual_traveller_documents_survive() -> None:
    msg = TrafficGenerator(seed=2).week(1, per_flight=1)[0]
    t: Traveller = msg.bookings[0].travellers[0]
    t.documents.append(
        Document(
            doc_type="I", number="ID-77", issuing_country="FRA", nationality="FRA", expiry=date(2031, 1, 31)
        )
    )
    back = parse_message(serialise_pnrgov(msg), source="docs")
    assert back.bookings[0].travellers[0].documents == t.documents
    assert back.push_time == msg.push_time and isinstance(back.push_time, datetime)


def test_chld_and_sensitive_ssr() -> None:
    msg = TrafficGenerator(seed=12).week(1, per_flight=1)[0]
    b = msg.bookings[0]
    text = serialise_pnrgov(msg)
    first_tif = text.index("TIF+")
    line_end = text.index("\n", first_tif) + 1
    extra = "SSR+CHLD:HK:1:XX:::::/12MAY15+::1'\nSSR+MOML:HK:1:XX+::1'\nSSR+WCHR:HK:1:XX+::1'\n"
    back = parse_message(text[:line_end] + extra + text[line_end:], source="chld")
    t = back.bookings[0].travellers[0]
    assert t.surname == b.travellers[0].surname
    assert t.passenger_type == "C"
    assert t.birth_date == b.travellers[0].birth_date  # the DOCS birth date wins over CHLD
    assert back.withheld_sensitive == 2
    assert "MOML" not in to_json(back) and "WCHR" not in to_json(back)
    assert any(d.segment == "UNT" for d in back.deviations)  # more segments than UNT declares


def test_paxlst_throughput() -> None:
    apis = [paxlst_for(m) for m in TrafficGenerator(seed=13).week(400, per_flight=100)]
    texts = [serialise_paxlst(a) for a in apis]
    pax = sum(len(a.passengers) for a in apis)
    start = time.perf_counter()
    for t in texts:
        parse_message(t, source="bench-api")
    per_pax_ms = (time.perf_counter() - start) * 1000 / pax
    print(f"PAXLST parse: {per_pax_ms:.4f} ms per passenger ({pax} passengers)")
    assert per_pax_ms < 0.3
