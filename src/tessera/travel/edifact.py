"""EDIFACT syntax layer: UNA service characters, release characters, segment splitting.

pydifact's ``Characters`` models the UNA service string advice; its tokenizer is not used
because it walks the text one character at a time (about 2.6 ms for a 2 kB PNRGOV message),
emits warnings for segments PNRGOV uses legitimately (empty ``SRC``) and rejects line-wrapped
input that airlines send. This module splits with ``str.split`` when the text has no release
character and falls back to a small scanner when it does, keeping the release pairs until the
innermost level so that released separators survive every split.

Lenient where the meaning is clear (each recorded as a ``Deviation``): line breaks inside data
are wraps and removed, a UNA terminator the body does not use falls back to ``'``, a 5-character
UNA gets the default decimal mark, typographic apostrophes before a segment tag end the segment,
an unterminated UNZ on the last line is read and text after it ignored. A release character that
escapes a terminator before a known tag, a dangling release character or unreadable tags quarantine.
tests/travel/test_travel_pydifact.py checks the split against pydifact's tokenizer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydifact.control.characters import Characters

from tessera.travel.errors import QuarantineError
from tessera.travel.model import Deviation

# Tags of the service, PNRGOV and PAXLST segments: a released terminator followed by one of these
# means the sender released the terminator by mistake and two segments would merge.
KNOWN_TAGS = "|".join(
    sorted(
        {
            "UNA",
            "UNB",
            "UNG",
            "UNH",
            "UNT",
            "UNE",
            "UNZ",
            "MSG",
            "ORG",
            "TVL",
            "EQN",
            "SRC",
            "RCI",
            "SSR",
            "DAT",
            "IFT",
            "TIF",
            "FTI",
            "ADD",
            "TXD",
            "FOP",
            "TKT",
            "MON",
            "PTK",
            "EBD",
            "SSD",
            "ABI",
            "LTS",
            "REF",
            "FAR",
            "APD",
            "RPI",
            "SAC",
            "TRI",
            "TBD",
            "BGM",
            "NAD",
            "ATT",
            "DTM",
            "LOC",
            "NAT",
            "RFF",
            "DOC",
            "TDT",
            "CNT",
            "COM",
            "GEI",
            "FTX",
            "EMP",
            "QTY",
            "MEA",
        }
    )
)
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")
_UNA_BODY = re.compile(r"UNA(.{4,7}?)\s*UN[BG]", re.S)


@dataclass
class RawSegment:
    tag: str
    elements: list[list[str]]  # elements of components, release characters removed
    position: int  # 1-based index in the interchange

    def el(self, i: int, j: int = 0) -> str:
        """Component ``j`` of element ``i`` (0 = first element after the tag), or ''."""
        if i < len(self.elements) and j < len(self.elements[i]):
            return self.elements[i][j]
        return ""


@lru_cache(maxsize=64)
def _separator(sep: str, rel: str) -> re.Pattern[str]:
    # A release character takes the character after it out of the syntax (?' is an apostrophe).
    return re.compile(re.escape(rel) + "(?s:.)|" + re.escape(sep))


def _split(text: str, sep: str, rel: str) -> list[str]:
    if not rel or rel not in text:
        return text.split(sep)
    out: list[str] = []
    start = 0
    for m in _separator(sep, rel).finditer(text):  # scanned in C, not character by character
        if m.group() == sep:
            out.append(text[start : m.start()])
            start = m.end()
    out.append(text[start:])
    return out


def _unescape(text: str, rel: str) -> str:
    if not rel or rel not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == rel and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def read_una(text: str, source: str, deviations: list[Deviation]) -> tuple[Characters, str]:
    """Service characters and the text after the UNA (or the whole text without one)."""
    chars = Characters.from_str("UNA:+.? '")
    stripped = text.lstrip()
    if not stripped.startswith("UNA"):
        return chars, stripped
    m = _UNA_BODY.match(stripped)
    if m is None:
        raise QuarantineError(
            "bad_una",
            "UNA service string advice is not followed by UNB/UNG; fix the header",
            source=source,
            segment="UNA",
            position=0,
        )
    body = m.group(1)
    rest = stripped[m.end(1) :]
    if len(body) == 6:
        chars = Characters.from_str("UNA" + body)
    elif len(body) == 5:
        # Seen in Amadeus pushes: 'UNA:+\*'' without decimal mark. Read as component, element,
        # release, reserved, terminator.
        chars = Characters.from_str(f"UNA{body[0]}{body[1]}.{body[2]}{body[3]}{body[4]}")
        deviations.append(
            Deviation("UNA", 0, f"UNA has 5 service characters {body!r}; decimal mark assumed '.'")
        )
    else:
        raise QuarantineError(
            "bad_una",
            f"UNA must declare 6 service characters, found {body!r}",
            source=source,
            segment="UNA",
            position=0,
        )
    term = chars.segment_terminator
    if term not in rest and "'" in rest:
        deviations.append(Deviation("UNA", 0, f'UNA declares terminator {term!r} but the message uses "\'"'))
        chars.segment_terminator = "'"
    if len({chars.component_separator, chars.data_separator, chars.segment_terminator}) < 3:
        raise QuarantineError(
            "bad_una", f"UNA separators are not distinct: {body!r}", source=source, segment="UNA", position=0
        )
    if chars.escape_character in (chars.component_separator, chars.data_separator, chars.segment_terminator):
        raise QuarantineError(
            "bad_release",
            f"release character {chars.escape_character!r} equals a separator",
            source=source,
            segment="UNA",
            position=0,
        )
    return chars, rest


def split_segments(
    text: str, source: str, deviations: list[Deviation]
) -> tuple[Characters, list[RawSegment]]:
    """Split an interchange into segments; raise ``QuarantineError`` when it cannot be read."""
    chars, body = read_una(text, source, deviations)
    term, dsep, csep = chars.segment_terminator, chars.data_separator, chars.component_separator
    rel = chars.escape_character if chars.escape_character.strip() else ""
    # The text after the last terminator, line breaks kept: an unterminated UNZ is its first line.
    raw_tail = body.rstrip().rsplit(term, 1)[-1].strip() if term in body else ""
    unz_line, _, after_unz = raw_tail.partition("\n")
    if term not in "\r\n":
        body = body.replace("\r", "").replace("\n", "")
    if term == "'" and "\u2019" in body:
        # Guides pasted through word processors: a typographic apostrophe ends a segment when a
        # segment tag follows (or the text ends); elsewhere (O’NEIL) it is data.
        body, n = re.subn(f"\u2019(?=\\s*(?:(?:{KNOWN_TAGS})[{re.escape(dsep + term)}]|$))", term, body)
        if n:
            deviations.append(Deviation("", 0, f"{n} typographic apostrophe(s) read as segment terminator"))
    if rel:
        merged = f"(?<!{re.escape(rel)}){re.escape(rel + term)}({KNOWN_TAGS})[{re.escape(dsep + term)}]"
        bad = re.search(merged, body)
        if bad is not None:
            raise QuarantineError(
                "bad_release",
                f"release character {rel!r} escapes the segment terminator before "
                f"{body[bad.start() + 2 : bad.start() + 5]!r}; segments would merge",
                source=source,
                segment=body[bad.start() + 2 : bad.start() + 5],
                position=body.count(term, 0, bad.start()) + 1,
            )
    pieces = _split(body, term, rel)
    tail = pieces.pop().strip()
    segments: list[RawSegment] = []
    for pos, piece in enumerate(pieces, start=1):
        piece = piece.strip()
        if not piece:
            continue
        if rel and piece.endswith(rel) and not piece.endswith(rel + rel):
            raise QuarantineError(
                "bad_release",
                "segment ends in a dangling release character",
                source=source,
                segment=piece[:3],
                position=pos,
            )
        parts = _split(piece, dsep, rel)
        tag = parts[0].strip()
        if tag != parts[0]:
            deviations.append(Deviation(tag, pos, f"whitespace around segment tag {parts[0]!r}"))
        if not _TAG.fullmatch(tag):
            raise QuarantineError(
                "bad_segment",
                f"unreadable segment tag {parts[0][:20]!r}",
                source=source,
                segment=parts[0][:10],
                position=pos,
            )
        if rel and rel in piece:
            elements = [[_unescape(c, rel) for c in _split(p, csep, rel)] for p in parts[1:]]
        else:  # the usual case: no release character, plain splits in C
            elements = [p.split(csep) for p in parts[1:]]
        segments.append(RawSegment(tag, elements, pos))
    if tail:
        if segments and segments[-1].tag == "UNZ":
            deviations.append(Deviation("UNZ", len(pieces) + 1, f"text after UNZ ignored: {tail[:40]!r}"))
        elif tail.startswith("UNZ") and (
            len(tail) < 40 or (unz_line.startswith("UNZ") and len(unz_line) < 40)
        ):
            deviations.append(Deviation("UNZ", len(pieces) + 1, "UNZ without segment terminator"))
            if len(tail) >= 40:
                unz_line = unz_line.strip()
                ignored = after_unz.strip()
                deviations.append(
                    Deviation("UNZ", len(pieces) + 1, f"text after UNZ ignored: {ignored[:40]!r}")
                )
                tail = unz_line
            parts = _split(tail, dsep, rel)
            segments.append(
                RawSegment(
                    "UNZ",
                    [[_unescape(c, rel) for c in _split(p, csep, rel)] for p in parts[1:]],
                    len(pieces) + 1,
                )
            )
        else:
            raise QuarantineError(
                "truncated",
                f"text after the last segment terminator: {tail[:40]!r}",
                source=source,
                segment=tail[:3],
                position=len(pieces) + 1,
            )
    return chars, segments
