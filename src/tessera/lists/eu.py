"""EU consolidated financial sanctions list XML (FSD export, namespace http://eu.europa.eu/fpi/fsd/export).

``sanctionEntity`` → Person (subjectType person) or Organization (enterprise); the first strong
``nameAlias`` becomes ``name``, further ones ``alias`` and ``strong="false"`` ones ``weakAlias``.
Ids are ``eu-<logicalId>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tessera.lists.entries import Props, add, build_entry
from tessera.lists.model import ParsedList, RowProblem
from tessera.lists.ofac_remarks import clean_country, parse_date
from tessera.lists.xmlsafe import iter_records, text

SUBJECTS = {"person": "Person", "enterprise": "Organization"}
ID_TYPES = {
    "passport": "passportNumber",
    "id": "idNumber",
    "fiscalcode": "taxNumber",
    "regnumber": "registrationNumber",
    "swiftbic": "swiftBic",
    "ssn": "socialSecurityNumber",
}
PERSON_ONLY = (
    "gender",
    "nationality",
    "birthDate",
    "birthPlace",
    "birthCountry",
    "passportNumber",
    "position",
    "firstName",
    "middleName",
    "lastName",
    "title",
    "socialSecurityNumber",
)
UNKNOWN_COUNTRY = ("", "00")


def _country(a: dict[str, str], props: Props, prop: str, problems: list[RowProblem], line: int) -> None:
    code, description = a.get("countryIso2Code", ""), a.get("countryDescription", "")
    if code.upper() in UNKNOWN_COUNTRY and description.upper() in ("", "UNKNOWN"):
        return
    cleaned = clean_country(code) if code.upper() not in UNKNOWN_COUNTRY else clean_country(description)
    if cleaned is None:
        problems.append(RowProblem(line, f"EU list: {prop} country not recognised: {code or description!r}"))
    add(props, prop, cleaned)


def _name_alias(a: dict[str, str], props: Props) -> None:
    parts = (a.get("firstName"), a.get("middleName"), a.get("lastName"))
    whole = a.get("wholeName") or " ".join(p for p in parts if p)
    weak = a.get("strong", "true").lower() == "false"
    prop = "weakAlias" if weak else ("alias" if props.get("name") else "name")
    add(props, prop, whole)
    if prop == "name":
        add(props, "firstName", a.get("firstName"))
        add(props, "middleName", a.get("middleName"))
        add(props, "lastName", a.get("lastName"))
    add(props, "gender", {"M": "male", "F": "female"}.get(a.get("gender", "").upper()))
    add(props, "position", a.get("function"))
    add(props, "title", a.get("title"))


def _birth(a: dict[str, str], props: Props, problems: list[RowProblem], line: int) -> None:
    values: list[str] = []
    if a.get("birthdate"):
        values.append(a["birthdate"][:10])
    elif a.get("yearRangeFrom") or a.get("yearRangeTo"):
        lo, hi = a.get("yearRangeFrom", ""), a.get("yearRangeTo", "")
        values = parse_date(f"{lo or hi} to {hi or lo}")
    elif a.get("year"):
        month = a.get("monthOfYear", "")
        values = [f"{a['year']}-{int(month):02d}" if month.isdigit() else a["year"]]
    for value in values:
        add(props, "birthDate", value)
    place = ", ".join(
        p for p in (a.get("city"), a.get("region"), a.get("place"), a.get("countryDescription")) if p
    )
    add(props, "birthPlace", place)
    _country(a, props, "birthCountry", problems, line)


def _entity(el: ET.Element, line: int, result: ParsedList) -> None:
    problems = result.problems
    logical_id = el.get("logicalId", "")
    kind = ""
    props: Props = {"topics": ["sanction"]}
    add(props, "createdAt", el.get("designationDate", "")[:10])
    for child in el:
        tag, a = child.tag, dict(child.attrib)
        if tag == "subjectType":
            kind = a.get("code", "")
        elif tag == "nameAlias":
            _name_alias(a, props)
        elif tag == "citizenship":
            _country(a, props, "nationality", problems, line)
        elif tag == "birthdate":
            _birth(a, props, problems, line)
        elif tag == "identification":
            add(props, ID_TYPES.get(a.get("identificationTypeCode", "").lower(), "idNumber"), a.get("number"))
        elif tag == "address":
            parts = [
                a.get(k)
                for k in ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")
            ]
            add(props, "address", ", ".join(p for p in parts if p))
            _country(a, props, "country", problems, line)
        elif tag == "regulation":
            add(props, "program", a.get("programme") or a.get("numberTitle"))
        elif tag == "remark":
            add(props, "notes", text(child))
    schema = SUBJECTS.get(kind)
    if schema is None or not logical_id or not props.get("name"):
        why = f"unknown subjectType {kind!r}" if schema is None else "no logicalId or name"
        problems.append(RowProblem(line, f"EU sanctionEntity {logical_id or '?'}: {why}; skipped"))
        return
    if schema != "Person":
        misplaced = [p for p in PERSON_ONLY if props.pop(p, None)]
        if misplaced:
            problems.append(
                RowProblem(line, f"EU entity {logical_id}: person fields on an enterprise: {misplaced}")
            )
    result.entries.append(build_entry(f"eu-{logical_id}", schema, props, line, problems, "EU list"))


def read_eu_xml(path: Path) -> ParsedList:
    """Read an EU FSD XML export; ``source_line`` is the line each sanctionEntity starts on."""
    result = ParsedList(format="eu-xml")
    for el, line in iter_records(path, {"sanctionEntity"}):
        _entity(el, line, result)
    result.stats = {"entries": len(result.entries)}
    return result
