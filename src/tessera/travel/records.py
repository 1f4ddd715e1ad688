"""Traveller records: one per traveller per message, derived from a parsed message (pure).

A record carries the flight it belongs to, the traveller's identity and documents, the booking
context (co-travellers, payment, ticket, booking time) and the whole itinerary with airports
resolved, plus the screening query built from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tessera.travel.airports import airport
from tessera.travel.model import Booking, ParsedMessage, Segment, Traveller
from tessera.travel.retention import MASK


def flight_key(segment: Segment | None) -> str:
    if segment is None:
        return "unknown"
    day = segment.dep_time.date().isoformat() if segment.dep_time else "????-??-??"
    return f"{segment.carrier}{segment.flight_number}/{day}/{segment.dep_airport}"


def _segment(seg: Segment) -> dict[str, Any]:
    dep, arr = airport(seg.dep_airport), airport(seg.arr_airport)
    return {
        "carrier": seg.carrier,
        "flight_number": seg.flight_number,
        "origin": seg.dep_airport,
        "destination": seg.arr_airport,
        "departure_time": seg.dep_time.isoformat() if seg.dep_time else None,
        "arrival_time": seg.arr_time.isoformat() if seg.arr_time else None,
        "origin_country": dep.country if dep else "",
        "destination_country": arr.country if arr else "",
        "origin_coords": [dep.lat, dep.lon] if dep else None,
        "destination_coords": [arr.lat, arr.lon] if arr else None,
        "operating_carrier": seg.operating_carrier,
    }


@dataclass(frozen=True)
class TravellerRecord:
    id: str
    flight_key: str
    dep_time: datetime | None
    record_locator: str
    traveller_key: str
    fingerprint: str
    name: str
    birth_date: str
    nationality: str
    data: dict[str, Any]
    masked: bool

    def query(self) -> dict[str, Any]:
        """The screening query: names, date of birth, nationality and every document number."""
        props: dict[str, list[str]] = {"name": [self.name]}
        if self.birth_date:
            props["birthDate"] = [self.birth_date]
        if self.nationality:
            props["nationality"] = [self.nationality.lower()]
        if self.data.get("gender") in ("M", "F"):
            props["gender"] = ["male" if self.data["gender"] == "M" else "female"]
        docs = [
            d["number"] for d in self.data.get("documents", []) if d.get("number") and d["number"] != MASK
        ]
        if docs:
            props["passportNumber"] = docs
        return {"id": self.id, "schema": "Person", "properties": props}


def _record(
    message_id: str,
    index: int,
    msg: ParsedMessage,
    t: Traveller,
    booking: Booking | None,
    segments: list[Segment],
    masked: bool,
) -> TravellerRecord:
    flight = msg.flight or (segments[0] if segments else None)
    name = " ".join(part for part in (t.given_names, t.surname) if part).strip()
    documents = [
        {
            "type": d.doc_type,
            "number": d.number,
            "issuing_country": d.issuing_country,
            "expiry": d.expiry.isoformat() if d.expiry else None,
        }
        for d in t.documents
    ]
    data: dict[str, Any] = {
        "surname": t.surname,
        "given_names": t.given_names,
        "gender": t.gender,
        "documents": documents,
        "seat": t.seat,
        "passenger_type": t.passenger_type,
        "kind": str(msg.kind),
        "segments": [_segment(s) for s in segments],
        "message": {
            "id": message_id,
            "ref": msg.message_ref,
            "sender": msg.sender,
            "push_time": msg.push_time.isoformat() if msg.push_time else None,
        },
    }
    if booking is not None:
        data["booking"] = {
            "record_locator": booking.record_locator,
            "created": booking.created.isoformat() if booking.created else None,
            "office": booking.booking_office,
            "paid_cash": booking.paid_cash,
            "one_way": booking.one_way,
            "co_travellers": [
                " ".join((c.given_names, c.surname)).strip() for c in booking.co_travellers(t.ref)
            ],
        }
    birth = t.birth_date.isoformat() if t.birth_date else ""
    identity = f"{t.surname.upper()}|{t.given_names.upper()}|{birth}"
    itinerary = [
        (s.carrier, s.flight_number, s.dep_airport, s.arr_airport, str(s.dep_time)) for s in segments
    ]
    fingerprint = hashlib.sha256(
        json.dumps(
            [identity, sorted(d["number"] for d in documents), itinerary, data.get("booking")],
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()
    return TravellerRecord(
        id=f"{message_id[:40]}:{index}",
        flight_key=flight_key(flight),
        dep_time=flight.dep_time if flight else None,
        record_locator=booking.record_locator if booking else t.record_locator,
        traveller_key=identity,
        fingerprint=fingerprint,
        name=name,
        birth_date=birth,
        nationality=t.nationality,
        data=data,
        masked=masked,
    )


def traveller_records(message_id: str, msg: ParsedMessage, *, masked: bool = False) -> list[TravellerRecord]:
    out: list[TravellerRecord] = []
    for booking in msg.bookings:
        legs = booking.journey()  # once per booking, not a search of the message per traveller
        for t in booking.travellers:
            out.append(_record(message_id, len(out), msg, t, booking, legs, masked))
    for t in msg.passengers:
        out.append(_record(message_id, len(out), msg, t, None, msg.journey(t), masked))
    return out
