"""SWIFT MT103 (single customer credit transfer) reader.

Blocks ``{1:}{2:}{3:}{4:...-}{5:}``; a text holding only block-4 fields (``:20:...``) is accepted too,
as are several messages back to back. Line endings may be ``\\r\\n`` or ``\\n``. Validation collects
every problem of a message and raises one PaymentParseError naming field, line and fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from tessera.finance.checks import Problems, mt_amount
from tessera.finance.errors import PaymentParseError, collected
from tessera.finance.mtparty import parse_party
from tessera.finance.payments import PartyRole, Payment, PaymentParty

KIND: Final = "MT103"
_TAG = re.compile(r"^:([0-9]{2}[A-Z]?):(.*)$")
_REPEATABLE = frozenset({"71F", "13C"})
_MANDATORY = ("20", "23B", "32A", "50", "59", "71A")
_PARTY_FIELDS: tuple[tuple[str, PartyRole], ...] = (
    ("50", "debtor"),
    ("52", "debtor_agent"),
    ("53", "intermediary_agent"),
    ("54", "intermediary_agent"),
    ("56", "intermediary_agent"),
    ("57", "creditor_agent"),
    ("59", "creditor"),
)
_ALLOWED_OPTIONS = {"50": "AFK", "52": "AD", "53": "ABD", "54": "ABD", "56": "ACD", "57": "ABCD", "59": "AF"}


@dataclass
class MtField:
    tag: str
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def value(self) -> str:
        return "\n".join(self.lines)


@dataclass
class MtMessage:
    text: str
    first_line: int
    blocks: dict[str, tuple[str, int]] = field(default_factory=dict)


def line_of(text: str, index: int, base: int = 1) -> int:
    return text.count("\n", 0, index) + base


def split_messages(text: str, source: str) -> list[MtMessage]:
    """Split a text into messages; each starts at ``{1:`` (or is bare block-4 content)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body = text.strip()
    if not body:
        raise PaymentParseError(f"{KIND}: message is empty; send the MT103 text", source=source, line=1)
    if not body.startswith("{"):
        start = text.index(body[0])
        return [MtMessage(text, 1, {"4": (body, line_of(text, start))})]
    starts = [m.start() for m in re.finditer(r"\{1:", text)] or [text.index("{")]
    messages = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        msg = MtMessage(text[start:end], line_of(text, start))
        msg.blocks = _blocks(msg.text, msg.first_line, source)
        messages.append(msg)
    return messages


def _blocks(text: str, base: int, source: str) -> dict[str, tuple[str, int]]:
    blocks: dict[str, tuple[str, int]] = {}
    pos, n = 0, len(text)
    while pos < n:
        if text[pos].isspace():
            pos += 1
            continue
        line = line_of(text, pos, base)
        if text[pos] != "{":
            raise PaymentParseError(
                f"{KIND}: unexpected {text[pos]!r} between blocks; each block must look like {{n:...}}",
                source=source,
                line=line,
            )
        colon = text.find(":", pos)
        block_id = text[pos + 1 : colon] if colon > 0 else ""
        if not re.fullmatch(r"[0-9A-Z]{1,3}", block_id):
            raise PaymentParseError(
                f"{KIND}: block header {text[pos : pos + 6]!r} is not {{n:", source=source, line=line
            )
        if block_id == "4":
            end = text.find("\n-}", colon)
            if end < 0:
                raise PaymentParseError(
                    f"{KIND}: block 4 is not terminated; end the text block with a line '-}}'",
                    source=source,
                    line=line,
                    segment="4",
                )
            blocks["4"] = (text[colon + 1 : end], line)
            pos = end + 3
            continue
        depth, i = 0, pos
        while i < n:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if depth != 0:
            raise PaymentParseError(
                f"{KIND}: block {block_id} has no closing '}}'", source=source, line=line, segment=block_id
            )
        blocks[block_id] = (text[colon + 1 : i], line)
        pos = i + 1
    return blocks


def read_fields(content: str, first_line: int, problems: Problems) -> dict[str, list[MtField]]:
    fields: dict[str, list[MtField]] = {}
    current: MtField | None = None
    for offset, raw in enumerate(content.split("\n")):
        line_no = first_line + offset
        match = _TAG.match(raw)
        if match:
            current = MtField(match.group(1), line_no, [match.group(2)])
            fields.setdefault(current.tag, []).append(current)
        elif current is not None:
            current.lines.append(raw)
        elif raw.strip() and raw.strip() != "-":
            problems.add("block 4", line_no, f"text {raw[:20]!r} before the first field; fields start ':20:'")
    for tag, occurrences in fields.items():
        if len(occurrences) > 1 and tag not in _REPEATABLE:
            problems.add(f":{tag}:", occurrences[1].line, "field appears more than once; keep one")
        for item in occurrences:
            while item.lines and not item.lines[-1].strip():
                item.lines.pop()
            if item.lines and item.lines[-1].strip() == "-":
                item.lines.pop()
    return fields


def _lt_bic(lt: str) -> str | None:
    """BIC from a 12-character logical terminal address (BIC8 + terminal letter + branch)."""
    if len(lt) != 12:
        return None
    branch = lt[9:12]
    return lt[:8] if branch == "XXX" else lt[:8] + branch


def _header(msg: MtMessage, source: str, problems: Problems) -> tuple[str | None, str | None, str | None]:
    """(sender BIC, receiver BIC, UETR) from blocks 1, 2 and 3."""
    sender = receiver = None
    b1 = msg.blocks.get("1")
    if b1:
        lt = b1[0][3:15] if b1[0][:1] == "F" else ""
        sender = problems.bic(_lt_bic(lt) or b1[0], "block 1 (basic header)", b1[1])
    b2 = msg.blocks.get("2")
    if b2:
        value, line = b2
        mt = value[1:4]
        if mt != "103":
            raise PaymentParseError(
                f"{KIND}: block 2 says MT{mt}, not MT103; route it to the right parser",
                source=source,
                line=line,
                segment="2",
            )
        if value[:1] == "I":
            receiver = problems.bic(_lt_bic(value[4:16]) or value[4:16], "block 2 (application header)", line)
        elif value[:1] == "O":
            # output: the MIR inside block 2 carries the sender; block 1 is then the receiver
            receiver, sender = (
                sender,
                problems.bic(_lt_bic(value[14:26]) or value[14:26], "block 2 MIR", line),
            )
        else:
            problems.add(
                "block 2", line, f"application header {value[:1]!r} is neither I (input) nor O (output)"
            )
    b3 = msg.blocks.get("3")
    uetr = None
    if b3:
        found = re.search(r"\{121:([0-9a-fA-F-]{36})\}", b3[0])
        uetr = found.group(1).lower() if found else None
    return sender, receiver, uetr


def _value_date(value: str, line: int, problems: Problems) -> tuple[date | None, str, Decimal]:
    match = re.fullmatch(r"([0-9]{6})([A-Z]{3})(.+)", value.strip())
    if not match:
        problems.add(":32A:", line, f"{value!r} is not YYMMDD + currency + amount, e.g. 240131EUR1234,50")
        return None, "", Decimal(0)
    ymd, currency, amount_text = match.groups()
    when = None
    try:
        when = date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:6]))
    except ValueError:
        problems.add(":32A:", line, f"value date {ymd!r} is not a valid YYMMDD date")
    amount = mt_amount(amount_text)
    if amount is None:
        problems.add(
            ":32A:", line, f"amount {amount_text!r} must be digits with a decimal comma, e.g. 1234,50"
        )
        amount = Decimal(0)
    elif amount <= 0:
        problems.add(":32A:", line, f"amount {amount_text!r} must be greater than zero")
    return when, currency, amount


def parse_mt103(text: str, *, source: str) -> list[Payment]:
    return [_message(msg, source) for msg in split_messages(text, source)]


def _index(fields: dict[str, list[MtField]], problems: Problems) -> dict[str, MtField]:
    """Fields keyed by tag, party fields keyed by their 2-digit base (50, 52, ... 59)."""
    by_base: dict[str, MtField] = {}
    for tag, occurrences in fields.items():
        base, option = tag[:2], tag[2:]
        allowed = _ALLOWED_OPTIONS.get(base)
        if allowed is not None and option not in allowed and not (base == "59" and not option):
            shown = option or "(none)"
            problems.add(f":{tag}:", occurrences[0].line, f"option {shown} is not allowed for :{base}a:")
        if base in by_base and allowed is not None:
            problems.add(f":{tag}:", occurrences[0].line, f"only one option of :{base}a: may appear")
        by_base.setdefault(base if allowed is not None else tag, occurrences[0])
    return by_base


def _check(by_base: dict[str, MtField], block_line: int, problems: Problems) -> None:
    for tag in _MANDATORY:
        if tag not in by_base:
            name = f":{tag}a:" if tag in ("50", "59") else f":{tag}:"
            problems.add(name, block_line, f"mandatory field {name} is missing; add it")
    if "20" in by_base:
        ref = by_base["20"].value.strip()
        if not ref or len(ref) > 16 or ref.startswith("/") or "//" in ref:
            problems.add(
                ":20:", by_base["20"].line, f"reference {ref!r} must be 1-16 chars, no leading / or //"
            )
    if "33B" in by_base and not re.fullmatch(r"[A-Z]{3}[0-9]{1,14},[0-9]*", by_base["33B"].value.strip()):
        problems.add(":33B:", by_base["33B"].line, "instructed amount must be currency+amount, e.g. USD100,")
    if "23B" in by_base and by_base["23B"].value.strip() not in ("CRED", "CRTS", "SPAY", "SPRI", "SSTD"):
        problems.add(":23B:", by_base["23B"].line, "operation code must be CRED, CRTS, SPAY, SPRI or SSTD")
    charges = by_base["71A"].value.strip() if "71A" in by_base else None
    if charges is not None and charges not in ("BEN", "OUR", "SHA"):
        problems.add(":71A:", by_base["71A"].line, f"charges code {charges!r} must be BEN, OUR or SHA")


def _message(msg: MtMessage, source: str) -> Payment:
    problems = Problems()
    sender, receiver, uetr = _header(msg, source, problems)
    block4 = msg.blocks.get("4")
    if block4 is None:
        raise PaymentParseError(
            f"{KIND}: no text block {{4:...-}}; the fields :20:, :32A:, :50a:, :59a: live there",
            source=source,
            line=msg.first_line,
            segment="4",
        )
    by_base = _index(read_fields(block4[0], block4[1], problems), problems)
    _check(by_base, block4[1], problems)
    reference = by_base["20"].value.strip() if "20" in by_base else ""
    when, currency, amount = (None, "", Decimal(0))
    if "32A" in by_base:
        when, currency, amount = _value_date(by_base["32A"].value, by_base["32A"].line, problems)
    payment = Payment(
        message_id=reference,
        kind=KIND,
        amount=amount,
        currency=currency,
        execution_date=when,
        raw=msg.text,
        source=source,
        transaction_ref=reference or None,
        uetr=uetr,
        charges=by_base["71A"].value.strip() if "71A" in by_base else None,
    )
    for base, role in _PARTY_FIELDS:
        item = by_base.get(base)
        if item is not None:
            payment.parties.append(parse_party(item.tag, item.lines, item.line, role, problems))
    if sender and "52" not in by_base:
        payment.parties.append(
            PaymentParty("debtor_agent", bic=sender, is_organisation=True, source_field="1")
        )
    if receiver and "57" not in by_base:
        payment.parties.append(
            PaymentParty("creditor_agent", bic=receiver, is_organisation=True, source_field="2")
        )
    if "70" in by_base:
        payment.remittance_info = [ln.strip() for ln in by_base["70"].lines if ln.strip()]
    if "72" in by_base:
        payment.sender_info = [ln.strip() for ln in by_base["72"].lines if ln.strip()]
    if problems:
        raise collected(f"{source} [{reference or 'no :20:'}]", KIND, problems.items, problems.first_line)
    return payment
