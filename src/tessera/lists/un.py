"""UN Security Council consolidated sanctions list XML into FtM-shaped entries.

INDIVIDUAL → Person, ENTITY → Organization. Names in their original script (Arabic, Cyrillic, ...) are
kept as ``alias`` values: they are real cross-script names. Alias quality Good (and a.k.a./f.k.a.) →
``alias``/``previousName``, Low → ``weakAlias``. Ids are ``un-<REFERENCE_NUMBER>`` (or DATAID).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from tessera.lists.entries import Props, add, build_entry
from tessera.lists.model import ParsedList, RowProblem
from tessera.lists.ofac_remarks import clean_country, parse_date
from tessera.lists.xmlsafe import iter_records, text

RECORDS = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_TRAILING_NUMBER = re.compile(r"number\s+(\d[\w/-]*)\s*$")
_GENDER_NOTE = re.compile(r"Gender \[(Male|Female)\]", re.IGNORECASE)


def _texts(el: ET.Element, path: str) -> list[str]:
    return [t for t in (text(v) for v in el.findall(path)) if t]


def _join(el: ET.Element, tags: tuple[str, ...]) -> str:
    return ", ".join(t for t in (text(el.find(tag)) for tag in tags) if t)


def _country(props: Props, prop: str, value: str, problems: list[RowProblem], line: int, ref: str) -> None:
    if not value:
        return
    code = clean_country(value)
    if code is None:
        problems.append(RowProblem(line, f"UN entry {ref}: {prop} country not recognised: {value!r}", value))
    add(props, prop, code)


def _dates(el: ET.Element, props: Props, problems: list[RowProblem], line: int, ref: str) -> None:
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        exact = text(dob.find("DATE"))[:10]
        year, lo, hi = (text(dob.find(t)) for t in ("YEAR", "FROM_YEAR", "TO_YEAR"))
        values: list[str] = []
        if exact:
            values.append(exact)
        if year:
            values.extend(parse_date(year))
        if lo or hi:
            values.extend(parse_date(f"{lo or hi} to {hi or lo}"))
        if not values and (exact or year or lo or hi):
            problems.append(RowProblem(line, f"UN entry {ref}: date of birth not understood", exact or year))
        for value in values:
            add(props, "birthDate", value)


def _doc_number(number: str) -> str:
    """'Jordan 654781' → '654781': a country name written before the number in the source is dropped."""
    words = number.split()
    for cut in range(min(3, len(words) - 1), 0, -1):
        rest = " ".join(words[cut:])
        head = " ".join(words[:cut])
        # Names only, not codes: 'AE 123456' is a passport series, not the Emirates.
        if len(head) > 3 and any(c.isdigit() for c in rest) and clean_country(head):
            return rest
    return number


def _person(el: ET.Element, props: Props, problems: list[RowProblem], line: int, ref: str) -> None:
    add(props, "firstName", text(el.find("FIRST_NAME")))
    add(props, "secondName", text(el.find("SECOND_NAME")))
    _dates(el, props, problems, line, ref)
    for pob in el.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        add(props, "birthPlace", _join(pob, ("CITY", "STATE_PROVINCE", "COUNTRY")))
        _country(props, "birthCountry", text(pob.find("COUNTRY")), problems, line, ref)
    for nat in _texts(el, "NATIONALITY/VALUE"):
        _country(props, "nationality", nat, problems, line, ref)
    for doc in el.findall("INDIVIDUAL_DOCUMENT"):
        kind = f"{text(doc.find('TYPE_OF_DOCUMENT'))} {text(doc.find('TYPE_OF_DOCUMENT2'))}".lower()
        number = _doc_number(text(doc.find("NUMBER"))) or next(iter(_TRAILING_NUMBER.findall(kind)), "")
        add(props, "passportNumber" if "passport" in kind else "idNumber", number)
    for title in _texts(el, "TITLE/VALUE"):
        add(props, "title", title)
    for designation in _texts(el, "DESIGNATION/VALUE"):
        add(props, "position", designation)
    gender = text(el.find("GENDER")) or next(iter(_GENDER_NOTE.findall(text(el.find("COMMENTS1")))), "")
    if gender.lower() in ("male", "female"):
        add(props, "gender", gender.lower())


def _record(el: ET.Element, line: int, result: ParsedList) -> None:
    schema = RECORDS[el.tag]
    ref = text(el.find("REFERENCE_NUMBER")) or text(el.find("DATAID"))
    name = " ".join(t for t in (text(el.find(tag)) for tag in NAME_PARTS) if t)
    if not ref or not name:
        result.problems.append(RowProblem(line, f"UN {el.tag} without reference number or name; skipped"))
        return
    props: Props = {"topics": ["sanction"]}
    add(props, "name", name)
    if schema == "Person":
        _person(el, props, result.problems, line, ref)
    add(props, "alias", text(el.find("NAME_ORIGINAL_SCRIPT")))
    for alias in el.findall("INDIVIDUAL_ALIAS") + el.findall("ENTITY_ALIAS"):
        quality = text(alias.find("QUALITY")).lower()
        prop = {"low": "weakAlias", "f.k.a.": "previousName"}.get(quality, "alias")
        add(props, prop, text(alias.find("ALIAS_NAME")))
    for addr in el.findall("INDIVIDUAL_ADDRESS") + el.findall("ENTITY_ADDRESS"):
        add(props, "address", _join(addr, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")))
        _country(props, "country", text(addr.find("COUNTRY")), result.problems, line, ref)
    add(props, "program", text(el.find("UN_LIST_TYPE")))
    add(props, "createdAt", text(el.find("LISTED_ON"))[:10])
    add(props, "notes", text(el.find("COMMENTS1")))
    result.entries.append(build_entry(f"un-{ref}", schema, props, line, result.problems, "UN list"))


def read_un_xml(path: Path) -> ParsedList:
    """Read a UN consolidated list XML file; ``source_line`` is the line each record starts on."""
    result = ParsedList(format="un-xml")
    seen: set[str] = set()
    for el, line in iter_records(path, set(RECORDS)):
        before = len(result.entries)
        _record(el, line, result)
        if len(result.entries) > before and result.entries[-1].id in seen:
            dup = result.entries.pop()
            result.problems.append(RowProblem(line, f"UN entry {dup.id} repeated; later record skipped"))
        elif len(result.entries) > before:
            seen.add(result.entries[-1].id)
    result.stats = {"entries": len(result.entries)}
    return result
