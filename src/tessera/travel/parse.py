"""Entry point: ``parse_message`` detects PNRGOV, PAXLST or the JSON form and parses it."""

from __future__ import annotations

import json

from tessera.travel.edifact import split_segments
from tessera.travel.envelope import ParseOptions, read_envelope
from tessera.travel.errors import QuarantineError
from tessera.travel.model import Deviation, ParsedMessage
from tessera.travel.paxlst import interpret_paxlst
from tessera.travel.pnrgov import interpret_pnrgov


def _decode(raw: bytes | str, source: str, deviations: list[Deviation]) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        deviations.append(Deviation("", 0, f"not UTF-8 (byte {exc.start}); read as Latin-1"))
        return raw.decode("latin-1")


def parse_message(raw: bytes | str, *, source: str, options: ParseOptions | None = None) -> ParsedMessage:
    """Parse one interchange; lenient where the meaning is clear, ``QuarantineError`` otherwise.

    Every tolerated irregularity is recorded as a ``Deviation`` on the result.
    """
    opts = options or ParseOptions()
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > opts.max_bytes:
        raise QuarantineError(
            "too_large",
            f"{size} bytes exceeds the limit of {opts.max_bytes}; "
            "split the interchange or raise ParseOptions.max_bytes",
            source=source,
        )
    deviations: list[Deviation] = []
    text = _decode(raw, source, deviations).lstrip("\ufeff")
    if not text.strip():
        raise QuarantineError("empty", "the message is empty", source=source)
    if text.lstrip().startswith("{"):
        from tessera.travel.jsonform import from_json

        try:
            msg = from_json(text)
        except (ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise QuarantineError(
                "bad_json", f"not a Tessera travel JSON document: {exc}", source=source
            ) from None
        msg.source = source
        return msg
    try:
        chars, segments = split_segments(text, source, deviations)
        env = read_envelope(segments, source, opts, deviations)
        msg = ParsedMessage(
            kind="PNR",
            sender=env.sender,
            recipient=env.recipient,
            message_ref=env.message_ref,
            version=env.version,
            push_time=env.push_time,
            source=source,
            deviations=deviations,
        )
        if env.message_type == "PNRGOV":
            return interpret_pnrgov(env, msg, chars.data_separator)
        if env.message_type == "PAXLST":
            msg.kind = "API"
            return interpret_paxlst(env, msg, opts)
        raise QuarantineError(
            "unknown_format",
            f"UNH message type {env.message_type!r} is neither PNRGOV nor PAXLST",
            source=source,
            message_ref=env.message_ref,
            segment="UNH",
        )
    except QuarantineError:
        raise
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:  # defensive net
        raise QuarantineError("unreadable", f"{type(exc).__name__}: {exc}", source=source) from None
