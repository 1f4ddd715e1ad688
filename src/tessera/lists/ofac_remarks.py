"""The free-text remarks column of the OFAC SDN list, turned into FtM properties (never raises).

Remarks are ``;``-separated phrases: ``DOB 30 Jul 1957; alt. DOB 1958; POB Jeddah, Saudi Arabia;
nationality Saudi Arabia; Passport A123 (Egypt) issued 01 Jan 2000; a.k.a. 'ABU X'; Linked To: Y.``
Phrases that are recognised become properties; everything stays in ``notes`` anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from followthemoney import model
from followthemoney.types import registry

from tessera.lists.entries import Props, add

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ONE_DATE = re.compile(r"^(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\.?\s+)?(\d{4})$")
_YEAR_SPAN = re.compile(r"^(\d{4})\s*(?:-|to)\s*(\d{4})$")
MAX_YEAR_SPAN = 20

# Identifier labels (lower case) → FtM property. Longer labels are tried first.
ID_LABELS: dict[str, str] = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "official passport": "passportNumber",
    "service passport": "passportNumber",
    "passport no.": "passportNumber",
    "tax id no.": "taxNumber",
    "tax id": "taxNumber",
    "r.f.c.": "taxNumber",
    "rfc": "taxNumber",
    "nit #": "taxNumber",
    "ruc #": "taxNumber",
    "rif #": "taxNumber",
    "c.u.i.t.": "taxNumber",
    "italian fiscal code": "taxNumber",
    "registration number": "registrationNumber",
    "registration id": "registrationNumber",
    "company number": "registrationNumber",
    "folio mercantil no.": "registrationNumber",
    "matricula mercantil no": "registrationNumber",
    "matricula mercantil no.": "registrationNumber",
    "commercial registry number": "registrationNumber",
    "government gazette number": "registrationNumber",
    "c.r. no.": "registrationNumber",
    "business registration number": "registrationNumber",
    "business registration document #": "registrationNumber",
    "trade license no.": "registrationNumber",
    "certificate of incorporation number": "registrationNumber",
    "chamber of commerce number": "registrationNumber",
    "public registration number": "registrationNumber",
    "business number": "registrationNumber",
    "v.a.t. number": "vatCode",
    "d-u-n-s number": "dunsCode",
    "swift/bic": "swiftBic",
    "ssn": "socialSecurityNumber",
    "driver's license no.": "licenseNumber",
    "national id no.": "idNumber",
    "cedula no.": "idNumber",
    "identification number": "idNumber",
    "d.n.i.": "idNumber",
    "c.u.r.p.": "idNumber",
    "personal id card": "idNumber",
    "national foreign id number": "idNumber",
    "electoral registry no.": "idNumber",
    "credencial electoral": "idNumber",
    "residency number": "idNumber",
    "kenyan id no.": "idNumber",
    "nie": "idNumber",
    "birth certificate number": "idNumber",
    "travel document number": "idNumber",
    "refugee id card": "idNumber",
    "id no.": "idNumber",
    "numero de identidad": "idNumber",
    "cartilla de servicio militar nacional": "idNumber",
    "united social credit code certificate (usccc)": "registrationNumber",
    "unified social credit code (uscc)": "registrationNumber",
}
_LABELS = sorted(ID_LABELS, key=len, reverse=True)
_ID_TAIL = re.compile(
    r"^(?P<num>[^()]+?)\s*(?:\((?P<country>[^)]*)\))?\s*,?\s*"
    r"(?:(?:issued|expires|issue date|expire date)\b.*)?$",
    re.IGNORECASE,
)
_GENERIC_ID = re.compile(r"^(?P<label>[A-Z][\w.'/ -]{1,40}?(?:No\.?|Number|#))\s+(?P<rest>[A-Z0-9].*)$")
_QUOTED = re.compile(r"^'(.*)'$|^\"(.*)\"$")

# Plain "Label value" phrases → (property, how to read the value).
SIMPLE: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^POB\s+(.+)$"), "birthPlace", "text"),
    (re.compile(r"^Nationality of Registration\s+(.+)$", re.I), "country", "country"),
    (re.compile(r"^nationality\s+(?:possibly\s+)?(.+)$", re.I), "nationality", "country"),
    (re.compile(r"^citizen\s+(.+)$", re.I), "citizenship", "country"),
    (re.compile(r"^Gender\s+(Male|Female)$", re.I), "gender", "lower"),
    (re.compile(r"^Website\s+(\S+)$", re.I), "website", "text"),
    (re.compile(r"^Email(?: Address)?\s+(\S+@\S+)$", re.I), "email", "text"),
    (re.compile(r"^(?:Phone Number|Telephone|Phone)(?:\s+No\.)?\s+(.+)$", re.I), "phone", "text"),
    (
        re.compile(
            r"^(?:Vessel Registration Identification|Identification Number|Company Number)\s+IMO\s+(\d{7})$"
        ),
        "imoNumber",
        "text",
    ),
    (re.compile(r"^MMSI\s+(\d+)$"), "mmsi", "text"),
    (re.compile(r"^Former Vessel Flag\s+(.+)$"), "pastFlags", "country"),
    (re.compile(r"^Vessel Year of Build\s+(\d{4})$"), "buildDate", "text"),
    (re.compile(r"^Aircraft Manufacturer's Serial Number \(MSN\)\s+(.+)$"), "serialNumber", "text"),
    (re.compile(r"^Aircraft Manufacture Date\s+(.+)$"), "buildDate", "date"),
    (re.compile(r"^Aircraft Model\s+(.+)$"), "model", "text"),
    (re.compile(r"^Aircraft Tail Number\s+(.+)$"), "registrationNumber", "text"),
    (re.compile(r"^Organization Established Date\s+(.+)$"), "incorporationDate", "date"),
    (re.compile(r"^Organization Type:\s+(.+)$"), "sector", "text"),
    (re.compile(r"^Other Vessel Type\s+(.+)$"), "type", "text"),
]


@dataclass
class Remarks:
    """What was recognised in one remarks field."""

    properties: Props = field(default_factory=dict)
    linked_to: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)


def _one_date(text: str) -> str | None:
    m = _ONE_DATE.match(text.strip())
    if not m:
        return None
    day, month, year = m.groups()
    if month is None:
        return year if day is None else None
    if month.lower() not in MONTHS:
        return None
    mm = MONTHS.index(month.lower()) + 1
    if day is None:
        return f"{year}-{mm:02d}"
    try:
        return date(int(year), mm, int(day)).isoformat()
    except ValueError:
        return None


def _years(first: int, last: int) -> list[str]:
    if first > last:
        first, last = last, first
    if last - first > MAX_YEAR_SPAN:
        return [str(first), str(last)]
    return [str(y) for y in range(first, last + 1)]


def parse_date(text: str) -> list[str]:
    """'30 Jul 1957' → ['1957-07-30']; 'Jul 1957' → ['1957-07']; 'circa 1960' → ['1960'];
    '1960 to 1962' → every year; '01 Jan 1989 to 31 Dec 1990' → every year; other spans → both ends.
    Returns [] when the text is not a date."""
    text = re.sub(
        r"^(?:circa|approximately|approx\.|about)\s+", "", text.strip().rstrip(".").strip(), flags=re.I
    )
    span = _YEAR_SPAN.match(text)
    if span:
        return _years(int(span.group(1)), int(span.group(2)))
    if " to " in text:
        start, end = (_one_date(p) for p in text.split(" to ", 1))
        if start is None or end is None:
            return []
        if start.endswith("-01-01") and end.endswith("-12-31"):
            return _years(int(start[:4]), int(end[:4]))
        if len(start) == 4 and len(end) == 4:
            return _years(int(start), int(end))
        return [start] if start == end else [start, end]
    one = _one_date(text)
    return [one] if one else []


NO_COUNTRY = ("undetermined", "none identified", "unknown")


def clean_country(text: str) -> str | None:
    """An FtM country code for a country name or code ('Region: Crimea' → 'ua-cri'); None if unknown."""
    text = text.strip().rstrip(".").strip()
    region = re.sub(r"^Region:\s*", "", text, flags=re.I)
    if region.lower() in NO_COUNTRY:
        return None
    cleaned: str | None = registry.country.clean(region) or registry.country.clean(text)
    return cleaned


def _identifier(seg: str, schema: str) -> tuple[str, str] | None:
    low = seg.lower()
    for label in _LABELS:
        if low.startswith(label + " "):
            prop = ID_LABELS[label]
            rest = seg[len(label) + 1 :]
            break
    else:
        generic = _GENERIC_ID.match(seg)
        if not generic:
            return None
        prop, rest = "idNumber", generic.group("rest")
    m = _ID_TAIL.match(rest.strip().rstrip("."))
    number = (m.group("num") if m else rest).strip().rstrip(",.")
    if not number or not any(c.isdigit() for c in number):
        return None
    target = model.get(schema)
    if target is not None and target.get(prop) is None:
        prop = next((p for p in ("idNumber", "registrationNumber") if target.get(p) is not None), "")
    return (prop, number) if prop else None


def _unquote(text: str) -> str:
    text = text.strip().rstrip(".").strip()
    m = _QUOTED.match(text)
    return (m.group(1) or m.group(2) or "") if m else text.strip("'\"")


def parse_remarks(remarks: str, schema: str = "Person") -> Remarks:
    """FtM properties recognised in an SDN remarks field for an entry of ``schema``. Never raises."""
    out = Remarks()
    props = out.properties
    for raw in remarks.split(";"):
        seg = re.sub(r"^alt\.\s+", "", raw.strip(), flags=re.I).strip()
        if not seg:
            continue
        aka = re.match(r"^([afn])\.k\.a\.\s+(.+)$", seg, re.I)
        if aka:
            kind = aka.group(1).lower()
            prop = {"a": "weakAlias", "f": "previousName", "n": "alias"}[kind]
            add(props, prop, _unquote(aka.group(2)))
            continue
        if seg.upper().startswith("DOB "):
            dates = parse_date(seg[4:])
            for d in dates:
                add(props, "birthDate", d)
            if not dates:
                out.issues.append(f"date of birth not understood: {seg!r}")
            continue
        if seg.lower().startswith("linked to:"):
            add_to = seg.split(":", 1)[1].strip().rstrip(".")
            if add_to:
                out.linked_to.append(add_to)
            continue
        for pattern, prop, how in SIMPLE:
            m = pattern.match(seg.rstrip("."))
            if not m:
                continue
            value = m.group(1).strip()
            if how == "country":
                code = clean_country(value)
                if code is None and value.rstrip(".").lower() not in NO_COUNTRY:
                    out.issues.append(f"{prop}: country not recognised: {value!r}")
                add(props, prop, code)
            elif how == "date":
                for d in parse_date(value):
                    add(props, prop, d)
            elif how == "lower":
                add(props, prop, value.lower())
            else:
                add(props, prop, value)
            if prop == "birthPlace":
                country = clean_country(value.rsplit(",", 1)[-1])
                add(props, "birthCountry", country)
            break
        else:
            ident = _identifier(seg, schema)
            if ident is not None:
                add(props, ident[0], ident[1])
    return out
