"""Every shared PNRGOV/PAXLST sample: parses, or quarantines for a stated reason."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tessera.travel import ParseOptions, QuarantineError, parse_message
from tessera.travel.jsonform import from_json, to_json
from tessera.travel.model import ParsedMessage

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "travel"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared travel samples absent")
LENIENT = ParseOptions(count_mismatch="deviation")

# The IATA guide excerpts keep the UNT count of the full example they were cut from: fewer
# segments than declared reads as truncation and quarantines by default.
SHORT_COUNT = {
    "paxlst/Test1.txt",
    "paxlst/airline2.edi",
    "pnrgov/2_pnrs_basic.edi",
    "pnrgov/codeshare.edi",
    "pnrgov/infant.edi",
    "pnrgov/pnr1.txt",
    "pnrgov/pnr2.txt",
    "pnrgov/pnrAddressPhoneCTCM.txt",
    "pnrgov/pnrMessage.txt",
    "pnrgov/pnrMessagePg75.txt",
    "pnrgov/pnrMessagePg76.txt",
    "pnrgov/pnrMessagePg77.txt",
    "pnrgov/pnrSeatFormats.txt",
    "pnrgov/pnrBadFormat.txt",
}
# pnrBadFormat.txt only lacks the UNZ terminator and carries a note after it: its meaning is clear,
# so it is read with deviations (its stale UNT count still quarantines it by default).
MALFORMED: dict[str, str] = {}


def _samples() -> list[str]:
    if not SHARED.is_dir():
        return []
    return sorted(
        f"{p.parent.name}/{p.name}" for p in SHARED.glob("*/*") if p.parent.name in ("pnrgov", "paxlst")
    )


def _parse(name: str, options: ParseOptions | None = None) -> ParsedMessage:
    return parse_message((SHARED / name).read_bytes(), source=name, options=options)


@pytest.mark.parametrize("name", _samples())
def test_sample_outcome(name: str) -> None:
    if name in MALFORMED:
        for opts in (None, LENIENT):
            with pytest.raises(QuarantineError) as exc:
                _parse(name, opts)
            assert exc.value.reason == MALFORMED[name]
            assert name in str(exc.value)
        return
    if name in SHORT_COUNT:
        with pytest.raises(QuarantineError) as exc:
            _parse(name)
        assert exc.value.reason == "count_mismatch"
        assert "UNT" in str(exc.value) or "CNT" in str(exc.value)
        msg = _parse(name, LENIENT)
        assert any("declares" in d.message for d in msg.deviations)
    else:
        msg = _parse(name)
    assert msg.kind == ("PNR" if name.startswith("pnrgov") else "API")
    assert msg.all_travellers(), name
    assert all(t.surname for t in msg.all_travellers())
    assert from_json(to_json(msg)) == msg


def test_pnr1_values() -> None:
    msg = _parse("pnrgov/pnr1.txt", LENIENT)
    assert (msg.sender, msg.message_ref, msg.version) == ("DL", "1", "10.1")
    assert msg.push_time == datetime(2010, 12, 9, 21, 0)
    (b,) = msg.bookings
    assert b.record_locator == "MFN4TI"
    smith, jones = b.travellers
    assert (smith.surname, smith.given_names, smith.birth_date) == ("SMITHJR", "JOHN", date(1964, 7, 12))
    assert smith.documents[0].number == "123456789"
    assert smith.documents[0].expiry == date(2019, 8, 23)
    assert smith.seat == "15A" and jones.seat == "15B"  # the seats on the pushed flight LHR-JFK
    assert [(a.traveller_ref, a.dep_airport, a.seat) for a in b.seats] == [
        ("1", "LHR", "15A"),
        ("2", "LHR", "15B"),
        ("1", "JFK", "15E"),
        ("2", "JFK", "15F"),
    ]
    assert smith.frequent_flyer == ["DL1234567890"]
    assert [t.number for t in b.tickets] == ["0062120234533", "0062120234534"]
    assert b.payments[0].card_vendor == "VI" and not b.paid_cash
    assert [(s.dep_airport, s.arr_airport) for s in b.segments] == [("LHR", "JFK"), ("JFK", "YVR")]
    assert b.one_way
    assert "THIS PASSENGER IS A VIP" in b.free_text
    assert msg.withheld_sensitive >= 1  # AVML meal request is not kept


def test_airline2_custom_separators() -> None:
    msg = _parse("paxlst/airline2.edi", LENIENT)
    assert msg.flight is not None
    assert (msg.flight.carrier, msg.flight.flight_number, msg.flight.dep_airport, msg.flight.arr_airport) == (
        "TN",
        "506",
        "BRE",
        "YEU",
    )
    assert msg.flight.dep_time == datetime(2014, 5, 11, 13, 40)
    first = msg.passengers[0]
    assert (first.surname, first.given_names) == ("BETTON", "DAVID")
    assert (first.gender, first.nationality) == ("M", "USA")
    assert first.birth_date == date(1954, 10, 16)
    assert first.documents[0].number == "178556534" and first.documents[0].expiry == date(2018, 2, 21)
    assert first.record_locator == "QXGYLO"
    assert len(msg.passengers) == 10


def test_seat_formats_release_character() -> None:
    msg = _parse("pnrgov/pnrSeatFormats.txt", LENIENT)
    assert "MOLLY_RUUUNT+50BB@GMAIL.COM" in msg.bookings[0].contacts.emails


def test_cash_and_one_way_in_pnr3() -> None:
    msg = _parse("pnrgov/pnr3.txt")
    (b,) = msg.bookings
    assert b.record_locator == "52865E" and b.created == datetime(2019, 7, 22, 9, 5)
    assert "PETER_DOOLIN@GMAIL.COM" in b.contacts.emails


def test_infant_sample() -> None:
    msg = _parse("pnrgov/adult_and_infant.edi")
    infants = [t for t in msg.all_travellers() if t.passenger_type == "IN"]
    assert infants and all(t.accompanied_by for t in infants)


def test_codeshare_operating_carrier() -> None:
    msg = _parse("pnrgov/codeshare.edi", LENIENT)
    segs = [s for b in msg.bookings for s in b.segments]
    assert any(s.carrier == "KE" and s.operating_carrier == "SQ" for s in segs)
    assert any("5 service characters" in d.message for d in msg.deviations)


def test_dangling_meta_character_rejoined() -> None:
    msg = _parse("pnrgov/danglingMetaCharacter.txt")
    b = msg.bookings[0]
    assert any("746-4647" in p for p in b.contacts.phones)
    assert any("unreleased data separator" in d.message for d in msg.deviations)
    assert b.travellers[0].documents[0].number == "9173574"


def test_doco_visa_and_birth_place() -> None:
    msg = _parse("pnrgov/pnrWithDoco.txt")
    (t,) = msg.bookings[0].travellers
    assert (t.surname, t.given_names) == ("ACKARY", "CHARLES")
    assert ("V", "8675309", "LI") in [(d.doc_type, d.number, d.issuing_country) for d in t.documents]
    assert t.birth_place == "HERE VA"


def test_infant_docs_before_tif() -> None:
    msg = _parse("pnrgov/infant.edi", LENIENT)
    adult, infant = msg.bookings[0].travellers
    assert (adult.given_names, adult.birth_date) == ("ISABELLE", date(1978, 7, 1))
    assert [d.number for d in adult.documents] == ["509229987"]
    assert (infant.given_names, infant.passenger_type, infant.accompanied_by) == ("SOPHY OLIVIA", "IN", "2")
    assert infant.birth_date == date(2012, 9, 20)
    assert [d.number for d in infant.documents] == ["512731999"]


def test_doca_address_and_group_name() -> None:
    msg = _parse("pnrgov/3_pnrs.edi")
    assert [b.record_locator for b in msg.bookings] == ["W9TEND", "D1RGHI", "GBFKSK"]
    dye = msg.bookings[1].travellers[0]
    assert dye.addresses == ["13 SHORE AVENUE, BROADBEACH, QLD, 4215, AUS"]
    assert all(t.surname != "ACME TEAM PARTY" for b in msg.bookings for t in b.travellers)


def test_bad_format_sample_unterminated_unz() -> None:
    msg = _parse("pnrgov/pnrBadFormat.txt", LENIENT)
    unz = [d.message for d in msg.deviations if d.segment == "UNZ"]
    assert unz == [
        "UNZ without segment terminator",
        "text after UNZ ignored: 'Modify above message to create bad messa'",
    ]
    (b,) = msg.bookings
    assert b.record_locator == "35K2IO" and b.split_from == ["EVFSDI"]
    assert [(t.surname, t.birth_date) for t in b.travellers] == [
        ("DORON", date(1953, 2, 5)),
        ("LENDROT", date(1952, 2, 14)),
    ]
