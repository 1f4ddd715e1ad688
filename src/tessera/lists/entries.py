"""Shared helpers for list parsers: collect property values, then check them against FollowTheMoney."""

from __future__ import annotations

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry

from tessera.lists.model import ListEntry, RowProblem

Props = dict[str, list[str]]
# Country properties whose values (ISO codes) are used to read national-format phone numbers.
HINT_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")


def add(props: Props, prop: str, value: str | None) -> None:
    """Append a stripped, non-empty value to ``props[prop]`` unless it is already there."""
    if value is None:
        return
    value = " ".join(value.split())
    if value and value not in props.setdefault(prop, []):
        props[prop].append(value)


def _phone(value: str, hints: list[str]) -> str | None:
    """E.164 from an international number, '00…' prefix, or a national number dialled in a hinted country."""
    cleaned: str | None = registry.phone.clean(value)
    if cleaned is None:
        digits = "".join(c for c in value.split("ext")[0] if c.isdigit())
        cleaned = registry.phone.clean("+" + digits.removeprefix("00"))
    for hint in hints:
        if cleaned is not None:
            break
        try:
            cleaned = registry.phone.clean(value, format=hint)
        except InvalidData:  # a country code with no dialling region (e.g. 'zz', 'ua-cri')
            continue
    return cleaned


def build_entry(
    entry_id: str,
    schema_name: str,
    props: Props,
    line: int | None,
    problems: list[RowProblem],
    source: str,
) -> ListEntry:
    """A ListEntry whose every property exists on ``schema_name`` and whose values FtM accepts.

    Values FtM's type cleaning rejects (an unknown country, an impossible date) are dropped and each is
    reported as a RowProblem naming the line, so nothing vanishes silently; the raw text usually also
    survives in ``notes``. Phone numbers without an international prefix are read as dialled in one of
    the entry's countries (``HINT_PROPS``), when that gives a valid number.
    """
    schema = model.get(schema_name)
    if schema is None or schema.abstract:
        raise ValueError(f"{schema_name!r} is not a concrete FollowTheMoney schema")
    clean: Props = {}
    hints = [c for p in HINT_PROPS for c in props.get(p, [])]
    for prop_name, values in props.items():
        prop = schema.get(prop_name)
        if prop is None or prop.stub or prop.type.name == "entity":
            problems.append(
                RowProblem(
                    line, f"{source}: {schema.name} has no text property {prop_name!r}", "; ".join(values)
                )
            )
            continue
        for value in values:
            if prop.type.name in ("name", "string", "text", "identifier"):
                cleaned: str | None = value
            elif prop.type.name == "phone":
                cleaned = _phone(value, hints)
            else:
                cleaned = prop.type.clean(value)
            if cleaned is None:
                problems.append(
                    RowProblem(line, f"{source}: {prop_name} value {value!r} not understood; dropped", value)
                )
            else:
                add(clean, prop_name, cleaned)
    return ListEntry(entry_id, schema.name, {k: v for k, v in clean.items() if v}, line)
