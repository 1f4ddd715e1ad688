"""IBAN (ISO 13616 mod-97) and BIC (ISO 9362) validation."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.finance.codes import bic_country, bic_problem, iban_problem, is_bic, is_iban, make_iban


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "GB29NWBK60161331926819",
        "NL91ABNA0417164300",
        "FR14 2004 1010 0505 0001 3M02 606",
    ],
)
def test_valid_ibans(iban: str) -> None:
    assert is_iban(iban)
    assert iban_problem(iban) is None


@pytest.mark.parametrize(
    ("iban", "fragment"),
    [
        ("DE89370400440532013001", "mod-97"),  # last digit changed
        ("DE98370400440532013000", "mod-97"),  # check digits transposed
        ("DE8937040044053201300", "DE IBANs have 22"),
        ("D189370400440532013000", "country code"),
        ("", "country code"),
    ],
)
def test_invalid_ibans_say_why(iban: str, fragment: str) -> None:
    problem = iban_problem(iban)
    assert problem is not None and fragment in problem


@given(
    st.sampled_from(["XK", "QA", "BR", "ZZ"]),
    st.text(alphabet=string.digits + string.ascii_uppercase, min_size=12, max_size=28),
)
def test_make_iban_always_passes_checksum_and_single_digit_change_fails(country: str, bban: str) -> None:
    iban = make_iban(country, bban)
    assert is_iban(iban)
    digits = [i for i, ch in enumerate(iban) if ch.isdigit() and i >= 4]
    if digits:
        i = digits[0]
        changed = iban[:i] + str((int(iban[i]) + 1) % 10) + iban[i + 1 :]
        assert not is_iban(changed)  # mod-97 catches every single-digit error


@pytest.mark.parametrize("bic", ["DEUTDEFF", "DEUTDEFF500", "ZZZZGB2LXXX", "AB12FR2A"])
def test_valid_bics(bic: str) -> None:
    assert is_bic(bic)


@pytest.mark.parametrize(
    ("bic", "fragment"),
    [("DEUTDE", "8 or 11"), ("DEUTDEFF50", "8 or 11"), ("DEUT1EFF", "ISO 9362"), ("DEUT-EFF", "ISO 9362")],
)
def test_invalid_bics(bic: str, fragment: str) -> None:
    problem = bic_problem(bic)
    assert problem is not None and fragment in problem


def test_bic_country() -> None:
    assert bic_country("ZZZZGB2LXXX") == "GB"
    assert bic_country("AB") is None
