"""The matching engine: transliteration, name structure, evidence, explanations, keys and the screener."""

from __future__ import annotations

from pathlib import Path

import icu
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.matching import DEFAULT_ALGORITHM, DEFAULT_THRESHOLD, Screener, compare, get_algorithm
from tessera.matching.keys import identifier_key, name_keys, name_tokens
from tessera.matching.nicknames import use_nicknames
from tessera.matching.text import name_form, to_latin

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def person(*names: str, **props: str) -> dict[str, object]:
    return {"schema": "Person", "properties": {"name": list(names), **{k: [v] for k, v in props.items()}}}


CROSS_SCRIPT = [
    ("Муаммар Каддафи", "Muammar QADHAFI"),
    ("معمر القذافي", "Muammar al-Qadhafi"),
    ("Шамиль Басаев", "BASAYEV, Shamil"),
    ("Юсуф Мухаммад", "Yusuf Muhammad"),
    ("عبد الرحمن خليل", "Abdelrahman Khalil"),
    ("Αλέξης Τσίπρας", "Alexis Tsipras"),
    ("سید عصمت الله", "Sayed Esmatullah"),
    ("عزیز الرحمان", "Azizirahman"),
]
UNRELATED = [
    ("CHEN, Samad", "AL-SHAMMAT, Kinda"),
    ("Maria Gonzalez", "GONZALEZ, Jose"),
    ("Pieter de Vries", "Pierre Devereux"),
    ("Владимир Путин", "Vladimir Ivanov"),
]


@pytest.mark.parametrize(("query", "listed"), CROSS_SCRIPT)
def test_original_script_meets_latin(query: str, listed: str) -> None:
    result = compare(person(query), person(listed))
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert "→Latin" in result.explanation  # the explanation says the scripts differ


@pytest.mark.parametrize(("query", "listed"), UNRELATED)
def test_unrelated_names_stay_below_the_threshold(query: str, listed: str) -> None:
    result = compare(person(query), person(listed))
    assert result.score < DEFAULT_THRESHOLD, result.explanation


def test_renderings_of_arabic_names_meet() -> None:
    for a, b in [("Mehmet", "Muhammad"), ("Mohammed", "Mohamed"), ("Youssef", "Yusuf")]:
        assert name_form(a).phon == name_form(b).phon
    forms = {name_form(n).phon for n in ("Abd al-Rahman", "Abdurrahman", "Abdelrahman", "Abdul Rahman")}
    assert len(forms) == 1
    assert name_form("Mu'ammar").tokens == ("muammar",)  # an apostrophe does not split a name
    assert to_latin("Юлия Щербакова") == "yuliya shcherbakova"


def test_titles_particles_and_legal_forms() -> None:
    assert name_form("Sheikh Dr. Usama bin Ladin").tokens == name_form("Usama Ladin").tokens
    org = {
        "schema": "Company",
        "properties": {"name": ["Obshchestvo s ogranichennoi otvetstvennostyu Okeanos"]},
    }
    assert compare(org, {"schema": "Company", "properties": {"name": ["OKEANOS, OOO"]}}).score >= 0.95


def test_typos_and_partial_names() -> None:
    assert compare(person("Hikmet Abdalah Al-Bazaz"), person("AL-BAZZAZ, Hikmet Abdallah")).score >= 0.9
    assert compare(person("Deic Hazim"), person("DELIC, Hazim")).score >= 0.85
    # A single shared common name is weak evidence.
    assert compare(person("Ali"), person("Ali Hassan Khalil")).score < DEFAULT_THRESHOLD


def test_birth_dates_year_only_and_gender() -> None:
    listed = person("Karim Benali", birthDate="1980-05-04", gender="male")
    year = compare(person("Karin Benali", birthDate="1980"), listed)
    missing = compare(person("Karin Benali"), listed)
    gender = compare(person("Karin Benali", gender="female"), listed)
    assert year.score > missing.score > gender.score
    assert year.features["birth_date"] > 0 and gender.features["gender"] == -1.0
    assert "birth year 1980 agrees" in year.explanation and "gender conflicts" in gender.explanation


def test_document_numbers_normalise() -> None:
    assert identifier_key("AB-123 456/7") == identifier_key("ab1234567")
    other = compare(
        person("Maria Lopez", passportNumber="X1234567"), person("Jan de Vries", passportNumber="X1234567")
    )
    assert other.features["document"] == 1.0 and other.score >= 0.9


def test_every_feature_is_explained() -> None:
    result = compare(
        person("Karim Benali", birthDate="1980-05-04", nationality="fr", passportNumber="P99887766"),
        person("Karin Benali", birthDate="1980-05-04", nationality="fr", passportNumber="P99887766"),
    )
    for feature in ("name", "birth date", "country", "document"):
        assert feature in result.explanation
    assert result.algorithm == DEFAULT_ALGORITHM == "tessera-name-v2"


def test_algorithms_are_named() -> None:
    algo = get_algorithm(DEFAULT_ALGORITHM)
    assert algo.NAME and algo.VERSION >= 1 and set(algo.WEIGHTS) >= {"name", "birth_date", "document"}
    with pytest.raises(KeyError, match="unknown matching algorithm"):
        get_algorithm("no-such-algorithm")


def test_keys_interface_is_modest() -> None:
    for name in ("Abd al-Rahman Muhammad bin Yusuf al-Khalil", "أسامة بن لادن", "Иван Петрович Сидоров"):
        keys = name_keys(name)
        assert 3 <= len(keys) < 30
    assert name_keys("Mohammed Youssef") & name_keys("Muhammad Yusuf")
    assert name_keys("Муаммар Каддафи") & name_keys("Muammar Qadhafi")
    assert name_tokens("BIN LADIN, Usama") == ["bin", "ladin", "usama"]


def test_nicknames_degrade_gracefully(tmp_path: Path) -> None:
    try:
        assert use_nicknames(tmp_path / "absent.csv") == 0
        assert compare(person("Bill Hollander"), person("William Hollander")).score < DEFAULT_THRESHOLD
        own = tmp_path / "nick.csv"
        own.write_text("name1,relationship,name2\nwilliam,has_nickname,bill\n", encoding="utf-8")
        assert use_nicknames(own) == 1
        assert compare(person("Bill Hollander"), person("William Hollander")).score >= DEFAULT_THRESHOLD
    finally:
        use_nicknames(None)


def test_screener_incremental_and_documents() -> None:
    screener = Screener([("a", person("Karim Benali")), ("b", person("Olga Ivanova"))])
    screener.add("c", person("Jan Dekker", passportNumber="NL998877"))
    hits = screener.screen(person("Someone Else", passportNumber="nl 998877"), threshold=0.5)
    assert [h.entry_id for h in hits] == ["c"]
    screener.add("a", person("Pieter Jansen"))  # replaced
    assert screener.screen(person("Karim Benali"), threshold=DEFAULT_THRESHOLD) == []
    screener.remove("b")
    assert len(screener) == 2 and "b" not in screener
    assert screener.screen(person("Olga Ivanova"), threshold=0.1) == []


LATIN = st.lists(
    st.sampled_from(["boris", "olga", "ivan", "marina", "petrov", "sokolova", "dmitri", "kuznetsov", "anna"]),
    min_size=2,
    max_size=3,
    unique=True,
)
_TO_CYRILLIC = icu.Transliterator.createInstance("Latin-Cyrillic")


@settings(max_examples=40, deadline=None)
@given(tokens=LATIN)
def test_a_name_and_its_cyrillic_transliteration_score_high(tokens: list[str]) -> None:
    latin = " ".join(tokens)
    cyrillic = _TO_CYRILLIC.transliterate(latin)
    assert compare(person(cyrillic), person(latin.title())).score >= DEFAULT_THRESHOLD


@settings(max_examples=40, deadline=None)
@given(tokens=LATIN, drop=st.integers(min_value=0, max_value=2))
def test_screening_finds_a_listed_name_among_others(tokens: list[str], drop: int) -> None:
    listed = " ".join(tokens).title()
    screener = Screener(
        [("x", person(listed)), ("y", person("Fatima Haddad")), ("z", person("Chen Wei Ming"))]
    )
    hits = screener.screen(person(listed.upper()), threshold=DEFAULT_THRESHOLD)
    assert hits and hits[0].entry_id == "x"


def test_a_large_pool_finds_a_variant_behind_many_namesakes() -> None:
    """One query against a large index where many share its name's keys (a new designation against a
    bank's customers): the spelling variant shares fewer keys than the namesakes, yet is found, with
    the default pool (its rare typo keys) and with the large pool a designation is screened with."""
    namesakes = [
        (f"c{i}", {"schema": "Person", "properties": {"name": ["Karim Benali"], "birthDate": ["1950-01-01"]}})
        for i in range(150)
    ]
    variant = ("planted", {"schema": "Person", "properties": {"name": ["Karim Benalia"]}})
    screener = Screener([*namesakes, variant])
    designation = {"schema": "Person", "properties": {"name": ["BENALI, Karim"], "birthDate": ["1980-05-04"]}}
    for pool in (None, 1_000):
        found = screener.screen(designation, threshold=DEFAULT_THRESHOLD, limit=50, pool=pool)
        assert [h.entry_id for h in found] == ["planted"]  # the namesakes' dates of birth conflict


def test_korean_script_reaches_its_romanised_entry_through_the_index() -> None:
    kims = [
        (f"k{i}", {"schema": "Person", "properties": {"name": [f"KIM, {given}"]}})
        for i, given in enumerate(["Jong Il", "Yo Jong", "Chol", "Song Nam", "Il Sung", "Jong Nam"])
    ]
    screener = Screener([*kims, ("kju", {"schema": "Person", "properties": {"name": ["KIM, Jong Un"]}})])
    query = {"schema": "Person", "properties": {"name": ["김정은"]}}
    hits = screener.screen(query, threshold=DEFAULT_THRESHOLD)
    assert [h.entry_id for h in hits] == ["kju"]
