"""Customer files: CSV ``id,name,date_of_birth,nationality,address,identifiers,type`` into FtM-shaped dicts.

Every data row ends up either as a customer or as a rejected row with its line number and the
reason; soft problems (a bad date, an unknown country code) keep the row without that value and are
reported too. Multi-valued cells (nationality, identifiers) are separated by ``;``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tessera.finance.custgen import GeneratedCustomers, PlantedMatch, generate_customers, iter_customers
from tessera.finance.errors import CustomerFileError

__all__ = [
    "COLUMNS",
    "CustomerFile",
    "GeneratedCustomers",
    "PlantedMatch",
    "RowProblem",
    "generate_customers",
    "iter_customers",
    "parse_customers_csv",
]

COLUMNS = ("id", "name", "date_of_birth", "nationality", "address", "identifiers", "type")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str
    rejected: bool  # True: the row was not imported; False: imported without the bad value


@dataclass
class CustomerFile:
    source: str
    customers: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.rejected})


def _partial_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return 1800 <= parts[0] <= date.today().year


def _header(row: list[str], source: str) -> dict[str, int]:
    names = [c.strip().lower().removeprefix("\ufeff") for c in row]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise CustomerFileError(
            f"customer file header lacks column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}",
            source=source,
            line=1,
        )
    return {c: names.index(c) for c in COLUMNS}


def _row(cells: dict[str, str], line: int, out: CustomerFile, seen: set[str]) -> dict[str, Any] | None:
    hard: list[RowProblem] = []

    def fail(column: str, message: str) -> None:
        hard.append(RowProblem(line, column, message, True))

    def warn(column: str, message: str) -> None:
        out.problems.append(RowProblem(line, column, message, False))

    cid, name, kind = cells["id"], cells["name"], cells["type"].lower()
    if not cid:
        fail("id", "customer id is empty; every row needs a unique id")
    elif not _ID.match(cid):
        fail("id", f"id {cid[:40]!r} has characters outside letters, digits and ._:/-")
    elif cid in seen:
        fail("id", f"id {cid!r} already appears on an earlier line; ids must be unique")
    if not name:
        fail("name", "name is empty; a customer cannot be screened without a name")
    if kind not in ("person", "company"):
        fail("type", f"type {cells['type']!r} must be 'person' or 'company'")
    if hard:
        out.problems.extend(hard)
        return None
    seen.add(cid)
    props: dict[str, list[str]] = {"name": [name]}
    dob = cells["date_of_birth"]
    if dob:
        if _partial_date(dob):
            props["birthDate" if kind == "person" else "incorporationDate"] = [dob]
        else:
            warn("date_of_birth", f"date {dob!r} is not YYYY[-MM[-DD]]; imported without it")
    countries = []
    for code in filter(None, (c.strip() for c in cells["nationality"].split(";"))):
        if _COUNTRY.match(code):
            countries.append(code.lower())
        else:
            warn("nationality", f"{code!r} is not a 2-letter ISO country code; imported without it")
    if countries:
        props["nationality" if kind == "person" else "jurisdiction"] = countries
    if cells["address"]:
        props["address"] = [cells["address"]]
    ids = [i.strip() for i in cells["identifiers"].split(";") if i.strip()]
    if ids:
        props["idNumber" if kind == "person" else "registrationNumber"] = ids
    return {"id": cid, "schema": "Person" if kind == "person" else "Company", "properties": props}


def parse_customers_csv(data: str | bytes, *, source: str) -> CustomerFile:
    """Read a customer CSV; raise CustomerFileError only when the file as a whole is unreadable."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CustomerFileError(
                f"customer file is not UTF-8 (byte 0x{data[exc.start]:02x}); re-export it as UTF-8",
                source=source,
                line=data.count(b"\n", 0, exc.start) + 1,
                position=exc.start,
            ) from None
    result = CustomerFile(source)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    seen: set[str] = set()
    last = 0
    try:
        header = next(reader, None)
        if header is None:
            raise CustomerFileError(
                f"customer file is empty; first line must be {','.join(COLUMNS)}", source=source
            )
        index = _header(header, source)
        last = reader.line_num
        for row in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            result.rows_read += 1
            if len(row) != len(header):
                result.problems.append(
                    RowProblem(
                        line, "*", f"row has {len(row)} cells, header has {len(header)}; quote commas", True
                    )
                )
                continue
            cells = {c: row[i].strip() for c, i in index.items()}
            customer = _row(cells, line, result, seen)
            if customer is not None:
                result.customers.append(customer)
    except csv.Error as exc:
        raise CustomerFileError(
            f"customer file is not valid CSV ({exc}); check quoting near this line",
            source=source,
            line=last + 1,
        ) from None
    return result
