"""One root exception for Tessera; subclasses carry context for the API and CLI.

Every error has a stable machine ``code`` and a human ``message`` that names the input and,
where there is one, the fix. ``details`` lists individual problems when validation collects
several before raising once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class ErrorDetail:
    """One problem found while validating input."""

    location: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"location": self.location, "message": self.message}


class TesseraError(Exception):
    """Root of all Tessera errors."""

    code = "error"
    status = 500

    def __init__(self, message: str, *, details: list[ErrorDetail] | None = None, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[ErrorDetail] = details or []
        self.context = context

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "details": [d.to_dict() for d in self.details],
        }


class ConfigError(TesseraError):
    code = "config_error"
    status = 500


class ValidationError(TesseraError):
    """Input is malformed; ``details`` names every problem found."""

    code = "invalid_input"
    status = 422


class NotFound(TesseraError):
    """The record does not exist *or* the viewer may not see it: the two are never distinguished."""

    code = "not_found"
    status = 404

    def __init__(self, what: str = "record") -> None:
        super().__init__(f"No such {what}.")


class AuthenticationError(TesseraError):
    code = "unauthenticated"
    status = 401


class PermissionDenied(TesseraError):
    code = "forbidden"
    status = 403


class Conflict(TesseraError):
    code = "conflict"
    status = 409


class ParseError(TesseraError):
    """A message or file could not be understood; names the input and position."""

    code = "parse_error"
    status = 422

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        segment: str | None = None,
        position: int | None = None,
        details: list[ErrorDetail] | None = None,
    ) -> None:
        where = ", ".join(
            part
            for part in (
                f"in {source}" if source else "",
                f"line {line}" if line is not None else "",
                f"segment {segment}" if segment else "",
                f"position {position}" if position is not None else "",
            )
            if part
        )
        super().__init__(f"{message} ({where})" if where else message, details=details)
        self.source = source
        self.line = line
        self.segment = segment
        self.position = position
