"""Finance parse errors: every one names the message, the field or element, the line and the fix."""

from __future__ import annotations

from tessera.errors import ErrorDetail, ParseError


class PaymentParseError(ParseError):
    """A payment message (pacs.008 or MT103) could not be read or failed validation."""

    code = "payment_parse_error"


class CustomerFileError(ParseError):
    """A customer CSV file could not be read at all (bad header, wrong encoding)."""

    code = "customer_file_error"


def collected(
    source: str, kind: str, problems: list[ErrorDetail], line: int | None = None
) -> PaymentParseError:
    """One error for all validation problems found in one message."""
    first = problems[0]
    summary = "; ".join(f"{p.location}: {p.message}" for p in problems[:5])
    more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
    return PaymentParseError(
        f"{kind} message has {len(problems)} problem(s): {summary}{more}",
        source=source,
        segment=first.location.split(" (line")[0],
        line=line,
        details=problems,
    )
