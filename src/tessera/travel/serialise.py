"""Write ``ParsedMessage`` values as PNRGOV 13.1 or PAXLST D.05B interchanges (default UNA)."""

from __future__ import annotations

from datetime import date, datetime

from tessera.travel.dates import format_ddmonyy
from tessera.travel.model import Booking, ParsedMessage, Segment

UNA = "UNA:+.? '"
_SPECIAL = str.maketrans({"?": "??", "+": "?+", ":": "?:", "'": "?'"})


def esc(value: str) -> str:
    """Release the service characters of the default UNA."""
    return value.translate(_SPECIAL)


def _seg(tag: str, *elements: str | list[str]) -> str:
    parts = [tag]
    for el in elements:
        parts.append(":".join(esc(c) for c in el) if isinstance(el, list) else esc(el))
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return "+".join(parts) + "'"


def _ddmmyy(d: datetime | None) -> list[str]:
    return [d.strftime("%d%m%y"), d.strftime("%H%M")] if d else ["", ""]


def _tvl(s: Segment) -> str:
    carrier = [s.carrier] if s.operating_carrier in ("", s.carrier) else [s.carrier, s.operating_carrier]
    return _seg(
        "TVL",
        _ddmmyy(s.dep_time) + _ddmmyy(s.arr_time),
        s.dep_airport,
        s.arr_airport,
        carrier,
        s.flight_number,
    )


def _email(e: str) -> str:
    return e.replace("-", "./").replace("_", "..").replace("@", "//")


def _booking(b: Booking, carrier: str) -> list[str]:
    out = ["SRC'", _seg("RCI", [b.carrier, b.record_locator, "", *_ddmmyy(b.created)])]
    if b.reserved:
        out.append(_seg("DAT", ["700", *_ddmmyy(b.reserved)]))
    if b.booking_office:
        out.append(_seg("ORG", *[p.split(":") for p in b.booking_office.split("/")]))
    for a in b.contacts.addresses:
        out.append(_seg("ADD", "", ["700", *a.split(", ")]))
    out += [_seg("IFT", ["4", "28", "", carrier], f"CTCE {_email(e)}") for e in b.contacts.emails]
    out += [_seg("IFT", ["4", "28", "", carrier], f"CTCM {p}") for p in b.contacts.phones]
    out += [_seg("IFT", ["4", "28", "", carrier], t) for t in b.free_text]
    tickets = {t.traveller_ref: t for t in b.tickets}
    for t in b.travellers:
        out.append(_seg("TIF", t.surname, [t.given_names, t.passenger_type, t.ref]))
        out += [_seg("FTI", [f[:2], f[2:]]) for f in t.frequent_flyer]
        for d in t.documents:
            text = "/".join(
                [
                    "",
                    d.doc_type,
                    d.issuing_country,
                    d.number,
                    d.nationality or t.nationality,
                    format_ddmonyy(t.birth_date) if t.birth_date else "",
                    t.gender + ("I" if t.passenger_type == "IN" and t.gender else ""),
                    format_ddmonyy(d.expiry) if d.expiry else "",
                    t.surname,
                    t.given_names,
                ]
            )
            out.append(_seg("SSR", ["DOCS", "HK", "1", carrier, "", "", "", "", text], ["", "", t.ref]))
        if t.ref in tickets:
            out.append(_seg("TKT", [tickets[t.ref].number, "T", "1"]))
    for p in b.payments:
        out.append(_seg("FOP", [p.fop_type, "", p.amount, p.card_vendor, p.card_number]))
    by_ref = {t.ref: t for t in b.travellers}
    for i, s in enumerate(b.segments):
        out.append(_tvl(s))
        leg = (s.dep_airport, s.arr_airport)
        if b.seats:
            seats = [(a.traveller_ref, a.seat) for a in b.seats if (a.dep_airport, a.arr_airport) == leg]
        else:  # no per-leg seats: the travellers' seats are on the first leg
            seats = [(t.ref, t.seat) for t in b.travellers if t.seat and i == 0]
        for ref, seat in seats:
            owner = by_ref.get(ref)
            if owner is not None:
                out += [
                    _seg("TRI", "", [owner.ref, "", "", owner.ref]),
                    _seg("TIF", owner.surname, [owner.given_names, owner.passenger_type, owner.ref]),
                    _seg("SSD", seat),
                ]
    return out


def _wrap(msg: ParsedMessage, kind: str, syntax: str, body: list[str]) -> str:
    pt = msg.push_time or datetime(2000, 1, 1)
    ref = msg.message_ref or "1"
    unh = _seg("UNH", ref, [kind, *(["13", "1", "IA"] if kind == "PNRGOV" else ["D", "05B", "UN", "IATA"])])
    segs = [unh, *body]
    segs.append(_seg("UNT", str(len(segs) + 1), ref))
    unb = _seg(
        "UNB", syntax.split(":"), msg.sender, msg.recipient, [pt.strftime("%y%m%d"), pt.strftime("%H%M")], ref
    )
    return "\n".join([UNA + unb, *segs, _seg("UNZ", "1", ref)]) + "\n"


def serialise_pnrgov(msg: ParsedMessage) -> str:
    carrier = msg.flight.carrier if msg.flight else msg.sender
    body = ["MSG+:22'", _seg("ORG", carrier)]
    if msg.flight:
        body.append(_tvl(msg.flight))
    body.append(_seg("EQN", str(len(msg.bookings))))
    for b in msg.bookings:
        body += _booking(b, carrier)
    return _wrap(msg, "PNRGOV", "IATA:1", body)


def _yymmdd(d: date | None) -> str:
    return d.strftime("%y%m%d") if d else ""


def serialise_paxlst(msg: ParsedMessage) -> str:
    body = [_seg("BGM", "745")]
    for leg in msg.flights:
        body += [
            _seg("TDT", "20", leg.carrier + leg.flight_number, "", "", leg.carrier),
            _seg("LOC", "125", leg.dep_airport),
        ]
        if leg.dep_time:
            body.append(_seg("DTM", ["189", leg.dep_time.strftime("%y%m%d%H%M"), "201"]))
        body.append(_seg("LOC", "87", leg.arr_airport))
        if leg.arr_time:
            body.append(_seg("DTM", ["232", leg.arr_time.strftime("%y%m%d%H%M"), "201"]))
    pax = crew = 0
    for t in msg.passengers:
        is_crew = t.passenger_type == "CREW"
        crew, pax = crew + is_crew, pax + (not is_crew)
        body.append(_seg("NAD", "FM" if is_crew else "FL", "", "", [t.surname, t.given_names]))
        body.append(_seg("ATT", "2", "", t.gender))
        if t.birth_date:
            body.append(_seg("DTM", ["329", _yymmdd(t.birth_date)]))
        if t.embark:
            body.append(_seg("LOC", "178", t.embark))
        if t.debark:
            body.append(_seg("LOC", "179", t.debark))
        if t.nationality:
            body.append(_seg("NAT", "2", t.nationality))
        if t.record_locator:
            body.append(_seg("RFF", ["AVF", t.record_locator]))
        if t.seat:
            body.append(_seg("RFF", ["SEA", t.seat]))
        for d in t.documents:
            body.append(_seg("DOC", d.doc_type, d.number))
            if d.expiry:
                body.append(_seg("DTM", ["36", _yymmdd(d.expiry)]))
            if d.issuing_country:
                body.append(_seg("LOC", "91", d.issuing_country))
    body.append(_seg("CNT", ["42", str(pax)], *([["41", str(crew)]] if crew else [])))
    return _wrap(msg, "PAXLST", "UNOA:4", body)
