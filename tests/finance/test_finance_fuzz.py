"""Property tests: mutated messages only ever raise ParseError; amounts survive both formats."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tessera.errors import ParseError
from tessera.finance import parse_payment

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted(p for p in DATA.iterdir() if p.suffix in (".xml", ".txt"))
MT_TEMPLATE = (
    "{{1:F01ZZZZDEFFAXXX0000000000}}{{2:I103YYYYFRPPXXXXN}}{{4:\n:20:RT1\n:23B:CRED\n"
    ":32A:261103{ccy}{amount}\n:50K:ODA BELL\n:59:RUE VANCE\n:71A:SHA\n-}}"
)
XML_TEMPLATE = (
    "<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10'><FIToFICstmrCdtTrf>"
    "<GrpHdr><MsgId>RT</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId>"
    "<IntrBkSttlmAmt Ccy='{ccy}'>{amount}</IntrBkSttlmAmt><Dbtr><Nm>Oda Bell</Nm></Dbtr>"
    "<DbtrAgt><FinInstnId><BICFI>ZZZZDEFF</BICFI></FinInstnId></DbtrAgt>"
    "<CdtrAgt><FinInstnId><BICFI>YYYYFRPP</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>Rue Vance</Nm></Cdtr>"
    "</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"
)

CHUNKS = [b"<", b">", b"{", b"}", b":", b"\n", b"&amp;", b"\xff", b"-}", b"/", b":32A:", b"<!DOCTYPE x>"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif op == "insert":
            chunk = draw(st.sampled_from(CHUNKS))
            data[pos:pos] = chunk
        elif op == "replace" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[pos:]
        else:
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 80))]
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_messages_raise_only_parse_errors(raw: bytes) -> None:
    try:
        payments = parse_payment(raw, source="fuzz")
    except ParseError as exc:
        assert exc.message  # every error explains itself
        return
    for payment in payments:
        assert payment.amount > 0
        list(payment.screening_queries())


@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_parse_errors(text: str) -> None:
    payments = []
    with contextlib.suppress(ParseError):
        payments = parse_payment(text, source="fuzz")
    assert all(p.amount > 0 and p.kind in ("pacs.008", "MT103") for p in payments)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999999.99"), places=2)
currencies = st.sampled_from(["EUR", "USD", "GBP", "JPY", "CHF"])


@given(amounts, currencies)
def test_mt103_amount_round_trips(amount: Decimal, ccy: str) -> None:
    text = f"{amount:f}".replace(".", ",")
    [payment] = parse_payment(MT_TEMPLATE.format(ccy=ccy, amount=text), source="rt")
    assert payment.amount == amount and payment.currency == ccy


@given(st.decimals(min_value=Decimal("0.00001"), max_value=Decimal("9999999999999"), places=5), currencies)
def test_pacs008_amount_round_trips(amount: Decimal, ccy: str) -> None:
    [payment] = parse_payment(XML_TEMPLATE.format(ccy=ccy, amount=f"{amount:f}"), source="rt")
    assert payment.amount == amount and payment.currency == ccy
