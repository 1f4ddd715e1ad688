"""MT103 party fields: options A (BIC), B/C (location/account), D/K/none (name, address), F (structured)."""

from __future__ import annotations

import re
from datetime import date

from tessera.finance.checks import Problems
from tessera.finance.payments import PartyIdentifier, PartyRole, PaymentParty

_COUNTRY = re.compile(r"^[A-Z]{2}$")
# 50F party identifier codes (first line CODE/CC/identifier)
ID_CODES = frozenset({"ARNU", "CCPT", "CUST", "DRLC", "EMPL", "NIDN", "SOSE", "TXID"})


def _split_account(lines: list[str]) -> tuple[str | None, list[str]]:
    """Leading ``/account`` or ``/D/account`` line, then the rest."""
    if lines and lines[0].startswith("/"):
        acct = lines[0][1:]
        if re.match(r"^[A-Z]/", acct):
            acct = acct[2:]
        return (acct.strip() or None), lines[1:]
    return None, lines


def parse_party(tag: str, lines: list[str], line: int, role: PartyRole, problems: Problems) -> PaymentParty:
    option = tag[2:]
    loc = f":{tag}:"
    party = PaymentParty(
        role=role, source_field=tag, is_organisation=True if role.endswith("agent") else None
    )
    if option == "F":
        _structured(party, lines, line, loc, problems)
        return party
    account, rest = _split_account([ln.rstrip() for ln in lines])
    if account:
        party.account = problems.account(account, loc, line, strict=False)
    rest = [ln.strip() for ln in rest if ln.strip()]
    if option == "A":
        if not rest:
            problems.add(loc, line, "option A needs a BIC line (4!a2!a2!c[3!c])")
        else:
            party.bic = problems.bic(rest[0], loc, line + (1 if account else 0))
        if len(rest) > 1:
            problems.add(loc, line, "option A holds only [/account] and a BIC; use option D for names")
    elif option == "C":
        if not account:
            problems.add(loc, line, "option C holds a /account line")
    elif option == "B":
        party.address_lines = rest
    else:  # D, K, or no letter: name and address, up to 4 lines of 35
        if not rest:
            problems.add(loc, line, "name and address are missing")
        else:
            party.name = rest[0]
            party.address_lines = rest[1:]
        if len(rest) > 4:
            problems.add(loc, line, f"{len(rest)} name/address lines; at most 4 are allowed")
    return party


def _structured(party: PaymentParty, lines: list[str], line: int, loc: str, problems: Problems) -> None:
    """Option F: first line /account or CODE/CC/identifier, then numbered lines 1/ .. 8/."""
    if not lines:
        problems.add(loc, line, "option F needs a party identifier line")
        return
    first = lines[0].strip()
    if first.startswith("/"):
        party.account = problems.account(first[1:], loc, line, strict=False)
    else:
        parts = first.split("/", 2)
        if len(parts) == 3 and parts[0] in ID_CODES and _COUNTRY.match(parts[1]):
            party.identifiers.append(PartyIdentifier(parts[0], parts[2], country=parts[1]))
        elif first:
            problems.add(loc, line, f"identifier {first!r} is neither /account nor CODE/CC/identifier")
    names: list[str] = []
    address: list[str] = []
    for offset, raw in enumerate(lines[1:], 1):
        text = raw.strip()
        at = line + offset
        match = re.match(r"^([1-8])/(.*)$", text)
        if not match:
            if text:
                problems.add(loc, at, f"line {text[:20]!r} must start with a number 1-8 and '/', e.g. 1/NAME")
            continue
        number, value = match.group(1), match.group(2).strip()
        if number == "1":
            names.append(value)
        elif number == "2":
            address.append(value)
        elif number == "3":
            country, _, town = value.partition("/")
            if not _COUNTRY.match(country):
                problems.add(loc, at, f"3/ must start with a 2-letter country code, got {country!r}")
            else:
                party.country = country
            party.town = town.strip() or None
            if town.strip():
                address.append(town.strip())
        elif number == "4":
            party.birth_date = _dob(value, loc, at, problems)
            party.is_organisation = False
        elif number == "5":
            country, _, place = value.partition("/")
            if _COUNTRY.match(country):
                party.birth_country = country
                party.birth_place = place.strip() or None
            else:
                problems.add(loc, at, f"5/ place of birth must be CC/place, got {value!r}")
            party.is_organisation = False
        elif number in ("6", "7"):
            _identifier(party, number, value, loc, at, problems)
        elif party.identifiers:  # 8/ continues the identifier of 6/ or 7/
            last = party.identifiers.pop()
            party.identifiers.append(
                PartyIdentifier(last.scheme, last.value + value, last.issuer, last.country)
            )
        else:
            problems.add(loc, at, "8/ continues an identifier but no 6/ or 7/ line precedes it")
    party.name = " ".join(names) or None
    party.address_lines = address
    if not names:
        problems.add(loc, line, "option F needs a name line 1/NAME")


def _dob(value: str, loc: str, line: int, problems: Problems) -> str | None:
    if re.fullmatch(r"[0-9]{8}", value):
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
        except ValueError:
            pass
    problems.add(loc, line, f"4/ date of birth {value!r} must be YYYYMMDD")
    return None


def _identifier(
    party: PaymentParty, number: str, value: str, loc: str, line: int, problems: Problems
) -> None:
    parts = value.split("/")
    if number == "6" and len(parts) >= 3 and parts[0] in ID_CODES:
        # newer form 6/CODE/CC/issuer/identifier
        code, country, rest = parts[0], parts[1], parts[2:]
    elif number == "6":
        code, country, rest = "CUST", parts[0], parts[1:]
    else:
        code, country, rest = "NIDN", parts[0], parts[1:]
    if not _COUNTRY.match(country) or not rest or not rest[-1]:
        problems.add(loc, line, f"{number}/ identifier {value!r} must be CC/[issuer/]number")
        return
    issuer = "/".join(rest[:-1]) or None
    party.identifiers.append(PartyIdentifier(code, rest[-1], issuer=issuer, country=country))
    party.is_organisation = False if number == "7" else party.is_organisation
