"""Pure payment-screening decision: hold or pass, with one plain reason per hit.

Inputs are the parsed payment, the match hits found per party by the screening engine, and the
lists of sanctioned countries and BICs in force. A BIC on the list as 8 characters (or with
branch XXX) covers every branch of that institution; another 11-character entry covers that branch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from tessera.errors import ErrorDetail, ValidationError
from tessera.finance.payments import PARTY_ROLES, PartyRole, Payment, PaymentParty

Outcome = Literal["pass", "hold"]
DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True)
class PartyHit:
    """One match of a payment party against a list entry."""

    role: PartyRole
    list_name: str
    entry_id: str
    score: float
    explanation: str = ""
    party_index: int | None = None  # index into Payment.parties when several parties share a role


@dataclass(frozen=True)
class PaymentDecision:
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)
    holding_hits: list[PartyHit] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.outcome == "hold"


def _role_label(role: str) -> str:
    return role.replace("_", " ")


def _party_label(payment: Payment, hit: PartyHit) -> str:
    party: PaymentParty | None
    if hit.party_index is not None and 0 <= hit.party_index < len(payment.parties):
        party = payment.parties[hit.party_index]
    else:
        candidates = payment.party(hit.role)
        party = candidates[0] if candidates else None
    if party is None:
        return f"{_role_label(hit.role)} (not present in the payment)"
    name = party.name or party.bic or party.account or "unnamed"
    where = f" [{party.source_field}]" if party.source_field else ""
    return f"{_role_label(hit.role)} {name!r}{where}"


def _validate(hits: list[PartyHit], threshold: float) -> None:
    problems = []
    if not 0.0 <= threshold <= 1.0:
        problems.append(ErrorDetail("threshold", f"{threshold} is outside 0..1"))
    for i, hit in enumerate(hits):
        if hit.role not in PARTY_ROLES:
            problems.append(ErrorDetail(f"hits[{i}].role", f"unknown party role {hit.role!r}"))
        if not 0.0 <= hit.score <= 1.0:
            problems.append(ErrorDetail(f"hits[{i}].score", f"score {hit.score} is outside 0..1"))
    if problems:
        raise ValidationError("payment decision input is invalid; fix the hits listed", details=problems)


def bic_listed(bic: str, listed: Iterable[str]) -> str | None:
    """The list entry covering ``bic`` (BIC8 entries cover all branches), or None."""
    bic = bic.upper()
    full = bic if len(bic) == 11 else bic[:8] + "XXX"
    for entry in listed:
        entry = entry.strip().upper()
        head = entry[:8] if len(entry) == 8 or entry.endswith("XXX") else None
        if (head is not None and bic[:8] == head) or entry == full:
            return entry
    return None


def decide(
    payment: Payment,
    hits: Iterable[PartyHit],
    *,
    sanctioned_countries: Iterable[str] = (),
    sanctioned_bics: Iterable[str] = (),
    threshold: float = DEFAULT_THRESHOLD,
) -> PaymentDecision:
    """Hold when any hit scores at or above ``threshold`` or a sanctioned country or BIC is involved."""
    hit_list = list(hits)
    _validate(hit_list, threshold)
    reasons: list[str] = []
    holding: list[PartyHit] = []
    for hit in sorted(hit_list, key=lambda h: (-h.score, h.role, h.list_name, h.entry_id)):
        label = _party_label(payment, hit)
        detail = f": {hit.explanation}" if hit.explanation else ""
        if hit.score >= threshold:
            holding.append(hit)
            reasons.append(
                f"HOLD: {label} matches {hit.list_name} entry {hit.entry_id} "
                f"(score {hit.score:.2f} ≥ threshold {threshold:.2f}){detail}"
            )
        else:
            reasons.append(
                f"noted: {label} resembles {hit.list_name} entry {hit.entry_id} "
                f"(score {hit.score:.2f} < threshold {threshold:.2f}; not enough to hold){detail}"
            )
    countries = {c.strip().upper() for c in sanctioned_countries if c.strip()}
    country_hold = False
    for role, country in payment.screening_countries():
        if country in countries:
            country_hold = True
            reasons.append(f"HOLD: {_role_label(role)} is tied to sanctioned country {country}")
    bics = [b for b in sanctioned_bics if b.strip()]
    bic_hold = False
    for role, bic in payment.screening_bics():
        entry = bic_listed(bic, bics)
        if entry:
            bic_hold = True
            reasons.append(
                f"HOLD: {_role_label(role)} BIC {bic} is on the sanctioned BIC list (entry {entry})"
            )
    if holding or country_hold or bic_hold:
        return PaymentDecision("hold", reasons, holding)
    if not reasons:
        reasons.append("pass: no party matched a list; no sanctioned country or BIC is involved")
    else:
        reasons.append("pass: no hit reached the hold threshold; no sanctioned country or BIC is involved")
    return PaymentDecision("pass", reasons, [])
