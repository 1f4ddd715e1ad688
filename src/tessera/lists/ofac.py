"""OFAC SDN list, legacy CSV form (sdn.csv, alt.csv, add.csv), into FtM-shaped entries.

No header row; Latin-1; CRLF; ``-0-`` means empty; a ``^Z`` byte may end a file. No field spans
lines, so each line is parsed on its own: a broken line is reported with its number and cannot
swallow the lines after it. The remarks column is read by :mod:`tessera.lists.ofac_remarks`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from tessera.errors import ParseError
from tessera.lists.entries import Props, add, build_entry
from tessera.lists.model import ListEntry, ParsedList, RowProblem
from tessera.lists.ofac_remarks import NO_COUNTRY, clean_country, parse_remarks

SCHEMA = {"individual": "Person", "": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
ALIAS_PROP = {"aka": "alias", "fka": "previousName", "nka": "alias"}
SDN_COLUMNS = 12
VESSEL_COLUMNS = ((5, "callSign"), (6, "type"), (7, "tonnage"), (8, "grossRegisteredTonnage"), (9, "flag"))


def _rows(path: Path, problems: list[RowProblem]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank line; ``-0-`` becomes ''. Bad lines become problems."""
    try:
        text = path.read_bytes().decode("latin-1")
    except OSError as exc:
        raise ParseError(f"cannot read OFAC file: {exc.strerror}", source=str(path)) from exc
    for line_no, line in enumerate(text.splitlines(), start=1):
        line = line.replace("\x1a", "")
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            problems.append(
                RowProblem(line_no, f"{path.name}: not valid CSV ({exc}); line skipped", line[:200])
            )
            continue
        yield line_no, [("" if c.strip() == "-0-" else c.strip()) for c in cells]


def _split_name(name: str) -> tuple[str, str] | None:
    """'BIN LADIN, Usama bin Muhammad' → ('Usama bin Muhammad', 'BIN LADIN') when there is one comma."""
    if name.count(",") != 1:
        return None
    last, first = (p.strip() for p in name.split(","))
    return (first, last) if first and last else None


def _sdn(row: list[str], problems: list[RowProblem], line_no: int) -> tuple[str, Props] | None:
    ent_num, name, kind, program, title = row[0], row[1], row[2].lower(), row[3], row[4]
    schema = SCHEMA[kind]
    props: Props = {"topics": ["sanction"]}
    add(props, "name", name)
    if schema == "Person":
        split = _split_name(name)
        if split:
            add(props, "firstName", split[0])
            add(props, "lastName", split[1])
        add(props, "position", title)
    elif title:
        add(props, "notes", f"Title: {title}")
    for part in program.split("] ["):
        add(props, "program", part.strip("[] "))
    if schema == "Vessel":
        for idx, prop in VESSEL_COLUMNS:
            if row[idx].lower() not in NO_COUNTRY:
                add(props, prop, row[idx])
        if row[10]:
            add(props, "notes", f"Vessel owner: {row[10]}")
    remarks = row[11]
    if remarks:
        add(props, "notes", remarks)
        parsed = parse_remarks(remarks, schema)
        for prop, values in parsed.properties.items():
            for value in values:
                add(props, prop, value)
        problems.extend(
            RowProblem(line_no, f"sdn.csv entry {ent_num}: {issue}", remarks[:200]) for issue in parsed.issues
        )
    return schema, props


def read_ofac_csv(directory: Path) -> ParsedList:
    """Read ``sdn.csv`` (required), ``alt.csv`` and ``add.csv`` (optional) from ``directory``."""
    sdn_path = directory / "sdn.csv"
    if not sdn_path.is_file():
        raise ParseError(
            "OFAC folder has no sdn.csv; give the folder holding sdn.csv, alt.csv and add.csv",
            source=str(directory),
        )
    result = ParsedList(format="ofac-csv")
    problems = result.problems
    found: dict[str, tuple[int, str, Props]] = {}
    for line_no, row in _rows(sdn_path, problems):
        raw = ",".join(row)[:200]
        if len(row) != SDN_COLUMNS:
            problems.append(
                RowProblem(line_no, f"sdn.csv: expected {SDN_COLUMNS} columns, found {len(row)}", raw)
            )
        elif not row[0].isdigit() or not row[1]:
            problems.append(RowProblem(line_no, "sdn.csv: expected an entry number and a name", raw))
        elif row[2].lower() not in SCHEMA:
            problems.append(RowProblem(line_no, f"sdn.csv: unknown SDN type {row[2]!r}", raw))
        elif row[0] in found:
            problems.append(
                RowProblem(line_no, f"sdn.csv: entry number {row[0]} repeated; later row skipped", raw)
            )
        else:
            parsed = _sdn(row, problems, line_no)
            if parsed:
                found[row[0]] = (line_no, parsed[0], parsed[1])
    aliases = 0
    alt_path = directory / "alt.csv"
    for line_no, row in _rows(alt_path, problems) if alt_path.is_file() else iter(()):
        raw = ",".join(row)[:200]
        if len(row) < 4 or not row[3]:
            problems.append(
                RowProblem(line_no, "alt.csv: expected ent_num, alt_num, alt_type, alt_name", raw)
            )
            continue
        if row[0] not in found:
            problems.append(RowProblem(line_no, f"alt.csv: alias for unknown entry {row[0]!r}", raw))
            continue
        kind, remarks = row[2].lower(), (row[4] if len(row) > 4 else "").lower()
        if kind not in ALIAS_PROP:
            problems.append(
                RowProblem(line_no, f"alt.csv: unknown alias type {row[2]!r} (aka, fka, nka)", raw)
            )
            continue
        prop = "weakAlias" if kind == "aka" and "weak" in remarks else ALIAS_PROP[kind]
        add(found[row[0]][2], prop, row[3])
        aliases += 1
    addresses = 0
    add_path = directory / "add.csv"
    for line_no, row in _rows(add_path, problems) if add_path.is_file() else iter(()):
        raw = ",".join(row)[:200]
        if len(row) < 5:
            problems.append(
                RowProblem(line_no, "add.csv: expected ent_num, add_num, address, city, country", raw)
            )
            continue
        if row[0] not in found:
            problems.append(RowProblem(line_no, f"add.csv: address for unknown entry {row[0]!r}", raw))
            continue
        props = found[row[0]][2]
        parts = [p for p in row[2:5] if p]
        if parts:
            add(props, "address", ", ".join(parts))
            addresses += 1
        country = clean_country(row[4]) if row[4] else None
        if country:
            add(props, "country", country)
        elif row[4] and row[4].lower() not in NO_COUNTRY:
            problems.append(RowProblem(line_no, f"add.csv: country {row[4]!r} not recognised", raw))
    entries: list[ListEntry] = [
        build_entry(f"ofac-{num}", schema, props, line_no, problems, "sdn.csv")
        for num, (line_no, schema, props) in found.items()
    ]
    result.entries = entries
    result.stats = {"entries": len(entries), "aliases": aliases, "addresses": addresses}
    return result
