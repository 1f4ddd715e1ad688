"""Validation of bank identifiers: IBAN (ISO 13616, mod-97), BIC (ISO 9362), ISO 4217 currency shape."""

from __future__ import annotations

import re

_BIC = re.compile(r"^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
_CCY = re.compile(r"^[A-Z]{3}$")

# ISO 13616 registry lengths for common countries; others are checked by pattern and checksum only.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IT": 27, "LT": 20, "LU": 20, "LV": 21, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "TR": 26, "UA": 29,
}  # fmt: skip


def compact(value: str) -> str:
    return "".join(value.split()).upper()


def bic_problem(value: str) -> str | None:
    """None when ``value`` is a well-formed ISO 9362 BIC, else what is wrong and how to fix it."""
    bic = value.strip().upper()
    if len(bic) not in (8, 11):
        return f"BIC {value!r} has {len(bic)} characters; ISO 9362 BICs have 8 or 11 (e.g. AAAADEFF)"
    if not _BIC.match(bic):
        return (
            f"BIC {value!r} does not match ISO 9362 (4 party chars, 2-letter country, 2 location chars,"
            " optional 3 branch chars)"
        )
    return None


def is_bic(value: str) -> bool:
    return bic_problem(value) is None


def bic_country(value: str) -> str | None:
    bic = value.strip().upper()
    return bic[4:6] if len(bic) >= 6 and bic[4:6].isalpha() else None


def iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def iban_problem(value: str) -> str | None:
    """None when ``value`` is a valid IBAN (pattern, national length, mod-97), else the problem."""
    iban = compact(value)
    if not _IBAN.match(iban):
        return f"IBAN {value!r} is not country code + 2 check digits + 11-30 alphanumerics"
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return f"IBAN {value!r} has {len(iban)} characters; {iban[:2]} IBANs have {expected}"
    if not iban_checksum_ok(iban):
        return f"IBAN {value!r} fails the ISO 13616 mod-97 checksum; check for a mistyped digit"
    return None


def is_iban(value: str) -> bool:
    return iban_problem(value) is None


def make_iban(country: str, bban: str) -> str:
    """Build an IBAN with correct check digits (used by tests and the synthetic generator)."""
    base = bban.upper() + country.upper() + "00"
    check = 98 - int("".join(str(int(ch, 36)) for ch in base)) % 97
    return f"{country.upper()}{check:02d}{bban.upper()}"


def is_currency(value: str) -> bool:
    return bool(_CCY.match(value))
