"""OFAC SDN legacy CSV: the real April 2021 files, and small synthetic malformed ones."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from followthemoney import model

from tessera.errors import ParseError
from tessera.lists.model import ParsedList
from tessera.lists.ofac import read_ofac_csv

OFAC = Path(__file__).resolve().parents[2] / ".." / "shared" / "lists" / "ofac-sdn-2021-04"
ALIAS_PROPS = ("alias", "weakAlias", "previousName")


@pytest.fixture(scope="module")
def real() -> ParsedList:
    if not (OFAC / "sdn.csv").exists():
        pytest.skip("shared OFAC files absent")
    return read_ofac_csv(OFAC)


def _lines(name: str) -> int:
    text = (OFAC / name).read_bytes().decode("latin-1").replace("\x1a", "")
    return sum(1 for line in text.splitlines() if line.strip())


def test_real_counts(real: ParsedList) -> None:
    counts = Counter(e.schema for e in real.entries)
    assert len(real.entries) == _lines("sdn.csv") == 8890
    assert counts == {"Person": 4566, "Organization": 3644, "Vessel": 403, "Airplane": 277}
    assert len({e.id for e in real.entries}) == len(real.entries)
    assert all(e.id.startswith("ofac-") and e.source_line for e in real.entries)


def test_every_alias_row_is_attached_or_reported(real: ParsedList) -> None:
    alias_problems = [p for p in real.problems if p.message.startswith("alt.csv")]
    assert real.stats["aliases"] + len(alias_problems) == _lines("alt.csv") == 11742
    attached = sum(len(e.properties.get(p, [])) for e in real.entries for p in ("alias", "previousName"))
    assert attached > 11000  # duplicates within an entry are kept once


def test_properties_exist_on_schemas(real: ParsedList) -> None:
    for entry in real.entries:
        schema = model.get(entry.schema)
        assert schema is not None
        for prop, values in entry.properties.items():
            assert schema.get(prop) is not None, (entry.id, prop)
            assert values and all(isinstance(v, str) and v for v in values)


def test_bin_ladin(real: ParsedList) -> None:
    entry = next(e for e in real.entries if e.id == "ofac-6365")
    props = entry.properties
    assert entry.schema == "Person"
    assert props["name"] == ["BIN LADIN, Usama bin Muhammad bin Awad"]
    assert props["lastName"] == ["BIN LADIN"] and props["firstName"] == ["Usama bin Muhammad bin Awad"]
    assert set(props["birthDate"]) == {"1957-07-30", "1958"}
    assert "Jeddah, Saudi Arabia" in props["birthPlace"]
    assert set(props["birthCountry"]) == {"sa", "ye"}
    assert "BIN LADEN, Osama" in props["alias"]
    assert props["program"] == ["SDGT"]
    assert props["notes"][0].startswith("DOB 30 Jul 1957")


def test_remarks_fields_parsed(real: ParsedList) -> None:
    by_id = {e.id: e.properties for e in real.entries}
    saad = by_id["ofac-11378"]  # DOB 1982; nationality Saudi Arabia; Passport 520951 (Sudan); a.k.a. ...
    assert saad["nationality"] == ["sa"]
    assert saad["birthDate"] == ["1982"]
    assert set(saad["passportNumber"]) == {"520951", "530951"}
    assert saad["weakAlias"] == ["AL-KAHTANE, Abdul Rahman"]
    hamza = by_id["ofac-21286"]  # DOB 01 Jan 1989 to 31 Dec 1989; citizen Saudi Arabia; Gender Male
    assert hamza["birthDate"] == ["1989"]
    assert hamza["citizenship"] == ["sa"] and hamza["gender"] == ["male"]
    ladino = by_id["ofac-11237"]
    assert set(ladino["birthDate"]) == {"1964-07-24", "1962-08-26", "1964-11-13"}
    assert "LAAJ640724" in ladino["taxNumber"] and "LAAJ640724HCMDVM07" in ladino["idNumber"]
    assert by_id["ofac-306"]["weakAlias"] == ["BNC"]


def test_vessels_and_aircraft(real: ParsedList) -> None:
    by_id = {e.id: e for e in real.entries}
    swan = by_id["ofac-4243"].properties
    assert swan["callSign"] == ["P3QG3"] and swan["flag"] == ["cy"] and swan["type"] == ["General Cargo"]
    assert swan["previousName"] == ["ANA I"]
    assert "Vessel owner: Sand & Swan Navigation Co. Ltd." in swan["notes"]
    plane = by_id["ofac-15431"]
    assert plane.schema == "Airplane"
    assert plane.properties["model"] == ["IL76-TD"]
    assert plane.properties["serialNumber"] == ["1023409321"]
    assert plane.properties["buildDate"] == ["1992"]
    vessels = [e for e in real.entries if e.schema == "Vessel"]
    assert sum(1 for e in vessels if e.properties.get("imoNumber")) > 350


def test_real_problems_have_lines(real: ParsedList) -> None:
    assert all(p.line and p.line > 0 and p.message for p in real.problems)
    assert len(real.problems) < 100
    countries = {c for e in real.entries for c in e.properties.get("country", [])}
    assert {"ua-cri", "ml"} <= countries  # add.csv 'Region: Crimea', 'Region: Northern Mali'
    assert not any("Crimea" in p.message for p in real.problems)


def _write(tmp: Path, sdn: str, alt: str = "", add: str = "") -> Path:
    (tmp / "sdn.csv").write_bytes(sdn.encode("latin-1"))
    if alt:
        (tmp / "alt.csv").write_bytes(alt.encode("latin-1"))
    if add:
        (tmp / "add.csv").write_bytes(add.encode("latin-1"))
    return tmp


def test_synthetic_malformed(tmp_path: Path) -> None:
    empty = ",-0- " * 6
    sdn = (
        f'1,"DOE, Jane","individual","SDGT",-0- {empty},'
        '"DOB 02 Mar 1970; nationality Ruritania; Gender Female."\r\n'
        '2,"TOO, Short","individual"\r\n'
        f'x,"NOT A NUMBER",-0- ,"SDGT",-0- {empty},-0- \r\n'
        f'3,"ACME TRADING CO.",-0- ,"SDGT] [IFSR",-0- {empty},"Website www.acme.example."\r\n'
        f'4,"BROKEN "QUOTE",-0- ,"X",-0- {empty},-0- \r\n'
        f'5,"SPACESHIP ONE","spaceship","X",-0- {empty},-0- \r\n'
        f'3,"ACME AGAIN",-0- ,"SDGT",-0- {empty},-0- \r\n'
        "\x1a"
    )
    alt = (
        '1,10,"aka","DOE, Janet",-0- \r\n99,11,"aka","NOBODY",-0- \r\n'
        '1,12,"zka","ODD",-0- \r\n3,13,"fka","ACME OLD",-0- \r\n'
        '1,14,"aka","DOE, J.","a.k.a. (weak)"\r\n3,15,"nka","ACME NEW",-0- \r\n'
    )
    add = '3,20,"1 Main St","Springfield","Cuba",-0- \r\n77,21,-0- ,"Nowhere","Cuba",-0- \r\n'
    parsed = read_ofac_csv(_write(tmp_path, sdn, alt, add))
    assert [e.id for e in parsed.entries] == ["ofac-1", "ofac-3"]
    jane, acme = parsed.entries
    assert jane.properties["birthDate"] == ["1970-03-02"] and jane.properties["gender"] == ["female"]
    assert jane.properties["alias"] == ["DOE, Janet"]
    assert "nationality" not in jane.properties
    assert acme.properties["program"] == ["SDGT", "IFSR"] and acme.properties["previousName"] == ["ACME OLD"]
    assert acme.properties["country"] == ["cu"] and acme.properties["address"] == [
        "1 Main St, Springfield, Cuba"
    ]
    assert acme.properties["website"] == ["http://www.acme.example/"]
    lines = {(p.line, p.message.split(":")[0]) for p in parsed.problems}
    assert {(2, "sdn.csv"), (3, "sdn.csv"), (5, "sdn.csv"), (6, "sdn.csv"), (7, "sdn.csv")} <= lines
    assert (1, "sdn.csv entry 1") in lines  # unknown nationality reported on its line
    assert {(2, "alt.csv"), (3, "alt.csv"), (2, "add.csv")} <= lines
    assert jane.properties["weakAlias"] == ["DOE, J."] and acme.properties["alias"] == ["ACME NEW"]
    assert parsed.stats["aliases"] == 4


def test_missing_sdn_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"sdn\.csv"):
        read_ofac_csv(tmp_path)


def test_phone_hints_regions_and_org_type(tmp_path: Path) -> None:
    empty = ",-0- " * 6
    sdn = (
        f'1,"EXAMPLE GALLERY",-0- ,"X",-0- {empty},'
        '"Phone Number 09 738 27777; Organization Type: Retail sale of art."\r\n'
        f'2,"EXAMPLE PORT",-0- ,"X",-0- {empty},"Phone Number 12; Telephone No. 0049301234567."\r\n'
    )
    add = (
        '1,10,-0- ,"Yangon","Burma",-0- \r\n'
        '2,11,-0- ,"Sevastopol","Region: Crimea",-0- \r\n'
        '2,12,-0- ,-0- ,"Region: Nowhereland",-0- \r\n'
    )
    parsed = read_ofac_csv(_write(tmp_path, sdn, add=add))
    gallery, port = parsed.entries
    assert gallery.properties["phone"] == ["+95973827777"]  # national number read with the Burma hint
    assert gallery.properties["sector"] == ["Retail sale of art"]
    assert port.properties["country"] == ["ua-cri"]
    assert port.properties["phone"] == ["+49301234567"]
    problems = {(p.line, p.message.split(":")[0]) for p in parsed.problems}
    assert problems == {(2, "sdn.csv"), (3, "add.csv")}  # phone '12' dropped; unknown region
