"""Interchange envelope (UNB/UNG/UNH ... UNT/UNE/UNZ) shared by PNRGOV and PAXLST."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from tessera.travel.dates import DateContext, is_digits
from tessera.travel.edifact import RawSegment
from tessera.travel.errors import QuarantineError
from tessera.travel.model import Deviation

CountPolicy = Literal["quarantine", "deviation"]


@dataclass
class ParseOptions:
    max_bytes: int = 5_000_000
    # A UNT/UNZ count above the segments present means segments may be missing: quarantine by
    # default. "deviation" accepts such messages (the IATA guide excerpts in the samples carry the
    # count of the full example they were cut from).
    count_mismatch: CountPolicy = "quarantine"


@dataclass
class Envelope:
    sender: str = ""
    recipient: str = ""
    message_ref: str = ""
    message_type: str = ""
    version: str = ""
    push_time: datetime | None = None
    bodies: list[list[RawSegment]] = field(default_factory=list)  # segments between UNH and UNT


def read_envelope(
    segments: list[RawSegment], source: str, options: ParseOptions, deviations: list[Deviation]
) -> Envelope:
    env = Envelope()
    ctx = DateContext(source)
    body: list[RawSegment] | None = None
    unh_pos = 0
    messages = groups = 0
    saw_unz = False

    def mismatch(what: str, declared: int, actual: int, seg: RawSegment) -> None:
        text = f"{what} declares {declared} but {actual} are present"
        if declared > actual and options.count_mismatch == "quarantine":
            raise QuarantineError(
                "count_mismatch",
                text + "; the message may be truncated",
                source=source,
                message_ref=env.message_ref,
                segment=seg.tag,
                position=seg.position,
            )
        deviations.append(Deviation(seg.tag, seg.position, text))

    for idx, seg in enumerate(segments):
        tag = seg.tag
        if tag == "UNB":
            env.sender, env.recipient = seg.el(1), seg.el(2)
            try:
                env.push_time = ctx.yymmdd(seg.el(3) + seg.el(3, 1), "UNB", seg.position)
            except QuarantineError:
                deviations.append(
                    Deviation("UNB", seg.position, f"unreadable preparation time {seg.el(3)!r}")
                )
        elif tag == "UNG":
            groups += 1
        elif tag == "UNH":
            if body is not None:
                raise QuarantineError(
                    "truncated",
                    "UNH before the previous message's UNT",
                    source=source,
                    message_ref=env.message_ref,
                    segment="UNH",
                    position=seg.position,
                )
            messages += 1
            env.message_ref = env.message_ref or seg.el(0)
            env.message_type = seg.el(1, 0)
            env.version = ".".join(p for p in (seg.el(1, 1), seg.el(1, 2)) if p)
            body, unh_pos = [], idx
        elif tag == "UNT":
            if body is None:
                raise QuarantineError(
                    "bad_segment", "UNT without UNH", source=source, segment="UNT", position=seg.position
                )
            declared = seg.el(0).strip()
            if not is_digits(declared):
                deviations.append(Deviation("UNT", seg.position, f"UNT count {declared!r} is not a number"))
            elif int(declared) != idx - unh_pos + 1:
                mismatch("UNT segment count", int(declared), idx - unh_pos + 1, seg)
            ref = seg.el(1).replace(" ", "")
            if ref and ref != segments[unh_pos].el(0):
                deviations.append(
                    Deviation("UNT", seg.position, f"UNT reference {seg.el(1)!r} differs from UNH")
                )
            env.bodies.append(body)
            body = None
        elif tag == "UNZ":
            saw_unz = True
            declared = seg.el(0).strip()
            actual = groups or messages
            if is_digits(declared) and int(declared) != actual:
                mismatch("UNZ message/group count", int(declared), actual, seg)
        elif tag in ("UNA", "UNE"):
            continue
        elif body is not None:
            body.append(seg)
        else:
            deviations.append(Deviation(tag, seg.position, "segment outside UNH/UNT ignored"))
    last = segments[-1] if segments else None
    if body is not None:
        raise QuarantineError(
            "truncated",
            "message ends without UNT",
            source=source,
            message_ref=env.message_ref,
            segment=last.tag if last else None,
            position=last.position if last else None,
        )
    if not env.bodies:
        raise QuarantineError(
            "truncated",
            "no UNH/UNT message in the interchange",
            source=source,
            segment=last.tag if last else None,
            position=last.position if last else None,
        )
    if not saw_unz:
        raise QuarantineError(
            "truncated",
            "interchange ends without UNZ",
            source=source,
            message_ref=env.message_ref,
            segment=last.tag if last else None,
            position=last.position if last else None,
        )
    return env
