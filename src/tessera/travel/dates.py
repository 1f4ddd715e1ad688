"""Date helpers for EDIFACT travel messages; every failure is a ``QuarantineError`` (bad_date)."""

from __future__ import annotations

from datetime import date, datetime

from tessera.travel.errors import QuarantineError

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1
    )
}


def is_digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` also accepts superscripts and other scripts)."""
    return text.isascii() and text.isdigit()


class DateContext:
    """Where a date was read, so a bad one can be reported precisely."""

    def __init__(self, source: str, message_ref: str = "") -> None:
        self.source = source
        self.message_ref = message_ref

    def fail(self, text: str, segment: str, position: int) -> QuarantineError:
        return QuarantineError(
            "bad_date",
            f"cannot read date/time {text!r}",
            source=self.source,
            message_ref=self.message_ref,
            segment=segment,
            position=position,
        )

    def ddmmyy(self, text: str, hhmm: str, segment: str, position: int) -> datetime | None:
        """``DDMMYY`` plus optional ``HHMM`` (PNRGOV TVL/DAT/RCI)."""
        if not text:
            return None
        bad_time = bool(hhmm) and (len(hhmm) not in (4, 6) or not is_digits(hhmm))
        if len(text) != 6 or not is_digits(text) or bad_time:
            raise self.fail(f"{text}:{hhmm}", segment, position)
        try:
            return datetime(
                2000 + int(text[4:]),
                int(text[2:4]),
                int(text[:2]),
                int(hhmm[:2]) if hhmm else 0,
                int(hhmm[2:4]) if hhmm else 0,
                int(hhmm[4:6] or 0),
            )
        except ValueError:
            raise self.fail(f"{text}:{hhmm}", segment, position) from None

    def yymmdd(
        self, text: str, segment: str, position: int, *, birth: bool = False, today: date | None = None
    ) -> datetime | None:
        """``YYMMDD`` or ``YYMMDDHHMM`` (PAXLST DTM); birth dates pivot on today."""
        if not text:
            return None
        if len(text) not in (6, 8, 10, 12) or not is_digits(text):
            raise self.fail(text, segment, position)
        if len(text) in (8, 12):  # CCYYMMDD[HHMM]
            year, rest = int(text[:4]), text[4:]
        else:
            year, rest = _pivot(int(text[:2]), birth, today), text[2:]
        try:
            return datetime(year, int(rest[:2]), int(rest[2:4]), int(rest[4:6] or 0), int(rest[6:8] or 0))
        except ValueError:
            raise self.fail(text, segment, position) from None

    def ddmonyy(
        self, text: str, segment: str, position: int, *, birth: bool = False, today: date | None = None
    ) -> date | None:
        """``12JUL64`` as used in SSR DOCS."""
        text = text.strip().replace(" ", "")
        if not text:
            return None
        month = _MONTHS.get(text[2:5].upper())
        if len(text) not in (7, 9) or month is None or not (is_digits(text[:2]) and is_digits(text[5:])):
            raise self.fail(text, segment, position)
        year = int(text[5:]) if len(text) == 9 else _pivot(int(text[5:]), birth, today)
        try:
            return date(year, month, int(text[:2]))
        except ValueError:
            raise self.fail(text, segment, position) from None


def _pivot(yy: int, birth: bool, today: date | None) -> int:
    if not birth:
        return 2000 + yy
    current = (today or date.today()).year % 100
    return 1900 + yy if yy > current else 2000 + yy


def format_ddmonyy(d: date) -> str:
    return f"{d.day:02d}{list(_MONTHS)[d.month - 1]}{d.year % 100:02d}"
