"""PAXLST (UN/EDIFACT D.02B/D.05B, WCO/IATA API guidelines) semantics.

Flight group: TDT (flight), LOC 125/92 departure + DTM 189, LOC 87/92 arrival + DTM 232.
Traveller group: NAD FL (passenger) / FM (crew), ATT gender, DTM 329 birth date, LOC 178/179
embark/debark, 22 clearance, 174 residence, 180 birth place, NAT, RFF (AVF locator, SEA seat),
DOC + DTM 36 expiry + LOC 91 issuing country. CNT 41/42 counts crew/passengers.
"""

from __future__ import annotations

from tessera.travel.dates import DateContext, is_digits
from tessera.travel.edifact import RawSegment
from tessera.travel.envelope import Envelope, ParseOptions
from tessera.travel.errors import QuarantineError
from tessera.travel.model import Deviation, Document, ParsedMessage, Segment, Traveller

_CREW = {"FM", "DDT", "COT"}
_PAX = {"FL", "DDU"}
_KNOWN = frozenset(
    {
        "BGM",
        "NAD",
        "COM",
        "TDT",
        "LOC",
        "DTM",
        "ATT",
        "NAT",
        "RFF",
        "DOC",
        "CNT",
        "GEI",
        "FTX",
        "EMP",
        "QTY",
        "MEA",
    }
)


def interpret_paxlst(env: Envelope, msg: ParsedMessage, options: ParseOptions) -> ParsedMessage:
    ctx = DateContext(msg.source, msg.message_ref)
    for body in env.bodies:
        _read_body(body, msg, ctx, options)
    if msg.flights:
        msg.flight = msg.flights[0]
    return msg


def _read_body(body: list[RawSegment], msg: ParsedMessage, ctx: DateContext, options: ParseOptions) -> None:
    leg: Segment | None = None
    trav: Traveller | None = None
    doc: Document | None = None
    locators: dict[int, str] = {}
    counts: dict[str, int] = {"crew": 0, "pax": 0}
    for seg in body:
        tag, q = seg.tag, seg.el(0, 0)
        if tag == "TDT":
            ident = seg.el(1, 0).replace(" ", "")
            carrier = seg.el(4, 0) or ident[:2]
            number = ident[len(carrier) :] if ident.startswith(carrier) else ident
            leg = Segment(
                carrier=carrier,
                flight_number=number,
                dep_airport="",
                arr_airport="",
                operating_carrier=carrier,
            )
            msg.flights.append(leg)
        elif tag == "NAD" and (q in _CREW or q in _PAX):
            trav = Traveller(
                surname=seg.el(3, 0),
                given_names=" ".join(p for p in (seg.el(3, 1), seg.el(3, 2)) if p).strip(),
                passenger_type="CREW" if q in _CREW else "A",
                ref=str(len(msg.passengers) + 1),
            )
            msg.passengers.append(trav)
            counts["crew" if q in _CREW else "pax"] += 1
            doc = None
        elif tag == "LOC":
            code = seg.el(1, 0) or seg.el(1, 3)
            if trav is None and leg is not None:
                if q in ("125", "178") or (q == "92" and not leg.dep_airport):
                    leg.dep_airport = code
                elif q in ("87", "179", "92"):
                    leg.arr_airport = code
            elif trav is not None:
                if q == "91" and doc is not None:
                    doc.issuing_country = code
                elif q == "178":
                    trav.embark = code
                elif q == "179":
                    trav.debark = code
                elif q == "174":
                    trav.residence_country = code
                elif q == "180":
                    trav.birth_place = (
                        ":".join(c for c in seg.elements[1] if c) if len(seg.elements) > 1 else ""
                    )
        elif tag == "DTM":
            value = seg.el(0, 1)
            if trav is None and leg is not None and q in ("189", "232"):
                when = ctx.yymmdd(value, "DTM", seg.position)
                if q == "189":
                    leg.dep_time = when
                else:
                    leg.arr_time = when
            elif trav is not None and q == "329":
                dob = ctx.yymmdd(value, "DTM", seg.position, birth=True)
                trav.birth_date = dob.date() if dob else None
            elif doc is not None and q == "36":
                exp = ctx.yymmdd(value, "DTM", seg.position)
                doc.expiry = exp.date() if exp else None
        elif tag == "ATT" and trav is not None:
            trav.gender = seg.el(2, 0)
        elif tag == "NAT" and trav is not None:
            trav.nationality = seg.el(1, 0)
        elif tag == "RFF" and trav is not None:
            if q == "SEA":
                trav.seat = seg.el(0, 1)
            elif q == "AVF":
                locators[id(trav)] = seg.el(0, 1)
        elif tag == "DOC" and trav is not None:
            doc = Document(doc_type=q, number=seg.el(1, 0), nationality=trav.nationality)
            trav.documents.append(doc)
        elif tag == "CNT":
            _check_count(seg, counts, msg, options)
        elif tag not in _KNOWN:
            msg.deviations.append(Deviation(tag, seg.position, "unknown segment ignored"))
    for t in msg.passengers:
        for d in t.documents:
            d.nationality = d.nationality or t.nationality
        t.record_locator = locators.get(id(t), t.record_locator)


def _check_count(seg: RawSegment, counts: dict[str, int], msg: ParsedMessage, options: ParseOptions) -> None:
    pairs = [(e[0], e[1]) for e in seg.elements if len(e) > 1]
    if not pairs and len(seg.elements) > 1:  # 'CNT+41+8' without component separator
        pairs = [(seg.el(0, 0), seg.el(1, 0))]
    for qual, value in pairs:
        which = {"41": "crew", "42": "pax"}.get(qual)
        if which is None or not is_digits(value):
            continue
        declared, actual = int(value), counts[which]
        if declared == actual:
            continue
        text = f"CNT {qual} declares {declared} {which} but {actual} are present"
        if declared > actual and options.count_mismatch == "quarantine":
            raise QuarantineError(
                "count_mismatch",
                text + "; the list may be truncated",
                source=msg.source,
                message_ref=msg.message_ref,
                segment="CNT",
                position=seg.position,
            )
        msg.deviations.append(Deviation("CNT", seg.position, text))
