"""Entry point: detect the payment format (ISO 20022 XML or SWIFT MT) and parse it; never drop silently."""

from __future__ import annotations

from tessera.finance.errors import PaymentParseError
from tessera.finance.mt103 import parse_mt103
from tessera.finance.pacs008 import parse_pacs008
from tessera.finance.payments import Payment

MAX_BYTES = 20 * 1024 * 1024


def decode(raw: bytes | str, source: str) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    if len(raw) > MAX_BYTES:
        raise PaymentParseError(
            f"payment file is {len(raw)} bytes, over the {MAX_BYTES} byte limit; split it", source=source
        )
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PaymentParseError(
            f"payment file is not UTF-8 (byte 0x{raw[exc.start]:02x}); re-export it as UTF-8",
            source=source,
            line=line,
            position=exc.start,
        ) from None


def detect(text: str) -> str | None:
    head = text.lstrip()[:200]
    if head.startswith("<"):
        return "pacs.008"
    if head.startswith(("{1:", "{2:", "{4:", ":20:")):
        return "MT103"
    return None


def parse_payment(raw: bytes | str, *, source: str) -> list[Payment]:
    """Parse one payment file into payments; raise a PaymentParseError for anything unreadable."""
    text = decode(raw, source)
    if not text.strip():
        raise PaymentParseError("payment file is empty; send a pacs.008 XML or MT103 message", source=source)
    kind = detect(text)
    if kind == "pacs.008":
        return parse_pacs008(text, source=source)
    if kind == "MT103":
        return parse_mt103(text, source=source)
    first = text.strip()[:30]
    raise PaymentParseError(
        f"unrecognised payment format starting {first!r}; send ISO 20022 pacs.008 XML or a SWIFT MT103"
        " (starting '{1:' or ':20:')",
        source=source,
        line=1,
    )
