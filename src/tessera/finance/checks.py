"""Shared field checks for the payment parsers; each records an ErrorDetail instead of raising."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from tessera.errors import ErrorDetail
from tessera.finance.codes import bic_problem, compact, iban_problem, is_currency

_ISO_AMOUNT = re.compile(r"^[0-9]{1,18}(\.[0-9]{1,5})?$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_IBAN_LIKE = re.compile(r"^[A-Z]{2}[0-9]{2}")


class Problems:
    """Collects every problem found in one message so they can be raised together."""

    def __init__(self) -> None:
        self.items: list[ErrorDetail] = []
        self.lines: list[int | None] = []

    def add(self, location: str, line: int | None, message: str) -> None:
        where = f"{location} (line {line})" if line is not None else location
        self.items.append(ErrorDetail(where, message))
        self.lines.append(line)

    @property
    def first_line(self) -> int | None:
        return next((line for line in self.lines if line is not None), None)

    def __bool__(self) -> bool:
        return bool(self.items)

    def bic(self, value: str | None, location: str, line: int | None) -> str | None:
        if value is None:
            return None
        problem = bic_problem(value)
        if problem:
            self.add(location, line, problem)
            return None
        bic = value.strip().upper()
        return bic[:8] if bic.endswith("XXX") else bic

    def account(self, value: str | None, location: str, line: int | None, *, strict: bool) -> str | None:
        """An IBAN is checked by mod-97 when ``strict`` or when the value looks like an IBAN."""
        if value is None:
            return None
        cleaned = compact(value)
        if strict or (_IBAN_LIKE.match(cleaned) and len(cleaned) >= 15 and cleaned.isalnum()):
            problem = iban_problem(cleaned)
            if problem:
                self.add(location, line, problem)
                return value.strip()
        return cleaned if strict else value.strip()

    def currency(self, value: str | None, location: str, line: int | None) -> str:
        if value is None or not is_currency(value):
            self.add(location, line, f"currency {value!r} is not a 3-letter ISO 4217 code (e.g. EUR)")
            return ""
        return value

    def iso_amount(self, value: str | None, location: str, line: int | None) -> Decimal:
        if value is None or not _ISO_AMOUNT.match(value):
            self.add(location, line, f"amount {value!r} is not a decimal like 1234.50 (max 5 decimals)")
            return Decimal(0)
        amount = Decimal(value)
        if amount <= 0:
            self.add(location, line, f"amount {value!r} must be greater than zero")
        return amount

    def iso_date(self, value: str | None, location: str, line: int | None) -> date | None:
        if value is None:
            return None
        if _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(location, line, f"date {value!r} is not a valid ISO date YYYY-MM-DD")
        return None


def mt_amount(value: str) -> Decimal | None:
    """SWIFT amount: digits with a mandatory decimal comma, at most 15 characters (e.g. 1234,5)."""
    if not re.fullmatch(r"[0-9]{1,14},[0-9]*", value) or len(value) > 15:
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
