"""Plain data model of travel messages (PNRGOV bookings and PAXLST passenger lists).

Pure dataclasses: no parsing, no I/O. Dates are naive ``date``/``datetime`` values in the
timezone the message states (PNRGOV and PAXLST times are local airport times).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

MessageKind = Literal["PNR", "API"]


@dataclass
class Deviation:
    """Something the parser tolerated; ``position`` is the 1-based segment index in the message."""

    segment: str
    position: int
    message: str


@dataclass
class Document:
    doc_type: str  # P passport, I identity card, V visa, ...
    number: str
    issuing_country: str = ""
    expiry: date | None = None
    nationality: str = ""
    lost_or_stolen: bool = False


@dataclass
class Traveller:
    surname: str
    given_names: str = ""
    birth_date: date | None = None
    gender: str = ""  # M, F, U, X (MI/FI for infants in DOCS)
    nationality: str = ""
    documents: list[Document] = field(default_factory=list)
    seat: str = ""
    baggage: list[str] = field(default_factory=list)
    ref: str = ""
    passenger_type: str = "A"  # A adult, C child, IN infant, CREW
    accompanied_by: str = ""  # ref of the adult an infant travels with
    frequent_flyer: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    residence_country: str = ""
    birth_place: str = ""
    record_locator: str = ""  # API: booking reference (RFF AVF)
    embark: str = ""  # API: LOC 178 port of embarkation of this traveller (multi-leg lists)
    debark: str = ""  # API: LOC 179 port of debarkation

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


@dataclass
class Segment:
    carrier: str
    flight_number: str
    dep_airport: str
    arr_airport: str
    dep_time: datetime | None = None
    arr_time: datetime | None = None
    operating_carrier: str = ""
    operating_flight_number: str = ""


@dataclass
class SeatAssignment:
    """The seat one traveller holds on one leg of the booking."""

    traveller_ref: str
    dep_airport: str
    arr_airport: str
    seat: str


@dataclass
class Ticket:
    number: str
    one_way: bool | None = None  # None when the message does not say
    traveller_ref: str = ""


@dataclass
class Payment:
    fop_type: str  # CA cash, CC credit card, MS miscellaneous, ...
    amount: str = ""
    card_vendor: str = ""
    card_number: str = ""  # as sent (usually masked by the airline)

    @property
    def is_cash(self) -> bool:
        return self.fop_type.upper() in {"CA", "CASH"}


@dataclass
class Contacts:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)


@dataclass
class Booking:
    record_locator: str
    carrier: str = ""
    created: datetime | None = None
    reserved: datetime | None = None  # last modification / ticketing date
    booking_office: str = ""
    payments: list[Payment] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    contacts: Contacts = field(default_factory=Contacts)
    free_text: list[str] = field(default_factory=list)
    travellers: list[Traveller] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    split_from: list[str] = field(default_factory=list)  # other record locators (split PNRs)
    seats: list[SeatAssignment] = field(default_factory=list)  # per traveller per leg (SSR SEAT, SSD)

    def journey(self) -> list[Segment]:
        """The booking's legs in departure order (every traveller on it flies them)."""
        return _by_departure(self.segments)

    def co_travellers(self, ref: str) -> list[Traveller]:
        """Travellers on the same booking as ``ref`` (everyone else in the party)."""
        return [t for t in self.travellers if t.ref != ref]

    @property
    def paid_cash(self) -> bool:
        return any(p.is_cash for p in self.payments)

    @property
    def one_way(self) -> bool:
        if self.tickets and any(t.one_way is not None for t in self.tickets):
            return any(t.one_way for t in self.tickets)
        return len(self.segments) == 1 or (
            bool(self.segments) and self.segments[0].dep_airport != self.segments[-1].arr_airport
        )


@dataclass
class ParsedMessage:
    kind: MessageKind
    sender: str = ""
    recipient: str = ""
    message_ref: str = ""
    version: str = ""
    push_time: datetime | None = None
    source: str = ""
    deviations: list[Deviation] = field(default_factory=list)
    flight: Segment | None = None  # the flight the push is for (PNR header TVL / API TDT leg)
    bookings: list[Booking] = field(default_factory=list)  # PNR
    flights: list[Segment] = field(default_factory=list)  # API legs
    passengers: list[Traveller] = field(default_factory=list)  # API passengers and crew
    withheld_sensitive: int = 0  # SSR items dropped because they reveal protected characteristics

    def journey(self, traveller: Traveller) -> list[Segment]:
        """The legs this traveller flies, in departure order.

        PNR: the segments of the traveller's booking. API: the listed legs from the one leaving the
        traveller's port of embarkation (LOC 178) to the one reaching the port of debarkation
        (LOC 179); all legs when the list does not say or the ports do not match a leg.
        """
        for b in self.bookings:
            if any(t is traveller for t in b.travellers):
                return b.journey()
        legs = list(self.flights)
        start = next(
            (i for i, s in enumerate(legs) if traveller.embark and s.dep_airport == traveller.embark), 0
        )
        end = next(
            (
                i
                for i in range(start, len(legs))
                if traveller.debark and legs[i].arr_airport == traveller.debark
            ),
            len(legs) - 1,
        )
        return legs[start : end + 1]

    def all_travellers(self) -> list[Traveller]:
        out = list(self.passengers)
        for b in self.bookings:
            out.extend(b.travellers)
        return out


def _by_departure(segments: list[Segment]) -> list[Segment]:
    """Stable sort by departure time; segments without a time keep their place at the end."""
    timed = sorted((s for s in segments if s.dep_time is not None), key=lambda s: s.dep_time or datetime.min)
    return timed + [s for s in segments if s.dep_time is None]
