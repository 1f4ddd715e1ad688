"""Errors of the travel module."""

from __future__ import annotations

from tessera.errors import ParseError


class QuarantineError(ParseError):
    """A travel message that cannot be understood; it goes to quarantine for a human.

    ``reason`` is a short stable code (``truncated``, ``count_mismatch``, ``bad_date``,
    ``bad_release``, ``too_large``, ``empty``, ``unknown_format``, ``bad_segment``);
    the message names the input, the UNH reference when known, the segment and position.
    """

    code = "quarantined"

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        source: str | None = None,
        message_ref: str = "",
        segment: str | None = None,
        position: int | None = None,
    ) -> None:
        src = f"{source} (UNH {message_ref})" if source and message_ref else source
        super().__init__(f"{reason}: {message}", source=src, segment=segment, position=position)
        self.reason = reason
        self.message_ref = message_ref
