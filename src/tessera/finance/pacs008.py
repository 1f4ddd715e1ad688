"""ISO 20022 pacs.008 (FIToFICustomerCreditTransfer) reader, any ``pacs.008.001.xx`` version.

Elements are matched by local name; one message with several ``CdtTrfTxInf`` yields several
payments. Validation collects every problem in the message and raises one PaymentParseError.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final
from xml.parsers import expat

from tessera.finance.checks import Problems
from tessera.finance.errors import PaymentParseError, collected
from tessera.finance.payments import PartyIdentifier, PartyRole, Payment, PaymentParty
from tessera.finance.xmltree import Node, UnsafeXml, parse_xml

KIND: Final = "pacs.008"
_PARTIES: tuple[tuple[str, PartyRole], ...] = (
    ("UltmtDbtr", "ultimate_debtor"),
    ("InitgPty", "initiating_party"),
    ("Dbtr", "debtor"),
    ("Cdtr", "creditor"),
    ("UltmtCdtr", "ultimate_creditor"),
)
_AGENTS: tuple[tuple[str, PartyRole], ...] = (
    ("DbtrAgt", "debtor_agent"),
    ("CdtrAgt", "creditor_agent"),
    ("IntrmyAgt1", "intermediary_agent"),
    ("IntrmyAgt2", "intermediary_agent"),
    ("IntrmyAgt3", "intermediary_agent"),
)
_ACCOUNTS = {"Dbtr": "DbtrAcct", "Cdtr": "CdtrAcct", "DbtrAgt": "DbtrAgtAcct", "CdtrAgt": "CdtrAgtAcct"}
_ADDRESS_PARTS = ("Dept", "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room")
_PLACE_PARTS = ("PstCd", "TwnNm", "TwnLctnNm", "DstrctNm", "CtrySubDvsn")


def load(text: str, source: str) -> Node:
    try:
        return parse_xml(text)
    except UnsafeXml as exc:
        raise PaymentParseError(
            f"{KIND}: {exc}; send the message without a DTD (ISO 20022 never needs one)",
            source=source,
            line=exc.line,
        ) from None
    except expat.ExpatError as exc:
        raise PaymentParseError(
            f"{KIND}: XML is not well-formed ({expat.ErrorString(exc.code)}); fix the markup",
            source=source,
            line=exc.lineno,
            position=exc.offset,
        ) from None


def parse_pacs008(text: str, *, source: str) -> list[Payment]:
    root = load(text, source)
    body = root.child("FIToFICstmrCdtTrf") if root.tag == "Document" else None
    if body is None:
        raise PaymentParseError(
            f"{KIND}: root is <{root.tag}>, expected <Document> holding <FIToFICstmrCdtTrf>;"
            " is this a pacs.008 message?",
            source=source,
            line=root.line,
            segment=root.tag,
        )
    problems = Problems()
    header = body.child("GrpHdr")
    msg_id = header.value("MsgId") if header is not None else None
    if header is None:
        problems.add("GrpHdr", body.line, "mandatory group header <GrpHdr> is missing; add it")
    elif not msg_id:
        problems.add("GrpHdr/MsgId", header.line, "mandatory <MsgId> is missing; add a unique id")
    label = f"{source} [{msg_id or 'no MsgId'}]"
    txs = body.all("CdtTrfTxInf")
    if not txs:
        problems.add(
            "CdtTrfTxInf", body.line, "message carries no <CdtTrfTxInf>; add at least one transaction"
        )
    payments = [
        _transaction(tx, i, header, msg_id or "", text, source, problems) for i, tx in enumerate(txs, 1)
    ]
    if header is not None:
        declared = header.value("NbOfTxs")
        if declared is not None and declared != str(len(txs)):
            problems.add(
                "GrpHdr/NbOfTxs",
                header.line,
                f"says {declared} transactions, message has {len(txs)}; fix the count",
            )
    if problems:
        raise collected(label, KIND, problems.items, problems.first_line)
    return payments


def _transaction(
    tx: Node, index: int, header: Node | None, msg_id: str, raw: str, source: str, problems: Problems
) -> Payment:
    at = f"CdtTrfTxInf[{index}]"
    amount_node = tx.child("IntrBkSttlmAmt")
    if amount_node is None:
        problems.add(f"{at}/IntrBkSttlmAmt", tx.line, "mandatory <IntrBkSttlmAmt Ccy=...> is missing; add it")
        amount, currency = Decimal(0), ""
    else:
        amount = problems.iso_amount(amount_node.text, f"{at}/IntrBkSttlmAmt", amount_node.line)
        ccy = amount_node.attrs.get("Ccy")
        currency = problems.currency(ccy, f"{at}/IntrBkSttlmAmt@Ccy", amount_node.line)
    date_node = tx.child("IntrBkSttlmDt") or (header.child("IntrBkSttlmDt") if header is not None else None)
    when = problems.iso_date(date_node.text, f"{at}/IntrBkSttlmDt", date_node.line) if date_node else None
    pmt = tx.child("PmtId")
    e2e = pmt.value("EndToEndId") if pmt is not None else None
    if pmt is None or not e2e:
        problems.add(
            f"{at}/PmtId/EndToEndId", tx.line, "mandatory <EndToEndId> is missing; use NOTPROVIDED if none"
        )
    payment = Payment(
        message_id=msg_id,
        kind=KIND,
        amount=amount,
        currency=currency,
        execution_date=when,
        raw=raw,
        source=source,
        transaction_ref=(pmt.value("TxId") or e2e) if pmt is not None else None,
        uetr=pmt.value("UETR") if pmt is not None else None,
        charges=tx.value("ChrgBr"),
    )
    for tag, role in _PARTIES:
        node = tx.child(tag)
        if node is not None:
            payment.parties.append(_party(node, role, f"{at}/{tag}", tx, problems))
    for tag, role in _AGENTS:
        node = tx.child(tag)
        if node is not None:
            payment.parties.append(_agent(node, role, f"{at}/{tag}", tx, problems))
    for tag in ("Dbtr", "Cdtr", "DbtrAgt", "CdtrAgt"):
        if tx.child(tag) is None:
            problems.add(f"{at}/{tag}", tx.line, f"mandatory element <{tag}> is missing; add it")
    rmt = tx.child("RmtInf")
    if rmt is not None:
        payment.remittance_info = [n.text for n in rmt.all("Ustrd") if n.text]
        for strd in rmt.all("Strd"):
            ref = strd.value("CdtrRefInf/Ref")
            if ref:
                payment.remittance_info.append(ref)
    payment.sender_info = [n.value("InstrInf") or "" for n in tx.all("InstrForNxtAgt") if n.value("InstrInf")]
    return payment


def _address(node: Node | None, party: PaymentParty) -> None:
    if node is None:
        return
    lines = [n.text for n in node.all("AdrLine") if n.text]
    street = " ".join(v for v in (node.value(p) for p in _ADDRESS_PARTS) if v)
    place = " ".join(v for v in (node.value(p) for p in _PLACE_PARTS) if v)
    party.address_lines = [*([street] if street else []), *([place] if place else []), *lines]
    party.town = node.value("TwnNm")
    party.country = node.value("Ctry")


def _other_ids(node: Node, default_scheme: str) -> list[PartyIdentifier]:
    out: list[PartyIdentifier] = []
    for other in node.all("Othr"):
        value = other.value("Id")
        if value:
            scheme = other.value("SchmeNm/Cd") or other.value("SchmeNm/Prtry") or default_scheme
            out.append(PartyIdentifier(scheme, value, issuer=other.value("Issr")))
    return out


def _account(tx: Node, tag: str, at: str, problems: Problems) -> str | None:
    acct = tx.child(_ACCOUNTS.get(tag, ""))
    if acct is None:
        return None
    iban = acct.find("Id/IBAN")
    if iban is not None:
        return problems.account(iban.text, f"{at}Acct/Id/IBAN", iban.line, strict=True)
    other = acct.find("Id/Othr/Id")
    return other.text if other is not None and other.text else None


def _party(node: Node, role: PartyRole, at: str, tx: Node, problems: Problems) -> PaymentParty:
    party = PaymentParty(role=role, name=node.value("Nm"), source_field=at.split("/")[-1])
    _address(node.child("PstlAdr"), party)
    org = node.find("Id/OrgId")
    prvt = node.find("Id/PrvtId")
    if org is not None:
        party.is_organisation = True
        any_bic = org.child("AnyBIC")
        bic = problems.bic(any_bic.text, f"{at}/Id/OrgId/AnyBIC", any_bic.line) if any_bic else None
        if bic:
            party.identifiers.append(PartyIdentifier("BIC", bic))
        lei = org.value("LEI")
        if lei:
            party.identifiers.append(PartyIdentifier("LEI", lei))
        party.identifiers.extend(_other_ids(org, "ORG"))
    if prvt is not None:
        party.is_organisation = False
        birth = prvt.child("DtAndPlcOfBirth")
        if birth is not None:
            birth_date = birth.child("BirthDt")
            if birth_date is not None:
                where = f"{at}/Id/PrvtId/DtAndPlcOfBirth/BirthDt"
                parsed = problems.iso_date(birth_date.text, where, birth_date.line)
                party.birth_date = parsed.isoformat() if parsed else None
            party.birth_place = birth.value("CityOfBirth")
            party.birth_country = birth.value("CtryOfBirth")
        party.identifiers.extend(_other_ids(prvt, "PRVT"))
    if node.value("CtryOfRes") and not party.country:
        party.country = node.value("CtryOfRes")
    party.account = _account(tx, node.tag, at, problems)
    if not party.name and not party.identifiers:
        problems.add(f"{at}/Nm", node.line, "party has neither a name nor an identifier; add <Nm>")
    return party


def _agent(node: Node, role: PartyRole, at: str, tx: Node, problems: Problems) -> PaymentParty:
    fin = node.child("FinInstnId")
    party = PaymentParty(role=role, is_organisation=True, source_field=at.split("/")[-1])
    if fin is None:
        problems.add(f"{at}/FinInstnId", node.line, "agent has no <FinInstnId>")
        return party
    bic_node = fin.child("BICFI") or fin.child("BIC")
    if bic_node is not None:
        party.bic = problems.bic(bic_node.text, f"{at}/FinInstnId/{bic_node.tag}", bic_node.line)
    party.name = fin.value("Nm")
    _address(fin.child("PstlAdr"), party)
    lei = fin.value("LEI")
    if lei:
        party.identifiers.append(PartyIdentifier("LEI", lei))
    member = fin.value("ClrSysMmbId/MmbId")
    if member:
        party.identifiers.append(PartyIdentifier(fin.value("ClrSysMmbId/ClrSysId/Cd") or "CLRSYS", member))
    other = fin.value("Othr/Id")
    if other:
        party.identifiers.append(PartyIdentifier("OTHR", other))
    party.account = _account(tx, node.tag, at, problems)
    if bic_node is None and not party.name and not party.identifiers:
        problems.add(f"{at}/FinInstnId/BICFI", fin.line, "agent has no BIC, name or identifier; add <BICFI>")
    return party
