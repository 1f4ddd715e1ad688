"""Deterministic synthetic PNRGOV/PAXLST traffic for tests and the demo.

Names come from Faker pools computed once per locale set and transliterated to upper-case
ASCII (``anyascii``), so the messages need no character set negotiation. Everything depends
on the ``seed`` only. Chosen people (``{name, birthDate, nationality, passportNumber}``) can
be planted among the travellers for the demo.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from anyascii import anyascii
from faker import Faker

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

HUBS = ("FRA", "CDG", "LHR", "AMS", "BRU", "VIE", "MUC", "FCO", "MAD", "ATH", "CPH", "ARN")
NEAR_CONFLICT = ("IST", "SAW", "GZT", "HTY", "ADA", "AMM", "BEY", "BGW", "EBL", "CAI")
CARRIERS = {
    "FRA": "LH",
    "MUC": "LH",
    "CDG": "AF",
    "LHR": "BA",
    "AMS": "KL",
    "BRU": "SN",
    "VIE": "OS",
    "FCO": "AZ",
    "MAD": "IB",
    "ATH": "A3",
    "CPH": "SK",
    "ARN": "SK",
    "IST": "TK",
    "SAW": "PC",
    "GZT": "TK",
    "HTY": "TK",
    "ADA": "PC",
    "AMM": "RJ",
    "BEY": "ME",
    "BGW": "IA",
    "EBL": "IA",
    "CAI": "MS",
}
NATIONALITIES = (
    "DEU",
    "FRA",
    "GBR",
    "NLD",
    "BEL",
    "AUT",
    "ITA",
    "ESP",
    "GRC",
    "DNK",
    "SWE",
    "TUR",
    "JOR",
    "LBN",
    "IRQ",
    "EGY",
    "SYR",
    "USA",
)
_LOCALES = ("en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "tr_TR", "ar_AA", "el_GR")
_CLEAN = re.compile(r"[^A-Z \-]")


def _ascii_upper(text: str) -> str:
    return re.sub(r"\s+", " ", _CLEAN.sub("", anyascii(text).upper())).strip()


@lru_cache(maxsize=4)
def name_pools(seed: int = 0, size: int = 400) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(male given names, female given names, surnames): computed once, ASCII upper case."""
    fake = Faker(list(_LOCALES))
    fake.seed_instance(seed)
    male = {_ascii_upper(fake.first_name_male()) for _ in range(size)}
    female = {_ascii_upper(fake.first_name_female()) for _ in range(size)}
    last = {_ascii_upper(fake.last_name()) for _ in range(size)}

    def ok(n: str) -> bool:  # names that look like NAME+TITLE would not survive PNR title stripping
        return bool(n) and strip_title(n) == n

    return (
        tuple(sorted(filter(ok, male))),
        tuple(sorted(filter(ok, female))),
        tuple(sorted(filter(ok, last))),
    )


@dataclass
class ChosenPerson:
    given_names: str
    surname: str
    birth_date: date
    nationality: str
    passport_number: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChosenPerson:
        parts = _ascii_upper(str(d["name"])).split(" ")
        return cls(
            given_names=" ".join(parts[:-1]),
            surname=parts[-1],
            birth_date=date.fromisoformat(str(d["birthDate"])),
            nationality=str(d["nationality"]).upper(),
            passport_number=str(d["passportNumber"]),
        )


@dataclass
class TrafficGenerator:
    seed: int = 0
    start: datetime = datetime(2026, 3, 2, 6, 0)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.male, self.female, self.surnames = name_pools()

    def _locator(self) -> str:
        return "".join(self.rng.choices(string.ascii_uppercase + string.digits, k=6))

    def traveller(self, ref: str, dep: datetime, chosen: ChosenPerson | None = None) -> Traveller:
        r = self.rng
        gender = r.choice("MF")
        if chosen is not None:
            given, surname, dob = chosen.given_names, chosen.surname, chosen.birth_date
            nat, number = chosen.nationality, chosen.passport_number
        else:
            given = r.choice(self.male if gender == "M" else self.female)
            if r.random() < 0.2:
                given += " " + r.choice(self.male if gender == "M" else self.female)
            surname = r.choice(self.surnames)
            dob = date(1945, 1, 1) + timedelta(days=r.randrange(0, 365 * 60))
            nat = r.choice(NATIONALITIES)
            number = "".join(r.choices(string.ascii_uppercase, k=2)) + str(r.randrange(10**6, 10**7))
        doc = Document(
            doc_type="P",
            number=number,
            issuing_country=nat,
            nationality=nat,
            expiry=(dep + timedelta(days=r.randrange(200, 3000))).date(),
        )
        return Traveller(
            surname=surname,
            given_names=given,
            birth_date=dob,
            gender=gender,
            nationality=nat,
            documents=[doc],
            ref=ref,
            seat=f"{r.randrange(1, 40)}{r.choice('ABCDEF')}",
            frequent_flyer=[f"{r.choice(list(CARRIERS.values()))}{r.randrange(10**7, 10**8)}"]
            if r.random() < 0.3
            else [],
        )

    def flight(self, dep_time: datetime) -> Segment:
        r = self.rng
        hub, other = r.choice(HUBS), r.choice(NEAR_CONFLICT)
        dep, arr = (hub, other) if r.random() < 0.5 else (other, hub)
        carrier = CARRIERS[r.choice((dep, arr))]
        return Segment(
            carrier=carrier,
            flight_number=str(r.randrange(100, 2000)),
            dep_airport=dep,
            arr_airport=arr,
            dep_time=dep_time,
            arr_time=dep_time + timedelta(minutes=r.randrange(120, 300)),
            operating_carrier=carrier,
        )

    def booking(self, flight: Segment, chosen: Sequence[ChosenPerson] = ()) -> Booking:
        r = self.rng
        assert flight.dep_time is not None
        lead_minutes = r.choice((r.randrange(60, 2880), r.randrange(2880, 86400)))
        created = (flight.dep_time - timedelta(minutes=lead_minutes)).replace(second=0)
        party = max(len(chosen), r.choice((1, 1, 1, 2, 2, 3, 4)))
        travellers = [
            self.traveller(str(i + 1), flight.dep_time, chosen[i] if i < len(chosen) else None)
            for i in range(party)
        ]
        segments = [flight]
        if r.random() < 0.6:  # return trip
            back = flight.dep_time + timedelta(days=r.randrange(3, 20))
            segments.append(
                Segment(
                    carrier=flight.carrier,
                    flight_number=str(int(flight.flight_number) + 1),
                    dep_airport=flight.arr_airport,
                    arr_airport=flight.dep_airport,
                    dep_time=back,
                    arr_time=back + timedelta(hours=3),
                    operating_carrier=flight.carrier,
                )
            )
        one_way = len(segments) == 1
        cash = r.random() < 0.1
        pay = (
            Payment(fop_type="CA", amount=f"{r.randrange(80, 2000)}.00")
            if cash
            else Payment(
                fop_type="CC",
                amount=f"{r.randrange(80, 2000)}.00",
                card_vendor=r.choice(("VI", "MA", "AX")),
                card_number="XXXXXXXXXXXX" + str(r.randrange(1000, 10000)),
            )
        )
        lead = travellers[0]
        email = f"{lead.given_names.split(' ')[0]}.{lead.surname}@example.org".replace(" ", "-").lower()
        return Booking(
            record_locator=self._locator(),
            carrier=flight.carrier,
            created=created,
            reserved=created,
            booking_office=f"{flight.carrier}:{flight.dep_airport}",
            payments=[pay],
            tickets=[
                Ticket(number=f"{r.randrange(10**12, 10**13)}", one_way=one_way, traveller_ref=t.ref)
                for t in travellers
            ],
            contacts=Contacts(phones=[f"00{r.randrange(10**9, 10**10)}"], emails=[email]),
            travellers=travellers,
            segments=segments,
            seats=[SeatAssignment(t.ref, flight.dep_airport, flight.arr_airport, t.seat) for t in travellers],
        )

    def pnrgov(
        self, flight: Segment, n_bookings: int, chosen: Sequence[Sequence[ChosenPerson]] = ()
    ) -> ParsedMessage:
        assert flight.dep_time is not None
        bookings = [self.booking(flight, chosen[i] if i < len(chosen) else ()) for i in range(n_bookings)]
        self.rng.shuffle(bookings)
        return ParsedMessage(
            kind="PNR",
            sender=flight.carrier,
            recipient="PIUTESSERA",
            message_ref=str(self.rng.randrange(10**8, 10**9)),
            version="13.1",
            push_time=(flight.dep_time - timedelta(hours=24)).replace(second=0),
            flight=flight,
            bookings=bookings,
        )

    def week(
        self, n_pnrs: int = 3000, chosen: Sequence[dict[str, Any]] = (), per_flight: int = 60
    ) -> list[ParsedMessage]:
        """One PNRGOV push per flight over seven days; each chosen person travels once."""
        people = [ChosenPerson.from_dict(c) for c in chosen]
        n_flights = max(1, -(-n_pnrs // per_flight))
        out: list[ParsedMessage] = []
        left = n_pnrs
        for i in range(n_flights):
            dep = self.start + timedelta(minutes=self.rng.randrange(0, 7 * 24 * 60))
            flight = self.flight(dep.replace(second=0, microsecond=0))
            plant = [[p] for j, p in enumerate(people) if j % n_flights == i]
            n = min(per_flight, left)
            out.append(self.pnrgov(flight, max(n, len(plant)), plant))
            left -= n
        return out


def paxlst_for(msg: ParsedMessage) -> ParsedMessage:
    """The API list an airline would send for the flight of a PNRGOV push."""
    passengers: list[Traveller] = []
    for b in msg.bookings:
        for t in b.travellers:
            passengers.append(
                Traveller(
                    surname=t.surname,
                    given_names=t.given_names,
                    birth_date=t.birth_date,
                    gender=t.gender,
                    nationality=t.nationality,
                    seat=t.seat,
                    ref=str(len(passengers) + 1),
                    passenger_type="A",
                    record_locator=b.record_locator,
                    documents=[
                        Document(
                            doc_type=d.doc_type,
                            number=d.number,
                            issuing_country=d.issuing_country,
                            expiry=d.expiry,
                            nationality=t.nationality,
                        )
                        for d in t.documents
                    ],
                )
            )
    flights = [msg.flight] if msg.flight else []
    return ParsedMessage(
        kind="API",
        sender=msg.sender,
        recipient=msg.recipient,
        message_ref=msg.message_ref,
        version="05B",
        push_time=msg.push_time,
        flight=msg.flight,
        flights=flights,
        passengers=passengers,
    )
