"""SWIFT MT103 samples: 50K/50F/50A, 59/59F/59A, CRLF, bare block 4, header BICs, validation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tessera.finance import PaymentParseError, parse_payment
from tessera.finance.mt103 import parse_mt103

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_50k_with_crlf_line_endings() -> None:
    raw = load("mt103_50k_crlf.txt")
    assert b"\r\n" in raw
    [p] = parse_payment(raw, source="k.txt")
    assert (p.kind, p.message_id, p.amount, p.currency) == (
        "MT103",
        "SYNTHREF001",
        Decimal("12500.50"),
        "EUR",
    )
    assert p.execution_date == date(2026, 11, 3)
    assert p.uetr == "2f1a9d2c-3b4e-4f5a-8b6c-7d8e9f0a1b2c"
    debtor = p.party("debtor")[0]
    assert debtor.name == "ANSELM Q VARROWBY" and debtor.address_lines == ["LINDENWEG 12", "10115 BERLIN"]
    assert debtor.iban == "DE89370400440532013000"
    assert p.party("debtor_agent")[0].bic == "ZZZZDEFF" and p.party("debtor_agent")[0].source_field == "52A"
    assert p.party("intermediary_agent")[0].bic == "ZZZZGB2L"
    creditor = p.party("creditor")[0]
    assert creditor.name == "SOCIETE MARBELLE SARL" and creditor.account == "FR1420041010050500013M02606"
    assert p.remittance_info == ["INVOICE 2026-118", "CONSULTING"]
    assert p.sender_info == ["/INS/ZZZZGB2L"] and p.charges == "SHA"
    assert all("\r" not in line for party in p.parties for line in party.address_lines)


def test_50f_and_59f_structured_parties() -> None:
    [p] = parse_payment(load("mt103_50f_59f.txt"), source="f.txt")
    debtor = p.party("debtor")[0]
    assert debtor.name == "PENHALLOW, ORLA MAEVE"  # repeated 1/ lines joined
    assert debtor.account == "NL91ABNA0417164300"
    assert (debtor.country, debtor.town) == ("NL", "AMSTERDAM")
    assert (debtor.birth_date, debtor.birth_country, debtor.birth_place) == ("1985-02-14", "IE", "CORK")
    assert [(i.scheme, i.country, i.issuer, i.value) for i in debtor.identifiers] == [
        ("CUST", "NL", "ZZZZNL2A", "CUST998877"),
        ("NIDN", "NL", None, "NID44556677"),
    ]
    query = next(q for q in p.screening_queries() if q.role == "debtor").entity
    assert query["schema"] == "Person" and query["properties"]["birthDate"] == ["1985-02-14"]
    creditor = p.party("creditor")[0]
    assert (creditor.name, creditor.country, creditor.source_field) == ("TAMSIN GREAVES", "BE", "59F")
    # no 52a/57a: the header sender and receiver are the agents
    assert p.party("debtor_agent")[0].bic == "XXXXNL2A"
    assert p.party("creditor_agent")[0].bic == "WWWWBEBB"
    assert p.amount == Decimal("980")


def test_50f_party_identifier_line() -> None:
    [p] = parse_payment(load("mt103_50f_passport.txt"), source="pp.txt")
    debtor = p.party("debtor")[0]
    assert [(i.scheme, i.country, i.value) for i in debtor.identifiers] == [("CCPT", "GB", "K1234567")]
    assert debtor.account is None and debtor.birth_date == "1966-01-01"


def test_bare_block4_with_options_a() -> None:
    [p] = parse_payment(load("mt103_50a_59a_bare.txt"), source="bare.txt")
    assert p.amount == Decimal("1000000") and p.currency == "CHF"
    debtor, creditor = p.party("debtor")[0], p.party("creditor")[0]
    assert (debtor.bic, debtor.account, debtor.name) == ("VVVVGB22", "GB29NWBK60161331926819", None)
    assert (creditor.bic, creditor.account) == ("UUUUITMM", "IT60X0542811101000000123456")
    agent = p.party("debtor_agent")[0]
    assert (agent.name, agent.address_lines, agent.source_field) == (
        "VELLAN TRUST BANK",
        ["1 HARBOUR ROAD"],
        "52D",
    )
    assert ("debtor", "VVVVGB22") in p.screening_bics()


def test_bad_message_collects_all_problems_with_lines() -> None:
    with pytest.raises(PaymentParseError) as info:
        parse_payment(load("mt103_bad.txt"), source="bad.txt")
    found = {(d.location, d.message.split(" ")[0]) for d in info.value.details}
    locations = {loc for loc, _ in found}
    assert ":71A: (line 1)" in locations  # missing mandatory field, reported at block 4
    assert ":32A: (line 4)" in locations
    assert ":50K: (line 5)" in locations  # IBAN checksum
    assert ":57A: (line 7)" in locations  # bad BIC
    messages = " | ".join(d.message for d in info.value.details)
    assert (
        "YYMMDD" in messages
        and "decimal comma" in messages
        and "mod-97" in messages
        and "ISO 9362" in messages
    )
    assert "SYNTHREF005" in info.value.message


def test_several_messages_in_one_file() -> None:
    text = load("mt103_50f_59f.txt").decode() + "\n" + load("mt103_50f_passport.txt").decode()
    payments = parse_mt103(text, source="batch.txt")
    assert [p.message_id for p in payments] == ["SYNTHREF002", "SYNTHREF004"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{1:F01ZZZZDEFFAXXX0000000000}{2:I202YYYYFRPPXXXXN}{4:\n:20:X\n-}", "MT202, not MT103"),
        ("{1:F01ZZZZDEFFAXXX0000000000}{4:\n:20:X\n", "not terminated"),
        ("{1:F01ZZZZDEFFAXXX0000000000}{2:I103YYYYFRPPXXXXN}", "no text block"),
        ("{1:F01ZZZZDEFFAXXX0000000000}{3:{108:X}", "no closing"),
        ("{1:F01ZZZZDEFFAXXX0000000000}junk", "between blocks"),
    ],
)
def test_structural_errors(text: str, fragment: str) -> None:
    with pytest.raises(PaymentParseError, match=fragment):
        parse_payment(text, source="s.txt")


def test_field_level_rules() -> None:
    body = ":20:/BADREF\n:23B:XXXX\n:32A:261103EUR0,\n:50K:A\n:59F:\n1/NOPE\n3/Germany\n:59:B\n:71A:ALL\n-"
    with pytest.raises(PaymentParseError) as info:
        parse_payment(body, source="rules.txt")
    text = " | ".join(f"{d.location} {d.message}" for d in info.value.details)
    for fragment in (
        ":20:",
        "CRED",
        "greater than zero",
        "3/ must start",
        "only one option",
        "BEN, OUR or SHA",
    ):
        assert fragment in text
