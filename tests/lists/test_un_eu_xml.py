"""UN consolidated list XML (real sample), EU FSD XML (synthetic), and the safe XML reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import model

from tessera.errors import ParseError
from tessera.lists.eu import read_eu_xml
from tessera.lists.model import ParsedList
from tessera.lists.un import read_un_xml

UN = Path(__file__).resolve().parents[2] / ".." / "shared" / "lists" / "un-sample" / "consolidated-sample.xml"
EU = Path(__file__).resolve().parent / "data" / "eu-synthetic.xml"


@pytest.fixture(scope="module")
def un() -> ParsedList:
    if not UN.exists():
        pytest.skip("shared UN sample absent")
    return read_un_xml(UN)


def _valid(parsed: ParsedList) -> None:
    for entry in parsed.entries:
        schema = model.get(entry.schema)
        assert schema is not None
        assert all(schema.get(p) is not None and values for p, values in entry.properties.items())


def test_un_counts_and_ids(un: ParsedList) -> None:
    text = UN.read_text(encoding="utf-8")
    persons, orgs = text.count("<INDIVIDUAL>"), text.count("<ENTITY>")
    assert len(un.entries) == persons + orgs == 33
    assert sum(e.schema == "Person" for e in un.entries) == persons
    assert len({e.id for e in un.entries}) == 33 and all(e.id.startswith("un-") for e in un.entries)
    assert un.problems == []
    _valid(un)


def test_un_person_fields(un: ParsedList) -> None:
    by_id = {e.id: e.properties for e in un.entries}
    houthi = by_id["un-YEi.001"]
    assert houthi["name"] == ["ABD AL-KHALIQ AL-HOUTHI"]
    assert "عبدالخالق الحوثي" in houthi["alias"]  # original script kept as a name
    assert houthi["weakAlias"] == ["Abu-Yunus"]  # quality Low
    assert houthi["birthDate"] == ["1984"] and houthi["nationality"] == ["ye"]
    assert houthi["gender"] == ["male"] and houthi["program"] == ["Yemen"]
    qdi346 = by_id["un-QDi.346"]
    assert qdi346["birthDate"] == ["1989-07-13"]
    assert qdi346["passportNumber"] == ["K475336"] and qdi346["idNumber"] == ["28940000602"]
    scripts = [
        a
        for e in un.entries
        for a in e.properties.get("alias", [])
        if any("\u0400" <= c <= "\u06ff" for c in a)
    ]
    assert len(scripts) >= 15


def test_un_entity(un: ParsedList) -> None:
    entity = next(e for e in un.entries if e.id == "un-QDe.069")
    assert entity.schema == "Organization"
    assert set(entity.properties["country"]) == {"pk", "af"}
    assert "Ahya ul Turas" in entity.properties["alias"]
    assert entity.source_line and entity.source_line > 1


def test_un_synthetic_problems(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
        "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>JANE</FIRST_NAME><SECOND_NAME>EXAMPLE</SECOND_NAME>"
        "<REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER><NATIONALITY><VALUE>Atlantis</VALUE></NATIONALITY>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR>"
        "<TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"
        "<INDIVIDUAL><DATAID>2</DATAID></INDIVIDUAL>\n"
        "<INDIVIDUAL><FIRST_NAME>NO REF</FIRST_NAME></INDIVIDUAL>\n"
        "<INDIVIDUAL><FIRST_NAME>JANE</FIRST_NAME><REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER></INDIVIDUAL>\n"
        "</INDIVIDUALS></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    parsed = read_un_xml(path)
    assert [e.id for e in parsed.entries] == ["un-TSi.001"]
    assert parsed.entries[0].properties["birthDate"] == ["1960", "1961", "1962"]
    assert "nationality" not in parsed.entries[0].properties
    assert {p.line for p in parsed.problems} == {2, 3, 4, 5}


def test_eu_synthetic() -> None:
    parsed = read_eu_xml(EU)
    by_id = {e.id: e for e in parsed.entries}
    assert sorted(by_id) == ["eu-9001", "eu-9002", "eu-9005"]
    person = by_id["eu-9001"].properties
    assert person["name"] == ["Testo Quinn Examplov"] and person["lastName"] == ["Examplov"]
    assert person["alias"] == ["Тесто Экзамплов"] and person["weakAlias"] == ["Abu Testo"]
    assert person["birthDate"] == ["1970-02-03", "1971"] and person["birthCountry"] == ["be"]
    assert person["nationality"] == ["fr"] and person["gender"] == ["male"]
    assert person["passportNumber"] == ["XX0000001"] and person["idNumber"] == ["ID-000-42"]
    assert person["program"] == ["TERR"] and person["position"] == ["Treasurer of the Fictional Front"]
    org = by_id["eu-9002"]
    assert org.schema == "Organization" and org.properties["registrationNumber"] == ["REG-12345"]
    assert org.properties["alias"] == ["FTC"] and org.properties["country"] == ["sy"]
    assert by_id["eu-9005"].properties["birthDate"] == ["1960", "1961", "1962"]
    lines = sorted(p.line or 0 for p in parsed.problems)
    assert lines == [26, 30, 33]  # unknown subject type, no name, unknown country code
    _valid(parsed)


@pytest.mark.parametrize("reader", [read_un_xml, read_eu_xml])
def test_entity_expansion_refused(tmp_path: Path, reader: object) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol2;</FIRST_NAME></INDIVIDUAL>"
        "</INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match="DOCTYPE"):
        reader(path)  # type: ignore[operator]


def test_malformed_xml_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<export>\n<sanctionEntity logicalId='1'>\n</export>\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_eu_xml(path)
    assert info.value.line == 3


def test_un_document_number_without_country_prefix(un: ParsedList) -> None:
    by_id = {e.id: e.properties for e in un.entries}
    assert set(by_id["un-QDi.400"]["passportNumber"]) == {"654781", "286062"}  # source: 'Jordan 654781'
