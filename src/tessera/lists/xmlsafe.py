"""Streaming, safe XML reading for list files.

Built on the stdlib expat parser (what ElementTree uses underneath) so that documents declaring a DOCTYPE
or an ENTITY are refused before any entity can be expanded (no "billion laughs", no external entities),
and so that each record element comes with the line it starts on. Only the record elements asked for
are built as ElementTree elements; everything else streams past, so memory stays flat on large lists.
Namespaces are dropped: tags and attribute names are local names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from tessera.errors import ParseError

CHUNK = 1 << 16


class _Refused(Exception):
    """A DTD or entity declaration was met."""


def local(name: str) -> str:
    """'{ns}tag', 'ns tag' or 'tag' → 'tag'."""
    return name.rsplit("}", 1)[-1].rsplit(" ", 1)[-1]


def text(el: ET.Element | None) -> str:
    """The stripped text of ``el`` with inner whitespace collapsed; '' when absent."""
    return " ".join((el.text or "").split()) if el is not None else ""


def iter_records(path: Path, record_tags: set[str]) -> Iterator[tuple[ET.Element, int]]:
    """Yield (element, start line) for every element whose local name is in ``record_tags``.

    Raises :class:`ParseError` (with line and column) on malformed XML or on a DOCTYPE/ENTITY declaration.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    done: list[tuple[ET.Element, int]] = []
    builder: ET.TreeBuilder | None = None
    depth = 0
    start_line = 0

    def refuse(*_: object) -> None:
        raise _Refused

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal builder, depth, start_line
        tag = local(name)
        if builder is None and tag in record_tags:
            builder, depth, start_line = ET.TreeBuilder(), 0, parser.CurrentLineNumber
        if builder is not None:
            depth += 1
            builder.start(tag, {local(k): v for k, v in attrs.items()})

    def end(name: str) -> None:
        nonlocal builder, depth
        if builder is None:
            return
        builder.end(local(name))
        depth -= 1
        if depth == 0:
            done.append((builder.close(), start_line))
            builder = None

    def data(chunk: str) -> None:
        if builder is not None:
            builder.data(chunk)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        with path.open("rb") as fh:
            while True:
                chunk = fh.read(CHUNK)
                parser.Parse(chunk, not chunk)
                yield from done
                done.clear()
                if not chunk:
                    break
    except _Refused:
        raise ParseError(
            "XML with a DOCTYPE or ENTITY declaration is refused (entity expansion risk); "
            "remove the declaration",
            source=str(path),
            line=parser.CurrentLineNumber,
        ) from None
    except expat.ExpatError as exc:
        raise ParseError(
            f"not well-formed XML: {expat.ErrorString(exc.code)}",
            source=str(path),
            line=exc.lineno,
            position=exc.offset,
        ) from exc
    except OSError as exc:
        raise ParseError(f"cannot read XML file: {exc.strerror}", source=str(path)) from exc
