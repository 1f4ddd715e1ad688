"""A small, safe XML reader: expat with DOCTYPE/entity declarations refused, local names, line numbers.

No DTD means no entity expansion (billion laughs) and no external entities (XXE). Elements are kept
with their namespace stripped so that every ``pacs.008.001.xx`` version reads the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

MAX_DEPTH = 64


class UnsafeXml(Exception):
    """Raised from expat handlers; converted to a ParseError by the caller."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Node:
    tag: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    namespace: str = ""

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def child(self, tag: str) -> Node | None:
        for node in self.children:
            if node.tag == tag:
                return node
        return None

    def all(self, tag: str) -> list[Node]:
        return [n for n in self.children if n.tag == tag]

    def find(self, path: str) -> Node | None:
        node: Node | None = self
        for step in path.split("/"):
            if node is None:
                return None
            node = node.child(step)
        return node

    def value(self, path: str) -> str | None:
        node = self.find(path)
        if node is None:
            return None
        return node.text or None

    def walk(self) -> Iterator[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def _local(name: str) -> tuple[str, str]:
    ns, _, local = name.rpartition(" ")
    return local, ns


def parse_xml(text: str) -> Node:
    """Parse ``text`` into a :class:`Node` tree; raise UnsafeXml or expat.ExpatError."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[Node] = []
    stack: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag, ns = _local(name)
        node = Node(tag, parser.CurrentLineNumber, {_local(k)[0]: v for k, v in attrs.items()}, namespace=ns)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        if len(stack) > MAX_DEPTH:
            raise UnsafeXml(f"elements nested deeper than {MAX_DEPTH} levels", parser.CurrentLineNumber)

    def end(name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def doctype(*args: object) -> None:
        raise UnsafeXml("DOCTYPE declarations are not allowed", parser.CurrentLineNumber)

    def entity(*args: object) -> None:
        raise UnsafeXml("entity declarations are not allowed", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *a: False
    parser.Parse(text, True)
    if not root:
        raise UnsafeXml("no root element", 1)
    return root[0]
