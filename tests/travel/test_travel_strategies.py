"""Hypothesis-built messages (infants, codeshares, cash, contacts, free text, several documents)
survive serialise -> parse and the JSON form unchanged."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.travel import parse_message
from tessera.travel.generator import paxlst_for
from tessera.travel.jsonform import from_json, to_json
from tessera.travel.model import (
    Booking,
    Contacts,
    Document,
    ParsedMessage,
    Payment,
    SeatAssignment,
    Segment,
    Ticket,
    Traveller,
)
from tessera.travel.pnrgov import strip_title
from tessera.travel.serialise import serialise_paxlst, serialise_pnrgov

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
AIRPORTS = st.sampled_from(["FRA", "IST", "GZT", "AMM", "BEY", "CDG", "BRU", "EBL", "CAI", "LHR"])
CARRIERS = st.sampled_from(["LH", "TK", "RJ", "ME", "AF", "SN", "IA", "MS", "BA"])
MINUTE = st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
# Names may hold EDIFACT service characters: the serialiser must release them.
NAME = (
    st.text(alphabet=UPPER + " '-+:?", min_size=1, max_size=14)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and s[0] in UPPER and s[-1] in UPPER and strip_title(s) == s)
)
CODE = st.text(alphabet=UPPER + "0123456789", min_size=4, max_size=10)
FREE = (
    st.text(alphabet=UPPER + "0123456789 .,+:'?/", min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda s: bool(s) and not s.startswith("CTC") and "  " not in s)
)
LOCAL = st.lists(st.text(alphabet=UPPER + "0123456789", min_size=1, max_size=6), min_size=1, max_size=3)
EMAIL = st.tuples(LOCAL, st.sampled_from("._-"), st.sampled_from(["EXAMPLE.ORG", "MAIL.TEST"])).map(
    lambda p: f"{p[1].join(p[0])}@{p[2]}"
)


@st.composite
def segment(draw: st.DrawFn) -> Segment:
    carrier = draw(CARRIERS)
    dep = draw(MINUTE)
    arr = dep + timedelta(minutes=draw(st.integers(45, 900))) if draw(st.booleans()) else None
    return Segment(
        carrier=carrier,
        flight_number=str(draw(st.integers(1, 9999))),
        dep_airport=draw(AIRPORTS),
        arr_airport=draw(AIRPORTS),
        dep_time=dep,
        arr_time=arr,
        operating_carrier=draw(st.sampled_from([carrier, "TK", "LH"])),  # codeshare when different
    )


@st.composite
def traveller(draw: st.DrawFn, ref: str, ptype: str = "A", adult: str = "") -> Traveller:
    nat = draw(st.sampled_from(["DEU", "TUR", "SYR", "IRQ", "FRA", "JOR"]))
    numbers = draw(st.lists(CODE, min_size=1, max_size=3, unique=True))
    docs = [
        Document(
            doc_type=draw(st.sampled_from("PIV")),
            number=n,
            issuing_country=draw(st.sampled_from(["DEU", "TUR", "SYR", ""])),
            expiry=draw(st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31))),
            nationality=nat,
        )
        for n in numbers
    ]
    low = date(1940, 1, 1) if ptype != "IN" else date.today() - timedelta(days=700)
    return Traveller(
        surname=draw(NAME),
        given_names=draw(NAME),
        birth_date=draw(st.dates(low, date.today())),
        gender=draw(st.sampled_from("MF")),
        nationality=nat,
        documents=docs,
        seat=draw(st.sampled_from(["", "1A", "23F", "40K"])) if ptype != "IN" else "",
        ref=ref,
        passenger_type=ptype,
        accompanied_by=adult,
        frequent_flyer=draw(st.lists(CODE.map(lambda c: "TK" + c), max_size=1)) if ptype != "IN" else [],
    )


@st.composite
def booking(draw: st.DrawFn, flight: Segment) -> Booking:
    travellers: list[Traveller] = []
    for i in range(draw(st.integers(1, 4))):
        ref = str(i + 1)
        travellers.append(draw(traveller(ref)))
        if draw(st.integers(0, 4)) == 0:  # an infant on this adult's lap
            travellers.append(draw(traveller(ref + "I", "IN", ref)))
    segments = [flight, *draw(st.lists(segment(), max_size=3))]
    created = draw(MINUTE)
    cash = draw(st.booleans())
    pay = (
        Payment(fop_type="CA", amount="120.00") if cash else Payment("CC", "99.50", "VI", "XXXXXXXXXXXX1234")
    )
    b = Booking(
        record_locator=draw(CODE.map(lambda c: c[:6])),
        carrier=flight.carrier,
        created=created,
        reserved=draw(st.none() | st.just(created)),
        booking_office=draw(
            st.sampled_from(["", f"{flight.carrier}:{flight.dep_airport}", "1A:MUC/12345678:F31"])
        ),
        payments=[pay],
        contacts=Contacts(
            phones=draw(st.lists(st.integers(10**6, 10**12).map(str), max_size=2, unique=True)),
            emails=draw(st.lists(EMAIL, max_size=2, unique=True)),
            addresses=draw(st.lists(st.lists(CODE, min_size=1, max_size=4).map(", ".join), max_size=1)),
        ),
        free_text=draw(st.lists(FREE, max_size=2, unique=True)),
        travellers=travellers,
        segments=segments,
    )
    b.seats = [
        SeatAssignment(t.ref, flight.dep_airport, flight.arr_airport, t.seat) for t in travellers if t.seat
    ]
    b.tickets = [
        Ticket(number=str(10**12 + i), one_way=b.one_way, traveller_ref=t.ref)
        for i, t in enumerate(travellers)
        if t.passenger_type != "IN"
    ]
    return b


@st.composite
def pnr_message(draw: st.DrawFn) -> ParsedMessage:
    flight = draw(segment())
    return ParsedMessage(
        kind="PNR",
        sender=flight.carrier,
        recipient="PIUTEST",
        message_ref=draw(CODE),
        version="13.1",
        push_time=draw(MINUTE),
        flight=flight,
        bookings=draw(st.lists(booking(flight), min_size=1, max_size=4)),
    )


@settings(max_examples=60, deadline=None)
@given(pnr_message())
def test_pnrgov_rich_round_trip(msg: ParsedMessage) -> None:
    text = serialise_pnrgov(msg)
    back = parse_message(text, source="strategy")
    assert back.deviations == []
    assert back.flight == msg.flight
    assert back.bookings == msg.bookings
    assert (back.sender, back.message_ref, back.push_time) == (msg.sender, msg.message_ref, msg.push_time)
    for b in back.bookings:
        for t in b.travellers:
            assert back.journey(t) == sorted(b.segments, key=lambda s: s.dep_time or datetime.min)
    back.source = msg.source = ""
    assert from_json(to_json(back)) == back


@settings(max_examples=40, deadline=None)
@given(pnr_message(), st.data())
def test_paxlst_rich_round_trip(msg: ParsedMessage, data: st.DataObject) -> None:
    api = paxlst_for(msg)
    for t in api.passengers:
        if data.draw(st.booleans()):
            t.embark, t.debark = api.flights[0].dep_airport, api.flights[0].arr_airport
    back = parse_message(serialise_paxlst(api).encode("utf-8"), source="strategy-api")
    assert back.deviations == []
    assert back.passengers == api.passengers
    assert back.flights == [
        Segment(f.carrier, f.flight_number, f.dep_airport, f.arr_airport, f.dep_time, f.arr_time, f.carrier)
        for f in api.flights
    ]
