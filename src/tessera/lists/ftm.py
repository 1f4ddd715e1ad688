"""FollowTheMoney JSON lines (as OpenSanctions publishes them) into list entries.

One ``{"id", "schema", "properties": {...}}`` object per line; other keys (``caption``, ``datasets``,
``referents``, ``first_seen``, ``target``, ...) are ignored. Only listed kinds (LegalEntity and its
descendants, Vessel, Airplane, Vehicle, CryptoWallet, BankAccount, Security) become entries; valid
entities of other schemas (Sanction, Address, Ownership, ...) are counted in ``stats`` under
``skipped:<Schema>``, and references to other entities (entity-typed properties) under
``entity_refs_dropped``. A line with bad JSON, no id, an unknown schema or an unknown property name is
reported with its line number and skipped; a value FtM cannot clean is reported and dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema

from tessera.errors import ParseError
from tessera.lists.entries import build_entry
from tessera.lists.model import ParsedList, RowProblem

TARGET_SCHEMAS = ("Vessel", "Airplane", "Vehicle", "CryptoWallet", "BankAccount", "Security")


def _check(obj: Any) -> tuple[Schema | None, str]:
    """(schema, '') for a usable FtM entity, else (None, why not)."""
    if not isinstance(obj, dict):
        return None, "expected a JSON object"
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        return None, "missing string 'id'"
    schema = model.get(obj["schema"]) if isinstance(obj.get("schema"), str) else None
    if schema is None:
        return None, f"unknown schema {obj.get('schema')!r}"
    if schema.abstract:
        return None, f"schema {schema.name} is abstract"
    props = obj.get("properties", {})
    if not isinstance(props, dict):
        return None, "'properties' must be an object of lists"
    unknown = sorted(str(k) for k in props if schema.get(str(k)) is None)
    if unknown:
        return None, f"{schema.name} has no properties {unknown}"
    bad = sorted(
        str(k) for k, v in props.items() if not isinstance(v, list) or not all(isinstance(x, str) for x in v)
    )
    if bad:
        return None, f"properties {bad} must be lists of strings"
    return schema, ""


def is_target(schema: Schema) -> bool:
    """Schemas that are listed as such: legal entities, vessels, aircraft, wallets, accounts, securities."""
    return schema.is_a("LegalEntity") or schema.name in TARGET_SCHEMAS


def read_ftm_jsonl(path: Path) -> ParsedList:
    result = ParsedList(format="ftm")
    stats: dict[str, int] = {"entries": 0, "entity_refs_dropped": 0}
    seen: set[str] = set()
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise ParseError(f"cannot read FtM file: {exc.strerror}", source=str(path)) from exc
    with fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                result.problems.append(
                    RowProblem(line_no, f"not JSON: {exc.msg} at column {exc.colno}", line[:200])
                )
                continue
            schema, why = _check(obj)
            if schema is not None and obj["id"] in seen:
                schema, why = None, f"entity id {obj['id']!r} repeated; later line skipped"
            if schema is None:
                result.problems.append(RowProblem(line_no, why, line[:200]))
                continue
            if not is_target(schema):
                key = f"skipped:{schema.name}"
                stats[key] = stats.get(key, 0) + 1
                continue
            props: dict[str, list[str]] = {}
            for name, values in obj.get("properties", {}).items():
                prop = schema.get(name)
                if prop is None or prop.type.name == "entity":
                    stats["entity_refs_dropped"] += len(values)
                elif values:
                    props[name] = values
            seen.add(obj["id"])
            result.entries.append(
                build_entry(obj["id"], schema.name, props, line_no, result.problems, path.name)
            )
    stats["entries"] = len(result.entries)
    result.stats = stats
    return result
