"""The OFAC remarks parser: never raises, and reads back the date phrases it is given."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.lists.ofac_remarks import MONTHS, parse_date, parse_remarks

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31))


def _mon(d: date) -> str:
    return MONTHS[d.month - 1].capitalize()


@given(st.text(max_size=300), st.sampled_from(["Person", "Organization", "Vessel", "Airplane"]))
@settings(max_examples=300, deadline=None)
def test_never_raises(text: str, schema: str) -> None:
    result = parse_remarks(text, schema)
    assert all(isinstance(v, str) and v for values in result.properties.values() for v in values)


@given(
    st.lists(
        st.sampled_from(
            [
                "DOB ",
                "alt. DOB ",
                "POB ",
                "a.k.a. '",
                "Passport ",
                ";",
                "'",
                " ",
                "(",
                ")",
                "circa ",
                " to ",
                "1960",
                "Jul",
                "31",
                "nationality ",
                "Linked To:",
                ".",
            ]
        ),
        max_size=30,
    )
)
@settings(deadline=None)
def test_never_raises_on_remark_like_noise(parts: list[str]) -> None:
    parse_remarks("".join(parts))


@settings(deadline=None)
@given(dates, st.sampled_from(["day", "month", "year", "circa"]), st.booleans(), st.booleans())
def test_dob_phrases_read_back(d: date, form: str, alt: bool, final_dot: bool) -> None:
    phrase = {
        "day": f"{d.day:02d} {_mon(d)} {d.year}",
        "month": f"{_mon(d)} {d.year}",
        "year": f"{d.year}",
        "circa": f"circa {d.year}",
    }[form]
    expected = {"day": d.isoformat(), "month": d.isoformat()[:7]}.get(form, str(d.year))
    remarks = f"{'alt. ' if alt else ''}DOB {phrase}{'.' if final_dot else ''}"
    assert parse_remarks(f"Gender Male; {remarks}").properties["birthDate"] == [expected]


@given(st.integers(1900, 2010), st.integers(0, 5))
def test_year_ranges(start: int, span: int) -> None:
    years = [str(y) for y in range(start, start + span + 1)]
    assert parse_date(f"{start} to {start + span}") == years
    assert parse_date(f"01 Jan {start} to 31 Dec {start + span}") == years


@given(dates, dates)
def test_day_ranges_keep_both_ends(a: date, b: date) -> None:
    result = parse_date(f"{a.day} {_mon(a)} {a.year} to {b.day} {_mon(b)} {b.year}")
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        assert result[0] == str(min(a.year, b.year))
    else:
        assert result[0] == a.isoformat() and result[-1] == b.isoformat()


def test_examples() -> None:
    props = parse_remarks(
        "DOB 30 Jul 1957; alt. DOB circa 1960; POB Jeddah, Saudi Arabia; nationality Saudi Arabia; "
        "citizen Yemen; Passport A123456 (Egypt) issued 01 Jan 2000 expires 01 Jan 2010; "
        "National ID No. 998-77 (Egypt); Gender Male; a.k.a. 'ABU TEST'; Email Address x@example.org; "
        "Website www.example.org; Linked To: SOME GROUP."
    )
    p = props.properties
    assert p["birthDate"] == ["1957-07-30", "1960"]
    assert p["birthPlace"] == ["Jeddah, Saudi Arabia"] and p["birthCountry"] == ["sa"]
    assert p["nationality"] == ["sa"] and p["citizenship"] == ["ye"]
    assert p["passportNumber"] == ["A123456"] and p["idNumber"] == ["998-77"]
    assert p["gender"] == ["male"] and p["weakAlias"] == ["ABU TEST"]
    assert p["email"] == ["x@example.org"] and p["website"] == ["www.example.org"]
    assert props.linked_to == ["SOME GROUP"]
    assert parse_date("31 Feb 1970") == [] and parse_date("soon") == []
    assert parse_remarks("DOB sometime").issues
