"""Payment messages as plain data, and the screening queries derived from them.

Both parsers (ISO 20022 pacs.008 and SWIFT MT103) produce :class:`Payment`; screening works on
FtM-shaped query dicts (``{"schema": ..., "properties": {...}}``) built per party, plus the BICs
and countries that a payment touches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from tessera.finance.codes import bic_country, compact, is_iban

PaymentKind = Literal["pacs.008", "MT103"]
PartyRole = Literal[
    "debtor",
    "creditor",
    "ultimate_debtor",
    "ultimate_creditor",
    "initiating_party",
    "debtor_agent",
    "creditor_agent",
    "intermediary_agent",
]
PARTY_ROLES: tuple[PartyRole, ...] = (
    "debtor",
    "creditor",
    "ultimate_debtor",
    "ultimate_creditor",
    "initiating_party",
    "debtor_agent",
    "creditor_agent",
    "intermediary_agent",
)
AGENT_ROLES: frozenset[str] = frozenset({"debtor_agent", "creditor_agent", "intermediary_agent"})


@dataclass(frozen=True)
class PartyIdentifier:
    """An identifier of a party: ``scheme`` is e.g. LEI, BIC, CCPT (passport), NIDN, TXID, or a code."""

    scheme: str
    value: str
    issuer: str | None = None
    country: str | None = None


@dataclass
class PaymentParty:
    role: PartyRole
    name: str | None = None
    address_lines: list[str] = field(default_factory=list)
    country: str | None = None
    town: str | None = None
    account: str | None = None
    bic: str | None = None
    identifiers: list[PartyIdentifier] = field(default_factory=list)
    birth_date: str | None = None  # ISO 8601 date
    birth_place: str | None = None
    birth_country: str | None = None
    is_organisation: bool | None = None  # None: the message does not say
    source_field: str = ""  # element path or MT tag the party came from, e.g. "Dbtr", "50F"

    @property
    def iban(self) -> str | None:
        if self.account and is_iban(self.account):
            return compact(self.account)
        return None

    @property
    def is_agent(self) -> bool:
        return self.role in AGENT_ROLES

    def schema(self) -> str:
        if self.is_agent or self.is_organisation:
            return "Organization"
        if self.is_organisation is False or self.birth_date or self.birth_place:
            return "Person"
        return "LegalEntity"

    def countries(self) -> list[str]:
        """Countries tied to the party: stated address country, birth country, BIC and IBAN country."""
        found: list[str] = []
        candidates = [self.country, self.birth_country, bic_country(self.bic) if self.bic else None]
        iban = self.iban
        candidates.append(iban[:2] if iban else None)
        candidates.extend(i.country for i in self.identifiers)
        for value in candidates:
            if value and value.upper() not in found:
                found.append(value.upper())
        return found

    def query(self) -> dict[str, Any] | None:
        """FtM-shaped screening query for this party, or None when there is nothing to match on."""
        props: dict[str, list[str]] = {}
        if self.name:
            props["name"] = [self.name]
        countries = [c for c in (self.country, self.birth_country) if c]
        if countries:
            props["country"] = sorted({c.lower() for c in countries})
        if self.birth_date:
            props["birthDate"] = [self.birth_date]
        if self.birth_place:
            props["birthPlace"] = [self.birth_place]
        ids = [i.value for i in self.identifiers if i.scheme not in ("BIC", "LEI")]
        if ids:
            props["idNumber"] = ids
        leis = [i.value for i in self.identifiers if i.scheme == "LEI"]
        if leis:
            props["leiCode"] = leis
        bics = sorted({b for b in [self.bic, *(i.value for i in self.identifiers if i.scheme == "BIC")] if b})
        if bics:
            props["swiftBic"] = bics
        if self.address_lines:
            props["address"] = [", ".join(self.address_lines)]
        if "name" not in props and "idNumber" not in props and "leiCode" not in props:
            return None
        return {"schema": self.schema(), "properties": props}


@dataclass(frozen=True)
class ScreeningQuery:
    role: PartyRole
    party_index: int
    source_field: str
    entity: dict[str, Any]


@dataclass
class Payment:
    message_id: str
    kind: PaymentKind
    amount: Decimal
    currency: str
    execution_date: date | None
    parties: list[PaymentParty] = field(default_factory=list)
    remittance_info: list[str] = field(default_factory=list)
    raw: str = ""
    source: str = ""
    transaction_ref: str | None = None  # EndToEndId / TxId (pacs.008) or :20: (MT103)
    uetr: str | None = None
    charges: str | None = None
    sender_info: list[str] = field(default_factory=list)  # MT103 :72: / pacs.008 InstrForNxtAgt

    def party(self, role: PartyRole) -> list[PaymentParty]:
        return [p for p in self.parties if p.role == role]

    def screening_queries(self) -> Iterator[ScreeningQuery]:
        """One FtM-shaped query per party that has a name or an identifier."""
        for index, party in enumerate(self.parties):
            entity = party.query()
            if entity is not None:
                yield ScreeningQuery(party.role, index, party.source_field, entity)

    def screening_bics(self) -> list[tuple[PartyRole, str]]:
        """Every BIC a payment passes through, with the role that carries it (deduplicated)."""
        out: list[tuple[PartyRole, str]] = []
        for party in self.parties:
            values = [party.bic, *(i.value for i in party.identifiers if i.scheme == "BIC")]
            for bic in values:
                if bic and (party.role, bic.upper()) not in out:
                    out.append((party.role, bic.upper()))
        return out

    def screening_countries(self) -> list[tuple[PartyRole, str]]:
        out: list[tuple[PartyRole, str]] = []
        for party in self.parties:
            for country in party.countries():
                if (party.role, country) not in out:
                    out.append((party.role, country))
        return out

    def to_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["amount"] = str(self.amount)
        data["execution_date"] = self.execution_date.isoformat() if self.execution_date else None
        if not include_raw:
            data.pop("raw")
        return data
