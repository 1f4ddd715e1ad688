"""Customer CSV import (bad rows reported by line) and the synthetic customer generator."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tessera.finance import CustomerFileError, generate_customers, parse_customers_csv
from tessera.finance.custgen import DEFAULT_LOCALES, iter_customers, perturb

GOOD = """id,name,date_of_birth,nationality,address,identifiers,type
c-1,Anselm Varrowby,1971-04-23,DE,"Lindenweg 12, Berlin",NIDN:C01X00T47,person
c-2,Quillon Holdings Ltd,2001,GB;IE,,REG-998,company
"""


def test_good_rows_become_ftm_entities() -> None:
    result = parse_customers_csv(GOOD, source="good.csv")
    assert result.rows_read == 2 and result.problems == []
    person, company = result.customers
    assert person == {
        "id": "c-1",
        "schema": "Person",
        "properties": {
            "name": ["Anselm Varrowby"],
            "birthDate": ["1971-04-23"],
            "nationality": ["de"],
            "address": ["Lindenweg 12, Berlin"],
            "idNumber": ["NIDN:C01X00T47"],
        },
    }
    assert company["schema"] == "Company"
    assert company["properties"]["jurisdiction"] == ["gb", "ie"]
    assert company["properties"]["incorporationDate"] == ["2001"]
    assert company["properties"]["registrationNumber"] == ["REG-998"]


BAD = """id,name,date_of_birth,nationality,address,identifiers,type
c-1,Good Person,1980-01-01,FR,,,person
,No Id,1980-01-01,FR,,,person
c-3,,1980-01-01,FR,,,person
c-1,Duplicate Id,,,,,person
c-5,Wrong Type,,,,,vessel
c-6,Bad Date,1980-02-30,France,,,person
c-7,Too,Many,Cells,,,,person

c-8,"Multi
Line Address Person",,,,,person
c-9,Short row
"""


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_dropped() -> None:
    result = parse_customers_csv(BAD.encode(), source="bad.csv")
    ids = [c["id"] for c in result.customers]
    assert ids == ["c-1", "c-6", "c-8"]
    by_line = {(p.line, p.column): p for p in result.problems}
    assert by_line[(3, "id")].rejected and "empty" in by_line[(3, "id")].message
    assert by_line[(4, "name")].rejected
    assert "earlier line" in by_line[(5, "id")].message
    assert "person' or 'company" in by_line[(6, "type")].message
    assert not by_line[(7, "date_of_birth")].rejected and not by_line[(7, "nationality")].rejected
    assert by_line[(8, "*")].rejected and "cells" in by_line[(8, "*")].message
    assert by_line[(12, "*")].rejected  # after the quoted two-line cell on lines 10-11
    assert result.rejected_lines == [3, 4, 5, 6, 8, 12]
    # every data row is accounted for: imported or rejected (blank line 9 is not a row)
    assert result.rows_read == len(result.customers) + len(result.rejected_lines) == 9
    c6 = next(c for c in result.customers if c["id"] == "c-6")
    assert "birthDate" not in c6["properties"] and "nationality" not in c6["properties"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("id,name,type\nx,y,person\n", r"lacks column\(s\) date_of_birth"),
        ("", "file is empty"),
        (b"id,name\xff", "not UTF-8"),
        ('id,name,date_of_birth,nationality,address,identifiers,type\nc,"unterminated', "not valid CSV"),
    ],
)
def test_unreadable_files_raise(data: str | bytes, fragment: str) -> None:
    with pytest.raises(CustomerFileError, match=fragment):
        parse_customers_csv(data, source="f.csv")


def test_header_tolerates_bom_case_and_order() -> None:
    text = "\ufeffTYPE,Name,ID,identifiers,address,nationality,date_of_birth\nperson,Oda Bell,x1,,,,\n"
    result = parse_customers_csv(text.encode(), source="bom.csv")
    assert result.customers[0]["id"] == "x1" and result.customers[0]["properties"]["name"] == ["Oda Bell"]


ENTRIES: list[dict[str, Any]] = [
    {
        "id": "eu-1",
        "schema": "Person",
        "properties": {"name": ["Anselm Varrowby"], "birthDate": ["1971-04-23"], "nationality": ["DE"]},
    },
    {"id": "un-2", "schema": "Person", "properties": {"name": ["Сергей Корнилов"]}},
    {"id": "ofac-3", "schema": "Organization", "properties": {"name": ["Quillon Shipping Trading LLC"]}},
]


def test_generator_is_deterministic_and_plants_matches() -> None:
    a = generate_customers(3000, seed=11, planted=ENTRIES, perturb_rate=1.0)
    b = generate_customers(3000, seed=11, planted=ENTRIES, perturb_rate=1.0)
    c = generate_customers(3000, seed=12, planted=ENTRIES, perturb_rate=1.0)
    assert a.customers == b.customers and a.planted == b.planted
    assert a.customers != c.customers
    assert len(a.customers) == 3000 and len({x["id"] for x in a.customers}) == 3000
    assert {m.entry_id for m in a.planted.values()} == {"eu-1", "un-2", "ofac-3"}
    by_id = {x["id"]: x for x in a.customers}
    for cid, match in a.planted.items():
        assert by_id[cid]["properties"]["name"] == [match.name]
        assert match.perturbation != "exact"
    eu = next(cid for cid, m in a.planted.items() if m.entry_id == "eu-1")
    eu_props = by_id[eu]["properties"]
    assert eu_props["birthDate"] == ["1971-04-23"] and eu_props["nationality"] == ["de"]
    ofac = next(cid for cid, m in a.planted.items() if m.entry_id == "ofac-3")
    assert by_id[ofac]["schema"] == "Company"


def test_generator_spreads_over_locales_and_schemas() -> None:
    customers = generate_customers(5000, seed=3).customers
    nationalities = {x["properties"].get("nationality", ["-"])[0] for x in customers}
    assert len(nationalities) >= len(DEFAULT_LOCALES)  # ar_AA maps to several countries
    schemas = [x["schema"] for x in customers]
    assert 0.03 < schemas.count("Company") / len(schemas) < 0.15
    assert any(not x["properties"]["name"][0].isascii() for x in customers)  # non-Latin scripts present


@pytest.mark.parametrize("kind", ["typo", "swap", "reorder", "ascii"])
def test_perturbations_change_but_stay_close(kind: str) -> None:
    import random

    from rapidfuzz.distance import Levenshtein

    name = "Anselm Varrowbý"
    out = perturb(name, kind, random.Random(5))
    assert out != name
    if kind in ("typo", "swap"):
        assert Levenshtein.distance(out, name) <= 2


def test_generator_rejects_more_plants_than_customers() -> None:
    with pytest.raises(ValueError):
        generate_customers(2, seed=1, planted=ENTRIES)


@pytest.mark.slow
def test_generator_one_million_speed() -> None:
    start = time.perf_counter()
    count = sum(1 for _ in iter_customers(1_000_000, seed=5, planted=ENTRIES))
    elapsed = time.perf_counter() - start
    print(f"\ngenerated {count} customers (streamed) in {elapsed:.1f}s")
    assert count == 1_000_000
