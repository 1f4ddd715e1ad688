"""Payment decision: hits, threshold, sanctioned countries and BICs, one reason per hit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tessera.errors import ValidationError
from tessera.finance import PartyHit, Payment, decide, parse_payment
from tessera.finance.decision import bic_listed

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def payment() -> Payment:
    return parse_payment((DATA / "pacs008_v08_two_tx.xml").read_bytes(), source="two.xml")[0]


def test_clean_payment_passes_with_a_reason(payment: Payment) -> None:
    decision = decide(payment, [], sanctioned_countries=["KP", "IR"], sanctioned_bics=["QQQQKPPY"])
    assert decision.outcome == "pass" and not decision.held
    assert len(decision.reasons) == 1 and "no party matched" in decision.reasons[0]


def test_strong_hit_holds_and_names_party_list_and_score(payment: Payment) -> None:
    hits = [
        PartyHit("debtor", "EU-FSF", "eu-4711", 0.93, "same date of birth 1971-04-23"),
        PartyHit("creditor", "UN-1267", "un-88", 0.41, "name tokens partly agree"),
    ]
    decision = decide(payment, hits)
    assert decision.outcome == "hold"
    assert decision.holding_hits == [hits[0]]
    assert len(decision.reasons) == 2  # one per hit
    hold, note = decision.reasons
    assert hold.startswith("HOLD: debtor 'Anselm Q. Varrowby' [Dbtr] matches EU-FSF entry eu-4711")
    assert "0.93" in hold and "same date of birth" in hold
    assert note.startswith("noted: creditor 'Société Marbelle SARL'") and "not enough to hold" in note


def test_weak_hits_only_pass(payment: Payment) -> None:
    decision = decide(payment, [PartyHit("creditor", "UN", "un-1", 0.5)], threshold=0.8)
    assert decision.outcome == "pass"
    assert "no hit reached the hold threshold" in decision.reasons[-1]


def test_threshold_is_inclusive(payment: Payment) -> None:
    assert decide(payment, [PartyHit("debtor", "L", "e", 0.8)], threshold=0.8).outcome == "hold"


def test_sanctioned_country_holds(payment: Payment) -> None:
    decision = decide(payment, [], sanctioned_countries=["gb"])
    assert decision.outcome == "hold"
    assert decision.reasons == ["HOLD: intermediary agent is tied to sanctioned country GB"]


def test_sanctioned_bic8_covers_branches(payment: Payment) -> None:
    decision = decide(payment, [], sanctioned_bics=["YYYYFRPP"])
    assert decision.outcome == "hold" and "creditor agent BIC YYYYFRPP" in decision.reasons[0]


@pytest.mark.parametrize(
    ("bic", "listed", "expected"),
    [
        ("YYYYFRPP123", ["YYYYFRPP"], "YYYYFRPP"),
        ("YYYYFRPP", ["YYYYFRPPXXX"], "YYYYFRPPXXX"),
        ("YYYYFRPP123", ["YYYYFRPPXXX"], "YYYYFRPPXXX"),
        ("YYYYFRPP123", ["YYYYFRPP999"], None),
        ("YYYYFRPP999", ["yyyyfrpp999 "], "YYYYFRPP999"),
        ("ZZZZFRPP", ["YYYYFRPP"], None),
    ],
)
def test_bic_listing_rules(bic: str, listed: list[str], expected: str | None) -> None:
    assert bic_listed(bic, listed) == expected


def test_hit_for_absent_role_is_still_reported(payment: Payment) -> None:
    second = parse_payment((DATA / "pacs008_v08_two_tx.xml").read_bytes(), source="two.xml")[1]
    decision = decide(second, [PartyHit("ultimate_creditor", "L", "e1", 0.99)])
    assert decision.outcome == "hold" and "not present in the payment" in decision.reasons[0]


def test_invalid_hits_are_rejected_together(payment: Payment) -> None:
    with pytest.raises(ValidationError) as info:
        decide(payment, [PartyHit("debtor", "L", "e", 1.5), PartyHit("boss", "L", "e", 0.5)])  # type: ignore[arg-type]
    assert {d.location for d in info.value.details} == {"hits[0].score", "hits[1].role"}
