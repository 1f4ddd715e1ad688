"""JSON form of ``ParsedMessage``: ``to_json``/``from_json`` round-trip exactly.

Dates are ISO 8601 strings; the document carries ``"format": "tessera.travel/1"``.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from typing import Any

import orjson

from tessera.travel.model import ParsedMessage

FORMAT = "tessera.travel/1"


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value


def to_plain(value: Any) -> Any:
    """A part of a message (a dataclass, list or date) as JSON-ready values."""
    return _dump(value)


def to_dict(msg: ParsedMessage) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT}
    out.update(_dump(msg))
    return out


def to_json(msg: ParsedMessage, *, indent: int | None = None) -> str:
    if indent is not None:
        return json.dumps(to_dict(msg), ensure_ascii=False, indent=indent)
    # orjson writes dataclasses and dates (ISO 8601) itself, in field order: the same document.
    body = orjson.dumps(msg).decode("utf-8")
    return f'{{"format":"{FORMAT}"' + ("," + body[1:] if body != "{}" else "}")


def _load(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(args[0], value)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {type(value).__name__}")
        return [_load(inner, v) for v in value]
    if origin is typing.Literal:
        if value not in typing.get_args(tp):
            raise ValueError(f"{value!r} is not one of {typing.get_args(tp)}")
        return value
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ValueError(f"expected an object for {tp.__name__}")
        hints = typing.get_type_hints(tp)
        kwargs = {
            f.name: _load(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value
        }
        return tp(**kwargs)
    if tp in (str, int, bool) and not isinstance(value, tp):
        raise ValueError(f"expected {tp.__name__}, got {value!r}")
    return value


def from_dict(data: dict[str, Any]) -> ParsedMessage:
    if data.get("format") != FORMAT:
        raise ValueError(f"format must be {FORMAT!r}")
    body = {k: v for k, v in data.items() if k != "format"}
    msg = _load(ParsedMessage, body)
    assert isinstance(msg, ParsedMessage)
    return msg


def from_json(text: str) -> ParsedMessage:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return from_dict(data)
