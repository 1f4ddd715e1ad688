"""Shared helpers for list parsers: collect property values, then check them against FollowTheMoney."""

from __future__ import annotations

from followthemoney import model

from tessera.lists.model import ListEntry, RowProblem

Props = dict[str, list[str]]


def add(props: Props, prop: str, value: str | None) -> None:
    """Append a stripped, non-empty value to ``props[prop]`` unless it is already there."""
    if value is None:
        return
    value = " ".join(value.split())
    if value and value not in props.setdefault(prop, []):
        props[prop].append(value)


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
    survives in ``notes``.
    """
    schema = model.get(schema_name)
    if schema is None or schema.abstract:
        raise ValueError(f"{schema_name!r} is not a concrete FollowTheMoney schema")
    clean: Props = {}
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
            else:
                cleaned = prop.type.clean(value)
                if cleaned is None and prop.type.name == "phone":
                    digits = "".join(c for c in value if c.isdigit())
                    cleaned = prop.type.clean("+" + digits.removeprefix("00"))
            if cleaned is None:
                problems.append(
                    RowProblem(line, f"{source}: {prop_name} value {value!r} not understood; dropped", value)
                )
            else:
                add(clean, prop_name, cleaned)
    return ListEntry(entry_id, schema.name, {k: v for k, v in clean.items() if v}, line)
