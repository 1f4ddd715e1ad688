"""Concrete values read from the shared samples (the ones test_travel_samples does not pin down)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tessera.travel import ParseOptions, parse_message
from tessera.travel.model import ParsedMessage
from tessera.travel.records import traveller_records
from tessera.travel.rules import Subject

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "travel"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared travel samples absent")
LENIENT = ParseOptions(count_mismatch="deviation")


def _parse(name: str, options: ParseOptions | None = None) -> ParsedMessage:
    return parse_message((SHARED / name).read_bytes(), source=name, options=options)


def _legs(msg: ParsedMessage, i: int) -> list[tuple[str, str, str]]:
    t = msg.all_travellers()[i]
    return [(s.flight_number, s.dep_airport, s.arr_airport) for s in msg.journey(t)]


def test_api_journey_follows_embarkation_and_debarkation() -> None:
    msg = _parse("paxlst/apisMessage.txt")
    assert (msg.sender, msg.message_ref, msg.version) == ("AIR1", "PAX001", "D.05B")
    michael, cheryl = msg.passengers
    assert (michael.given_names, michael.embark, michael.debark) == ("MICHAEL", "ATL", "JFK")
    assert michael.birth_date == date(1972, 9, 7) and michael.record_locator == "TYR123"
    assert _legs(msg, 0) == [("123", "ATL", "ORD"), ("124", "ORD", "JFK")]
    assert (cheryl.embark, cheryl.debark) == ("ORD", "JFK")
    assert _legs(msg, 1) == [("124", "ORD", "JFK")]
    assert Subject(cheryl, None, msg).route == ["JFK", "ORD"]
    records = traveller_records("m1", msg)
    assert [s["origin"] for s in records[1].data["segments"]] == ["ORD"]
    assert records[1].data["segments"][0]["destination_country"] == "US"


def test_multi_leg_api_with_trailing_text() -> None:
    msg = _parse("paxlst/multiple_flight_leg_apis.txt")
    assert [(f.flight_number, f.dep_airport, f.arr_airport) for f in msg.flights] == [
        ("877", "MIA", "IAD"),
        ("827", "IAD", "JFK"),
        ("827", "JFK", "CDG"),
    ]
    assert msg.flights[2].arr_time == datetime(2008, 8, 11, 6, 30)
    barrett, lang = msg.passengers
    assert (barrett.surname, barrett.residence_country, barrett.nationality) == ("BARRETT", "FRA", "FRA")
    assert [(d.doc_type, d.number, d.issuing_country, d.expiry) for d in lang.documents] == [
        ("P", "TRQWE99800", "ESP", date(2009, 9, 16))
    ]
    assert len(_legs(msg, 0)) == 3  # MIA -> CDG covers every leg
    assert [d.segment for d in msg.deviations] == ["UNZ"]


def test_crew_list_test1() -> None:
    msg = _parse("paxlst/Test1.txt", LENIENT)
    assert len(msg.passengers) == 8 and all(t.passenger_type == "CREW" for t in msg.passengers)
    first = msg.passengers[0]
    assert (first.surname, first.given_names, first.gender) == ("Steur", "Andrea Pat", "F")
    assert (first.birth_place, first.residence_country, first.embark) == ("Hartford USA", "GBR", "FRA")
    assert msg.flight is not None and msg.flight.dep_time == datetime(2017, 1, 27, 17, 25)
    assert not any(d.segment == "CNT" for d in msg.deviations)  # CNT+41+8 written without ':'


def test_split_pnr_and_frequent_flyer() -> None:
    msg = _parse("pnrgov/pnr_split.edi")
    assert [b.record_locator for b in msg.bookings] == ["ICOXXX", "BJOXXX"]
    assert msg.bookings[1].split_from == ["ZLMXXX"]
    one = msg.bookings[0]
    assert one.created == datetime(2013, 4, 12, 17, 55)
    assert [t.ref for t in one.travellers] == ["1.1", "2.1"]
    assert one.travellers[0].frequent_flyer == ["AM511650000"]
    assert "MEX01 81 8336 6900 H" in one.contacts.phones
    three = msg.bookings[1].travellers[0]
    assert three.documents[0].number == "AO589000" and three.birth_date == date(1994, 10, 14)


def test_multi_leg_pnr_cash_codeshare_and_seat_placeholders() -> None:
    msg = _parse("pnrgov/multiple_flight_leg_pnr.txt", LENIENT)
    (b,) = msg.bookings
    assert b.record_locator == "80F4E3" and b.paid_cash
    assert [p.amount for p in b.payments if p.is_cash] == ["100.00", "800.00"]
    assert [(s.carrier, s.flight_number, s.operating_carrier) for s in b.segments][1] == ("UA", "8749", "LH")
    stacy, peter = b.travellers
    assert (stacy.seat, peter.seat) == ("26K", "43E")  # 'XXX' (no seat yet) is not a seat
    assert stacy.documents[0].issuing_country == "ERI"
    assert "STACY_CHENNAPRAGADA@GMAIL.COM" in b.contacts.emails
    assert not b.one_way  # IAD -> FRA -> KWI -> FRA -> IAD
    assert _legs(msg, 0)[0] == ("989", "IAD", "FRA")


def test_no_history_three_bookings_with_codeshare() -> None:
    msg = _parse("pnrgov/no_pnr_history.edi")
    assert [b.record_locator for b in msg.bookings] == ["3MZVP2", "33O6DK", "35K2IO"]
    seg = msg.bookings[0].segments[0]
    assert (seg.carrier, seg.flight_number, seg.operating_carrier) == ("AC", "9099", "LH")
    carrera = msg.bookings[1].travellers[0]
    assert (carrera.surname, carrera.documents[0].number, carrera.nationality) == (
        "CARRERA",
        "YA0196755",
        "IT",
    )
    assert [t.surname for t in msg.bookings[2].travellers] == ["DORON", "LENDROT"]
    assert _legs(msg, 1) == [("9457", "VCE", "MUC"), ("474", "MUC", "YUL")]


def test_contact_formats() -> None:
    msg = _parse("pnrgov/pnrAddressPhoneCTCM.txt", LENIENT)
    c = msg.bookings[0].contacts
    assert c.phones == ["8675309", "5432109876"]  # 'EK CTC M ' prefix removed
    assert c.emails == ["MOLLY_LONT+50BB@GMAIL.COM"]
    assert c.addresses == ["8095 KIRBY AVENUE, RIO DE JANEIRO, BR"]


def test_shifted_postcode_and_repeated_contacts() -> None:
    msg = _parse("pnrgov/2_pnrs_basic.edi", LENIENT)
    first, second = msg.bookings
    assert second.contacts.phones == []
    assert second.contacts.addresses == ["351 LANDSDOWN ROAD, SLOUGH, BERKSHIRE, GB, SL1AA"]
    assert any(d.segment == "ADD" and "SL1AA" in d.message for d in msg.deviations)
    assert len(first.contacts.addresses) == len(set(first.contacts.addresses)) == 2
    assert second.split_from == [] and first.split_from == ["ABCDEF"]


def test_out_of_order_segments_journey_sorted() -> None:
    msg = _parse("pnrgov/pnr4.txt")
    (b,) = msg.bookings
    assert [s.flight_number for s in b.segments] == ["988", "989"]  # as sent
    assert _legs(msg, 0) == [("989", "IAD", "FRA"), ("988", "FRA", "IAD")]
    t = b.travellers[0]
    assert (t.surname, t.nationality, t.seat, t.documents[0].issuing_country) == (
        "RAVAL",
        "ERI",
        "48E",
        "GBR",
    )


def test_mixed_payments_five_travellers() -> None:
    msg = _parse("pnrgov/pnrMessageExample.txt", LENIENT)
    (b,) = msg.bookings
    assert [t.surname for t in b.travellers] == ["LOBB", "PHILIPPS", "BOLOGNA", "EULENBERGER", "HABTE"]
    assert b.paid_cash and {p.card_vendor for p in b.payments} >= {"AX", "VI"}
    assert [s.dep_airport for s in b.segments] == ["WDH", "ADD", "FRA"]
    assert len(b.co_travellers("1")) == 4


def test_e_tickets_from_ssr_tkne() -> None:
    msg = _parse("pnrgov/3_pnrs.edi")
    w9, d1, _ = msg.bookings
    assert w9.paid_cash and w9.payments[0].amount == "1999.99"
    archer = next(t for t in d1.travellers if t.given_names == "ARCHER")
    assert (archer.passenger_type, archer.accompanied_by) == ("IN", "43578")
    assert [(k.number, k.traveller_ref) for k in d1.tickets] == [
        ("9631270001234", "43577"),
        ("9631270001235", "43578"),
        ("9631270001236", archer.ref),  # 'INF' prefix: the infant's ticket
    ]
    split = _parse("pnrgov/pnr_split.edi")
    assert [(k.number, k.traveller_ref) for k in split.bookings[0].tickets] == [
        ("1393207166000", "1.1"),
        ("1393207166000", "2.1"),
    ]
    assert [k.number for k in split.bookings[1].tickets] == ["1393534576000"]  # '.1393...' form


def test_typographic_apostrophe_ends_segments() -> None:
    msg = _parse("pnrgov/pnrMessagePg75.txt", LENIENT)
    assert any("3 typographic apostrophe(s)" in d.message for d in msg.deviations)
    park = msg.bookings[0].travellers[0]
    assert (park.surname, park.given_names, park.documents[0].number) == ("PARK", "SEJOON", "JR3364288")
    assert msg.bookings[0].segments[0].operating_carrier == "SQ"  # the TVL after the ’ is not swallowed
    assert [(b.record_locator, b.split_from) for b in msg.bookings] == [
        ("2LS6KP", ["EDP2RW"]),
        ("X49V9U", ["2OX5VV"]),  # the locator before a ’ is read whole
    ]
