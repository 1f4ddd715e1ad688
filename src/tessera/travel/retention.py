"""Retention under EU PNR directive 2016/681 art. 12 (pure functions, no storage).

* ``active``: under 6 months since the data were received.
* ``depersonalised``: from 6 months to 5 years; data elements that could identify the data
  subject are masked (art. 12(2)): names (incl. co-travellers and infants), address and contact
  information, payment details, frequent-flyer information, free text, identifying API data
  (documents, birth date, seat, baggage). Route, dates, nationality and gender stay for analysis.
* ``delete``: 5 years or more (art. 12(4)).
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Literal

from tessera.travel.model import Contacts, ParsedMessage, Traveller

Stage = Literal["active", "depersonalised", "delete"]
MASK = "***"
# Deviation messages quote what the sender wrote ("ADD telephone 'SL1AA' ..."): quotes are masked.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _add_months(d: datetime, months: int) -> datetime:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = d.day
    while True:
        try:
            return d.replace(year=year, month=month, day=day)
        except ValueError:  # 31st of a shorter month, 29 February
            day -= 1


def retention_stage(received_at: datetime, now: datetime) -> Stage:
    if now >= _add_months(received_at, 60):
        return "delete"
    if now >= _add_months(received_at, 6):
        return "depersonalised"
    return "active"


def _mask_traveller(t: Traveller, where: str, masked: list[str]) -> None:
    t.surname, t.given_names = MASK, MASK
    masked += [f"{where}.surname", f"{where}.given_names"]
    if t.birth_date is not None:
        t.birth_date = None
        masked.append(f"{where}.birth_date")
    for i, d in enumerate(t.documents):
        d.number = MASK
        d.expiry = None
        masked.append(f"{where}.documents[{i}].number")
    for name in ("frequent_flyer", "addresses", "baggage"):
        if getattr(t, name):
            setattr(t, name, [MASK] * len(getattr(t, name)))
            masked.append(f"{where}.{name}")
    for name in ("seat", "birth_place", "record_locator", "residence_country"):
        if getattr(t, name):
            setattr(t, name, MASK)
            masked.append(f"{where}.{name}")


def depersonalise(message: ParsedMessage) -> tuple[ParsedMessage, list[str]]:
    """A masked deep copy of ``message`` and the paths of the fields that were masked."""
    out = copy.deepcopy(message)
    masked: list[str] = []
    for bi, b in enumerate(out.bookings):
        where = f"bookings[{bi}]"
        for ti, t in enumerate(b.travellers):
            _mask_traveller(t, f"{where}.travellers[{ti}]", masked)
        c = b.contacts
        if c.phones or c.emails or c.addresses:
            masked.append(f"{where}.contacts")
        b.contacts = Contacts(
            phones=[MASK] * len(c.phones), emails=[MASK] * len(c.emails), addresses=[MASK] * len(c.addresses)
        )
        for pi, p in enumerate(b.payments):
            if p.card_number or p.card_vendor or p.amount:
                p.card_number, p.card_vendor, p.amount = MASK, MASK, MASK
                masked.append(f"{where}.payments[{pi}]")
        if b.free_text:
            b.free_text = [MASK] * len(b.free_text)
            masked.append(f"{where}.free_text")
        for ki, k in enumerate(b.tickets):
            k.number = MASK
            masked.append(f"{where}.tickets[{ki}].number")
        if b.seats:
            for a in b.seats:
                a.seat = MASK
            masked.append(f"{where}.seats")
        if b.booking_office:
            b.booking_office = MASK
            masked.append(f"{where}.booking_office")
    for pi, t in enumerate(out.passengers):
        _mask_traveller(t, f"passengers[{pi}]", masked)
    for di, d in enumerate(out.deviations):
        text = _QUOTED.sub(f"'{MASK}'", d.message)
        if text != d.message:
            d.message = text
            masked.append(f"deviations[{di}].message")
    return out, masked
