"""PNRGOV (IATA/WCO, versions 10.1-13.1) semantics on top of the EDIFACT syntax layer.

Reads the header flight, then one booking per ``SRC`` group: RCI locators, DAT dates, ORG
booking office, ADD/IFT contacts, TIF travellers with SSR DOCS/DOCO/DOCA/INFT/FQTV, FTI, TKT,
FOP, EBD, SSR TKNE e-tickets, itinerary TVL with TRI/TIF/SSD/TBD and SSR SEAT seat and bag data
(seats per traveller per leg in ``Booking.seats``; ``Traveller.seat`` is the seat on the pushed
flight; ``XXX`` means no seat). History (ABI onwards) and LTS lines are skipped. EQN may count
PNRs or travellers (both seen); anything else is a deviation. SSR codes that reveal protected
characteristics (``sensitive.SENSITIVE_SSR``) are not kept at all:
``ParsedMessage.withheld_sensitive`` counts them.
"""

from __future__ import annotations

import re

from tessera.travel.dates import DateContext, is_digits
from tessera.travel.edifact import RawSegment
from tessera.travel.envelope import Envelope
from tessera.travel.model import (
    Booking,
    Deviation,
    Document,
    ParsedMessage,
    Payment,
    SeatAssignment,
    Segment,
    Ticket,
    Traveller,
)
from tessera.travel.sensitive import SENSITIVE_SSR

_TITLES = ("MSTR", "MISS", "MRS", "MR", "MS", "DR")
_IGNORED = frozenset(
    {
        "MSG",
        "EQN",
        "REF",
        "FAR",
        "MON",
        "PTK",
        "TXD",
        "APD",
        "RPI",
        "SAC",
        "LTS",
        "TBD",
        "DAT",
        "TRI",
        "SSD",
        "ABI",
        "IFT",
        "ORG",
        "TVL",
        "TIF",
        "SSR",
        "FTI",
        "TKT",
        "FOP",
        "ADD",
        "EBD",
        "RCI",
        "SRC",
    }
)


_CTC_PREFIX = re.compile(r"^\s*(?:[A-Z0-9]{2} )?CTC ?[A-Z] ")


def _add(values: list[str], value: str) -> None:
    """Append a contact once: senders repeat the booking's contacts under every traveller."""
    if value and value not in values:
        values.append(value)


def _seat(text: str) -> bool:
    """A real seat number; ``XXX`` is the placeholder for 'no seat assigned'."""
    return bool(text) and text.strip().upper() not in ("XXX", "")


def strip_title(given: str) -> str:
    g = given.strip()
    for t in _TITLES:
        if g.endswith(" " + t):
            return g[: -len(t) - 1].strip()
    for t in ("MSTR", "MISS", "MRS", "MR", "MS"):
        if g.endswith(t) and len(g) - len(t) >= (3 if t == "MS" else 2):
            return g[: -len(t)]
    return g


def decode_email(text: str) -> str:
    return text.strip().replace("//", "@").replace("..", "_").replace("./", "-")


class _PnrReader:
    def __init__(self, env: Envelope, msg: ParsedMessage, ctx: DateContext) -> None:
        self.env, self.msg, self.ctx = env, msg, ctx
        self.booking: Booking | None = None
        self.traveller: Traveller | None = None
        self.seg_ref = ""  # traveller ref from TRI in the itinerary group
        self.in_history = False
        self.in_itinerary = False
        self.leg: Segment | None = None  # the itinerary TVL the following SSD/SSR SEAT refer to
        self.declared_pnrs = 0  # sum of EQN counts in the message headers
        self.eqn_position = 0

    def dev(self, seg: RawSegment, text: str) -> None:
        self.msg.deviations.append(Deviation(seg.tag, seg.position, text))

    def tvl(self, seg: RawSegment) -> Segment | None:
        if not seg.el(1) or not seg.el(2):
            return None
        d0, t0, d1, t1 = (seg.el(0, i) for i in range(4))
        if d1 and len(d1) == 4 and not t1:  # 'DDMMYY:HHMM:HHMM' seen in UA pushes
            self.dev(seg, f"arrival time {d1!r} sent in the arrival date field")
            d1, t1 = "", d1
        dep = self.ctx.ddmmyy(d0, t0, "TVL", seg.position)
        arr = self.ctx.ddmmyy(d1 or d0, t1, "TVL", seg.position) if t1 else None
        marketing, operating = seg.el(3, 0), seg.el(3, 1)
        return Segment(
            carrier=marketing,
            flight_number=seg.el(4, 0),
            dep_airport=seg.el(1, 0),
            arr_airport=seg.el(2, 0),
            dep_time=dep,
            arr_time=arr,
            operating_carrier=operating or marketing,
        )

    def find(self, ref: str, surname: str = "") -> Traveller | None:
        if self.booking is None:
            return None
        for t in self.booking.travellers:
            if (ref and t.ref == ref) or (not ref and surname and t.surname == surname):
                return t
        return None

    def handle(self, seg: RawSegment) -> None:
        tag = seg.tag
        if tag == "SRC":
            self.booking = Booking(record_locator="")
            self.msg.bookings.append(self.booking)
            self.traveller, self.in_history, self.in_itinerary = None, False, False
            self.leg = None
            return
        if self.booking is None:
            if tag == "TVL" and self.msg.flight is None:
                self.msg.flight = self.tvl(seg)
            elif tag == "ORG" and not self.msg.sender:
                self.msg.sender = seg.el(0, 0)
            elif tag == "EQN" and is_digits(seg.el(0, 0)):
                self.declared_pnrs += int(seg.el(0, 0))
                self.eqn_position = self.eqn_position or seg.position
            elif tag not in _IGNORED:
                self.dev(seg, "unknown segment before the first SRC ignored")
            return
        b = self.booking
        if tag == "ABI":
            self.in_history = True
        if self.in_history or tag == "LTS":
            return
        if tag == "RCI":
            for i, el in enumerate(seg.elements):
                loc = el[1] if len(el) > 1 else ""
                if i == 0 and not b.record_locator:
                    b.record_locator, b.carrier = loc, el[0]
                    # company:locator:type:date:time, some carriers omit the type
                    rest = [c for c in el[2:5] if c and is_digits(c)]
                    date_s = next((c for c in rest if len(c) == 6), "")
                    time_s = (
                        next((c for c in rest[rest.index(date_s) + 1 :] if len(c) in (4, 6)), "")
                        if date_s
                        else ""
                    )
                    b.created = self.ctx.ddmmyy(date_s, time_s, "RCI", seg.position)
                elif loc and loc != b.record_locator and loc not in b.split_from:
                    b.split_from.append(loc)
        elif tag == "DAT":
            for el in seg.elements:
                if el and el[0] == "700" and len(el) > 1:
                    b.reserved = self.ctx.ddmmyy(el[1], el[2] if len(el) > 2 else "", "DAT", seg.position)
        elif tag == "ORG":
            if not b.booking_office:
                b.booking_office = "/".join(":".join(c for c in e if c) for e in seg.elements[:2] if any(e))
        elif tag == "ADD":
            el = seg.elements[1] if len(seg.elements) > 1 else []
            parts = [c for c in el[1:7] if c]
            phone = _CTC_PREFIX.sub("", el[7]).strip() if len(el) > 7 else ""
            if phone and sum(ch.isdigit() for ch in phone) < 5:
                self.dev(seg, f"ADD telephone {phone!r} has too few digits; kept as part of the address")
                parts.append(phone)
                phone = ""
            if parts:
                _add(b.contacts.addresses, ", ".join(parts))
            if phone:
                _add(b.contacts.phones, phone)
        elif tag == "IFT":
            self.ift(seg)
        elif tag == "TIF":
            self.tif(seg)
        elif tag == "SSR":
            self.ssr(seg)
        elif tag == "FTI":
            if self.traveller is not None:
                self.traveller.frequent_flyer.append(seg.el(0, 0) + seg.el(0, 1))
        elif tag == "TKT":
            ref = self.traveller.ref if self.traveller else ""
            if seg.el(0, 0) and not any(k.number == seg.el(0, 0) for k in b.tickets):
                b.tickets.append(Ticket(number=seg.el(0, 0), traveller_ref=ref))
        elif tag == "FOP":
            for el in seg.elements:
                el = el + [""] * (5 - len(el))
                if el[0]:
                    b.payments.append(
                        Payment(fop_type=el[0], amount=el[2], card_vendor=el[3], card_number=el[4])
                    )
        elif tag == "EBD":
            if self.traveller is not None and seg.el(1, 0):
                self.traveller.baggage.append(f"excess {seg.el(1, 0)} {seg.el(1, 2)}".strip())
        elif tag == "TVL":
            self.in_itinerary = True
            s = self.tvl(seg)
            self.leg = s
            if s is not None:
                b.segments.append(s)
        elif tag == "TRI":
            self.seg_ref = seg.el(1, 3)
        elif tag == "SSD":
            t = self.find(self.seg_ref) or self.traveller
            if t is not None and _seat(seg.el(0, 0)):
                self.assign(
                    t,
                    seg.el(0, 0),
                    self.leg.dep_airport if self.leg else "",
                    self.leg.arr_airport if self.leg else "",
                )
        elif tag == "TBD":
            t = self.find(self.seg_ref) or self.traveller
            if t is not None and seg.el(1, 0):
                t.baggage.append(f"{seg.el(1, 0)} bag(s) {seg.el(1, 1)} {seg.el(1, 2)}".strip())
        elif tag not in _IGNORED:
            self.dev(seg, "unknown segment ignored")

    def ift(self, seg: RawSegment) -> None:
        assert self.booking is not None
        texts = ["".join(e) if len(e) == 1 else ":".join(e) for e in seg.elements[1:]]
        if not texts:
            return
        qual = seg.el(0, 1)
        text = " ".join(texts) if qual != "28" else texts[0]
        if qual == "28" and len(texts) > 1:
            self.dev(seg, "unreleased data separator inside free text; parts rejoined")
            text = self.msg_dsep.join(texts)
        m = re.match(r"^(?:[A-Z0-9]{2} )?CTC([A-Z])\s+(.*)$", text)
        if m:
            kind, value = m.groups()
            if kind == "E":
                _add(self.booking.contacts.emails, decode_email(value))
            else:
                _add(self.booking.contacts.phones, value.strip())
        elif qual == "43":
            _add(self.booking.contacts.addresses, ", ".join(t for t in texts if t))
        elif qual != "15":  # 4:15 is the fare calculation
            self.booking.free_text.append(text)

    msg_dsep = "+"

    def tif(self, seg: RawSegment) -> None:
        assert self.booking is not None
        surname, given = seg.el(0, 0), seg.el(1, 0)
        ptype, ref = seg.el(1, 1) or "A", seg.el(1, 2)
        if seg.el(0, 1) == "G" or (not given and not ref):
            return  # group name
        existing = self.find(ref, surname) if self.in_itinerary else None
        if existing is not None:
            self.traveller = existing
            return
        if ptype in ("IN", "I"):
            for x in self.booking.travellers:  # infant already created from SSR INFT
                if (
                    x.passenger_type == "IN"
                    and x.surname.replace(" ", "") == surname.replace(" ", "")
                    and x.given_names.startswith(strip_title(given))
                ):
                    x.ref = ref or x.ref
                    self.traveller = x
                    return
        t = Traveller(
            surname=surname,
            given_names=strip_title(given),
            ref=ref,
            passenger_type="IN" if ptype in ("IN", "I") or ref.endswith("I") else ptype,
        )
        if t.passenger_type == "IN" and self.traveller is not None:
            t.accompanied_by = self.traveller.ref
        self.booking.travellers.append(t)
        self.traveller = t

    def ssr(self, seg: RawSegment) -> None:
        assert self.booking is not None
        code = seg.el(0, 0)
        if code in SENSITIVE_SSR:
            self.msg.withheld_sensitive += 1
            return
        text = seg.el(0, 8)
        if code in ("DOCS", "DOCO", "DOCA") and text and not text.startswith("/"):
            text = "/" + text
        ref = seg.el(1, 2)
        t = self.find(ref) if ref else self.traveller
        if ref and t is None:
            t = self.traveller
        if code == "DOCS":
            self.docs(seg, text, t)
        elif code == "DOCO" and t is not None:
            f = text.split("/")
            f += [""] * (8 - len(f))
            if f[2] or f[3]:
                t.documents.append(Document(doc_type=f[2] or "V", number=f[3], issuing_country=f[6]))
            if f[1].strip() and not t.birth_place:
                t.birth_place = f[1].strip()
        elif code == "DOCA" and t is not None:
            f = text.split("/")
            f += [""] * (8 - len(f))
            t.addresses.append(", ".join(p for p in (f[3], f[4], f[5], f[6], f[2]) if p))
            if f[1] == "R":
                t.residence_country = f[2]
        elif code == "CHLD" and t is not None:
            t.passenger_type = "C"
            dob = text.strip().strip("/")
            if dob:
                t.birth_date = self.ctx.ddmonyy(dob, "SSR", seg.position, birth=True) or t.birth_date
        elif code == "INFT":
            self.inft(seg, text, t)
        elif code == "TKNE":
            self.tkne(text.strip().strip("/"), ref, t)
        elif code == "FQTV" and t is not None:
            t.frequent_flyer.append(text.strip() or seg.el(0, 3))
        elif code == "SEAT":
            board = seg.el(0, 6) or (self.leg.dep_airport if self.leg else "")
            off = seg.el(0, 7) or (self.leg.arr_airport if self.leg else "")
            for el in seg.elements[1:]:
                owner = self.find(el[2] if len(el) > 2 else "")
                if owner is not None and el and _seat(el[0]):
                    self.assign(owner, el[0], board, off)

    def assign(self, t: Traveller, seat: str, board: str, off: str) -> None:
        """Record ``seat`` for ``t`` on the leg ``board``-``off``; a later message line replaces it."""
        assert self.booking is not None
        t.seat = seat
        seats = self.booking.seats
        for a in seats:
            if (a.traveller_ref, a.dep_airport, a.arr_airport) == (t.ref, board, off):
                a.seat = seat
                return
        seats.append(SeatAssignment(t.ref, board, off, seat))

    def tkne(self, text: str, ref: str, t: Traveller | None) -> None:
        """SSR TKNE: e-ticket number (13 digits) and coupon, ``INF`` prefix for an infant's ticket."""
        assert self.booking is not None
        m = re.match(r"^\.?(INF)?(\d{13})(?:C\d+)?$", text.replace(" ", ""))
        if m is None:
            return
        owner = ref or (t.ref if t else "")
        if m.group(1) and not owner.endswith("I"):
            infant = next((x for x in self.booking.travellers if x.accompanied_by == owner), None)
            owner = infant.ref if infant is not None and infant.ref else owner + "I"
        # One ticket per traveller; a coupon without a traveller reference adds nothing new.
        known = [k for k in self.booking.tickets if k.number == m.group(2)]
        if not known or (ref and all(k.traveller_ref != owner for k in known)):
            self.booking.tickets.append(Ticket(number=m.group(2), traveller_ref=owner))

    def docs(self, seg: RawSegment, text: str, t: Traveller | None) -> None:
        f = text.split("/")
        f += [""] * (11 - len(f))
        if t is None:
            self.dev(seg, "DOCS without a traveller ignored")
            return
        birth = self.ctx.ddmonyy(f[5], "SSR", seg.position, birth=True)
        expiry = self.ctx.ddmonyy(f[7], "SSR", seg.position)
        target = t
        if f[6] in ("MI", "FI") and t.passenger_type != "IN" and self.booking is not None:
            found = next((x for x in self.booking.travellers if x.accompanied_by == t.ref), None)
            if found is None:  # infant DOCS before the infant's TIF: create the infant now
                found = Traveller(
                    surname=f[8].replace(" ", ""),
                    given_names=strip_title(f[9]),
                    passenger_type="IN",
                    ref=t.ref + "I",
                    accompanied_by=t.ref,
                )
                self.booking.travellers.append(found)
            target = found
        target.birth_date = birth or target.birth_date
        target.gender = f[6][:1] or target.gender
        target.nationality = f[4] or target.nationality
        if not target.given_names:
            target.given_names = strip_title(f[9])
        if f[3] and not any(d.number == f[3] and d.doc_type == (f[1] or "P") for d in target.documents):
            target.documents.append(
                Document(
                    doc_type=f[1] or "P", number=f[3], issuing_country=f[2], expiry=expiry, nationality=f[4]
                )
            )

    def inft(self, seg: RawSegment, text: str, adult: Traveller | None) -> None:
        assert self.booking is not None
        m = re.match(r"^\s*([^/]+)/([^/ ]+(?: [^/ ]+)*?)(?:\s+|/)(\d{2}[A-Z]{3}\d{2})\s*$", text)
        if not m:
            return
        surname, given, dob = m.groups()
        for x in self.booking.travellers:
            if x.passenger_type == "IN" and x.surname == surname and x.given_names.startswith(given):
                return
        infant = Traveller(
            surname=surname,
            given_names=given,
            passenger_type="IN",
            birth_date=self.ctx.ddmonyy(dob, "SSR", seg.position, birth=True),
            ref=(adult.ref + "I") if adult else "",
            accompanied_by=adult.ref if adult else "",
        )
        self.booking.travellers.append(infant)


def interpret_pnrgov(env: Envelope, msg: ParsedMessage, data_separator: str) -> ParsedMessage:
    ctx = DateContext(msg.source, msg.message_ref)
    reader = _PnrReader(env, msg, ctx)
    reader.msg_dsep = data_separator
    for body in env.bodies:
        reader.booking = None
        for seg in body:
            reader.handle(seg)
    n_pnr, n_pax = len(msg.bookings), sum(len(b.travellers) for b in msg.bookings)
    if reader.declared_pnrs and reader.declared_pnrs not in (n_pnr, n_pax):
        # Some senders count travellers rather than PNRs (pnr1, pnr3 samples): either is accepted.
        msg.deviations.append(
            Deviation(
                "EQN",
                reader.eqn_position,
                f"EQN declares {reader.declared_pnrs}, "
                f"neither the {n_pnr} PNRs nor the {n_pax} travellers present",
            )
        )
    _seat_on_pushed_flight(msg)
    for b in msg.bookings:
        if not b.record_locator:
            msg.deviations.append(Deviation("RCI", 0, "booking without record locator"))
        one_way = b.one_way
        for tk in b.tickets:
            tk.one_way = one_way
    return msg


def _seat_on_pushed_flight(msg: ParsedMessage) -> None:
    """``Traveller.seat`` is the seat on the flight the push is for, when the booking says it."""
    if msg.flight is None:
        return
    leg = (msg.flight.dep_airport, msg.flight.arr_airport)
    for b in msg.bookings:
        for a in b.seats:
            if (a.dep_airport, a.arr_airport) == leg:
                for t in b.travellers:
                    if t.ref == a.traveller_ref:
                        t.seat = a.seat
