"""ISO 20022 pacs.008 samples: versions, several transactions, parties, validation, unsafe XML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tessera.errors import ParseError
from tessera.finance import PaymentParseError, parse_payment
from tessera.finance.pacs008 import parse_pacs008

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_v08_two_transactions_become_two_payments() -> None:
    payments = parse_payment(load("pacs008_v08_two_tx.xml"), source="two.xml")
    assert [p.transaction_ref for p in payments] == ["TX-0001", "E2E-0002"]
    first, second = payments
    assert first.kind == "pacs.008" and first.message_id == "SYNTH-MSG-0001"
    assert (first.amount, first.currency, first.execution_date) == (
        Decimal("12500.50"),
        "EUR",
        date(2026, 11, 3),
    )
    assert first.uetr == "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    assert first.remittance_info == ["Invoice 2026-118 consulting"]
    roles = [p.role for p in first.parties]
    assert roles == [
        "ultimate_debtor", "initiating_party", "debtor", "creditor", "ultimate_creditor",
        "debtor_agent", "creditor_agent", "intermediary_agent",
    ]  # fmt: skip
    debtor = first.party("debtor")[0]
    assert debtor.name == "Anselm Q. Varrowby"
    assert (
        debtor.birth_date == "1971-04-23" and debtor.birth_place == "Hamburg" and debtor.birth_country == "DE"
    )
    assert debtor.account == "DE89370400440532013000" and debtor.iban == "DE89370400440532013000"
    assert debtor.address_lines == ["Lindenweg 12", "10115 Berlin"] and debtor.country == "DE"
    assert [(i.scheme, i.value, i.issuer) for i in debtor.identifiers] == [("NIDN", "C01X00T47", "DE")]
    creditor = first.party("creditor")[0]
    assert creditor.is_organisation is True
    assert creditor.account == "FR1420041010050500013M02606"  # spaces removed
    assert {(i.scheme, i.value) for i in creditor.identifiers} == {
        ("BIC", "MRBLFRP1"),
        ("TXID", "FR123456789"),
    }
    assert first.party("intermediary_agent")[0].bic == "ZZZZGB2L"  # XXX branch normalised
    assert first.party("ultimate_debtor")[0].identifiers[0].scheme == "LEI"
    assert second.amount == Decimal("99.00") and second.party("creditor")[0].name == "Tamsin Greaves"


def test_screening_queries_are_ftm_shaped() -> None:
    payment = parse_payment(load("pacs008_v08_two_tx.xml"), source="two.xml")[0]
    queries = {q.role: q for q in payment.screening_queries()}
    debtor = queries["debtor"].entity
    assert debtor["schema"] == "Person"
    assert debtor["properties"]["name"] == ["Anselm Q. Varrowby"]
    assert debtor["properties"]["birthDate"] == ["1971-04-23"]
    assert debtor["properties"]["idNumber"] == ["C01X00T47"]
    assert debtor["properties"]["country"] == ["de"]
    assert queries["creditor"].entity["schema"] == "Organization"
    assert queries["initiating_party"].entity["schema"] == "LegalEntity"
    # agents with only a BIC yield no name query but are screened by BIC
    assert "debtor_agent" not in queries
    assert ("debtor_agent", "ZZZZDEFF") in payment.screening_bics()
    assert ("intermediary_agent", "GB") in payment.screening_countries()
    assert ("creditor", "FR") in payment.screening_countries()


def test_legacy_v02_prefixed_namespace_and_header_settlement_date() -> None:
    [payment] = parse_payment(load("pacs008_v02_legacy.xml"), source="legacy.xml")
    assert payment.execution_date == date(2026, 10, 2)  # from GrpHdr
    assert payment.party("debtor_agent")[0].bic == "VVVVGB22"  # <BIC> in old versions
    assert payment.party("debtor")[0].country == "GB"  # CtryOfRes
    assert payment.party("creditor")[0].account == "000123456"  # Othr/Id, not an IBAN


def test_invalid_message_reports_every_problem_once() -> None:
    with pytest.raises(PaymentParseError) as info:
        parse_payment(load("pacs008_bad.xml"), source="bad.xml")
    err = info.value
    where = {d.location.split(" (")[0] for d in err.details}
    assert where == {
        "CdtTrfTxInf[1]/IntrBkSttlmAmt",
        "CdtTrfTxInf[1]/IntrBkSttlmAmt@Ccy",
        "CdtTrfTxInf[1]/IntrBkSttlmDt",
        "CdtTrfTxInf[1]/DbtrAcct/Id/IBAN",
        "CdtTrfTxInf[1]/DbtrAgt/FinInstnId/BICFI",
        "CdtTrfTxInf[1]/CdtrAgt",
    }
    iban = next(d for d in err.details if "IBAN" in d.location)
    assert "(line 10)" in iban.location and "mod-97" in iban.message
    assert "bad.xml" in err.message and "BAD-1" in err.message
    assert (err.line, err.segment) == (7, "CdtTrfTxInf[1]/IntrBkSttlmAmt")  # first problem
    assert err.to_dict()["code"] == "payment_parse_error" and len(err.to_dict()["details"]) == 6


def test_payment_to_dict_is_json_ready() -> None:
    import json

    payment = parse_payment(load("pacs008_v08_two_tx.xml"), source="two.xml")[0]
    data = json.loads(json.dumps(payment.to_dict()))
    assert data["amount"] == "12500.50" and data["execution_date"] == "2026-11-03"
    assert "raw" not in data and data["parties"][2]["role"] == "debtor"
    assert "<Document" in payment.to_dict(include_raw=True)["raw"]


def test_doctype_and_entities_are_refused() -> None:
    with pytest.raises(PaymentParseError, match="DOCTYPE") as info:
        parse_payment(load("pacs008_doctype.xml"), source="xxe.xml")
    assert info.value.line == 2


def test_billion_laughs_is_refused_without_expansion() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        "<Document>&lol2;</Document>"
    )
    with pytest.raises(PaymentParseError):
        parse_pacs008(bomb, source="bomb.xml")


@pytest.mark.parametrize(
    ("xml", "fragment"),
    [
        ("<Document><FIToFICstmrCdtTrf>", "not well-formed"),
        (
            "<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08'><FICdtTrf/></Document>",
            "pacs.008",
        ),
        (
            "<Document><FIToFICstmrCdtTrf><GrpHdr><MsgId>X</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>",
            "no <CdtTrfTxInf>",
        ),
    ],
)
def test_structural_errors(xml: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_payment(xml, source="s.xml")


def test_not_utf8_and_unknown_format() -> None:
    with pytest.raises(PaymentParseError, match="UTF-8"):
        parse_payment(b"<Document>\xff</Document>", source="latin.xml")
    with pytest.raises(PaymentParseError, match="unrecognised payment format"):
        parse_payment("hello", source="x.txt")
    with pytest.raises(PaymentParseError, match="file is empty"):
        parse_payment("   \n", source="empty.txt")
