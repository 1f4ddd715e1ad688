"""Persons: FTF subjects with documents, addresses and background notes, and everyone around them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tessera.demo import marks
from tessera.demo.build import Builder
from tessera.demo.geo import CITIES, CONFLICT_ZONES, LOCAL_ORIGIN, ORIGIN_COUNTRIES, OUTCOMES, ROUTES
from tessera.demo.geo import passport_number as make_passport_number
from tessera.demo.members import EU, partners_of
from tessera.demo.names import Identity
from tessera.demo.specs import EntitySpec, MarkingDict

# contributing agency -> relative weight of its FTF caseload
FTF_CASELOAD: dict[str, float] = {
    "FR": 70,
    "BE": 60,
    "NL": 60,
    "DE": 50,
    "UK": 40,
    "ES": 20,
    "IT": 15,
    "SE": 15,
    "AT": 10,
    "DK": 10,
    "TR": 15,
    "MA": 12,
    "TN": 12,
    "JO": 8,
    "IQ": 8,
    "US": 10,
    "CA": 8,
    "NO": 5,
    "CH": 5,
    "LB": 4,
}
BACKGROUND_AGENCIES: dict[str, float] = {**FTF_CASELOAD, "PL": 5, "PT": 5, "IE": 5, "GR": 5, "FI": 5, "AE": 4}
AGENCY_COUNTRY = {"UK": "GB"}
MED = {"ES", "IT", "FR", "GR", "MA", "TN", "TR", "JO", "LB"}
FIVE = {"UK", "US", "CA", "FR", "NL"}
ROLES = ("fighter", "recruiter", "financier", "propagandist", "facilitator", "logistics")


def country_of(agency: str) -> str:
    return AGENCY_COUNTRY.get(agency, agency.split("-")[0])


@dataclass
class Subject:
    """A generated person with what other generators need to link to it."""

    key: str
    ident: Identity
    agency: str
    country: str  # residence, ISO2 upper case
    birth_date: str
    marking: MarkingDict
    passport: str | None = None
    outcome: str | None = None


def _ftf_origin(b: Builder, country: str) -> str:
    local = LOCAL_ORIGIN.get(country, "english")
    if country in ("MA", "TN"):
        return b.weighted({"maghrebi": 0.7, "arabic": 0.3})
    if country in ("JO", "IQ", "LB", "AE"):
        return "arabic"
    if country == "TR":
        return b.weighted({"turkish": 0.6, "arabic": 0.2, "russian": 0.2})
    return b.weighted(
        {
            "arabic": 0.22,
            "maghrebi": 0.25,
            "turkish": 0.08,
            "russian": 0.1,
            "persian": 0.04,
            "pakistani": 0.08,
            local: 0.23,
        }
    )


def subject_marking(b: Builder, agency: str) -> MarkingDict:
    """Markings vary per contributor and per record so personas see different things."""
    r = b.rng.random()
    if r < 0.3:
        return marks.members()
    if r < 0.65:
        partners = partners_of(agency)
        return marks.partners(partners) if partners else marks.mark("agency", discoverable=True)
    if r < 0.85:
        for group, members in (("FIVE-CT", FIVE), ("EU-CT", set(EU)), ("MED-CT", MED)):
            if agency in members:
                return marks.group(group)
        return marks.members()
    return marks.mark("agency", discoverable=True, handling=("H0", "H2"))


def _document_marking(agency: str) -> MarkingDict:
    partners = partners_of(agency)
    return marks.partners(partners) if partners else marks.own(classification="restricted", discoverable=True)


def _birth(b: Builder, ident: Identity, country: str, native: bool) -> tuple[str, str]:
    if native:
        return country.lower(), b.rng.choice(b.pools.pools[LOCAL_ORIGIN.get(country, "english")].cities)
    origin_country = b.rng.choice(ORIGIN_COUNTRIES.get(ident.origin, (country,)))
    cities = CITIES.get(origin_country) or tuple(
        b.pools.pools[LOCAL_ORIGIN.get(origin_country, "english")].cities
    )
    return origin_country.lower(), b.rng.choice(cities)


def person(
    b: Builder,
    agency: str,
    ident: Identity,
    *,
    prefix: str,
    marking: MarkingDict,
    watch: bool = False,
    topics: tuple[str, ...] = (),
    position: str | None = None,
    birth_years: tuple[int, int] = (1970, 2004),
    tags: tuple[str, ...] = (),
) -> Subject:
    country = country_of(agency)
    native = ident.origin == LOCAL_ORIGIN.get(country) or b.chance(0.45)
    birth_country, birth_place = _birth(b, ident, country, native)
    birth_date = b.date_between(date(birth_years[0], 1, 1), date(birth_years[1], 12, 31))
    nationalities = [country.lower()] if native or b.chance(0.6) else [birth_country]
    if not native and birth_country not in nationalities and b.chance(0.4):
        nationalities.append(birth_country)
    props: list[tuple[str, str | None]] = [
        ("name", ident.name),
        ("firstName", ident.first),
        ("lastName", ident.last),
        *[("alias", a) for a in ident.aliases],
        ("birthDate", birth_date),
        ("birthPlace", birth_place),
        *[("nationality", n) for n in nationalities],
        ("gender", ident.gender),
        ("position", position),
        *[("topics", t) for t in topics],
    ]
    key = b.key(prefix)
    subject = Subject(key, ident, agency, country, birth_date, marking)
    b.add(key, "Person", agency, marking, props, watch=watch, tags=(f"origin:{ident.origin}", *tags))
    return subject


def add_passport(b: Builder, subject: Subject) -> str:
    spec = b.by_key[subject.key]
    nationality = spec.first("nationality") or subject.country.lower()
    number = make_passport_number(nationality, b.rng)
    issued = b.date_between(date(2016, 1, 1), date(2025, 6, 30))
    expires = f"{int(issued[:4]) + 10}{issued[4:]}"
    doc_mark = _document_marking(subject.agency)
    b.add(
        b.key("passport"),
        "Passport",
        subject.agency,
        doc_mark,
        [
            ("holder", subject.key),
            ("number", number),
            ("country", nationality),
            ("type", "passport"),
            ("startDate", issued),
            ("endDate", expires),
            ("givenName", subject.ident.first),
            ("surname", subject.ident.last),
            ("birthDate", subject.birth_date),
        ],
    )
    spec.add_fact("passportNumber", number, doc_mark)
    subject.passport = number
    return number


def add_address(b: Builder, subject: Subject) -> str:
    pool = b.pools.pools[LOCAL_ORIGIN.get(subject.country, "english")]
    street = b.rng.choice(pool.streets).replace("\n", ", ")
    city = b.rng.choice(pool.cities)
    postcode = b.rng.choice(pool.postcodes)
    full = f"{street}, {postcode} {city}"
    mark = marks.mark("agency", discoverable=True) if b.chance(0.5) else _document_marking(subject.agency)
    key = b.key("address")
    b.add(
        key,
        "Address",
        subject.agency,
        mark,
        [
            ("full", full),
            ("street", street),
            ("postalCode", postcode),
            ("city", city),
            ("country", subject.country.lower()),
        ],
    )
    spec = b.by_key[subject.key]
    spec.add_fact("addressEntity", key, mark)
    spec.add_fact("address", full, mark)
    return key


def _note(b: Builder, subject: Subject, title: str, text: str) -> None:
    mark = marks.own(classification="confidential", discoverable=b.chance(0.5))
    b.add(
        b.key("note"),
        "Note",
        subject.agency,
        mark,
        [
            ("entity", subject.key),
            ("name", title),
            ("description", text),
            ("topics", "crime.terror"),
        ],
    )


def add_background(b: Builder, subject: Subject, group_name: str) -> None:
    """Radicalisation, travel and return notes (confidential, the contributor's own)."""
    year = int(subject.birth_date[:4]) + b.rng.randint(16, 24)
    year = min(max(year, 2011), 2023)
    outcome = b.weighted(dict(OUTCOMES))
    subject.outcome = outcome
    trigger = b.rng.choice(
        (
            "online propaganda and closed chat groups",
            "a recruiter active at a local gym",
            "contacts made during a prison sentence",
            "an informal study circle",
            "relatives already in the zone",
        )
    )
    _note(
        b,
        subject,
        "Radicalisation",
        f"Radicalised from about {year} through {trigger}. Associated with {group_name}.",
    )
    if outcome in ("aspirant", "prevented from travelling"):
        _note(
            b,
            subject,
            "Travel intent",
            f"Attempted to travel in {year + 1}; "
            f"{'stopped at the airport' if outcome != 'aspirant' else 'still expresses intent'}.",
        )
        return
    zone, _ = b.rng.choice(CONFLICT_ZONES)
    month = b.rng.choice(("January", "March", "May", "July", "September", "November"))
    _note(
        b,
        subject,
        "Travel to conflict zone",
        f"Travelled to {zone} {b.rng.choice(ROUTES)} in {month} "
        f"{year + 1}; role reported as {b.rng.choice(ROLES)} with {group_name}.",
    )
    if outcome == "returnee":
        _note(
            b,
            subject,
            "Return",
            f"Returned to {subject.country} in {min(year + b.rng.randint(2, 6), 2025)}; "
            "prosecuted and subject of a reintegration programme.",
        )
    elif outcome != "in conflict zone":
        _note(b, subject, "Status", f"Reported {outcome} ({zone}) since {min(year + 3, 2025)}.")


def make_ftf(b: Builder, agency: str) -> Subject:
    country = country_of(agency)
    origin = _ftf_origin(b, country)
    ident = b.pools.identity(origin, b.rng)
    role = b.rng.choice(ROLES)
    return person(
        b,
        agency,
        ident,
        prefix="ftf",
        marking=subject_marking(b, agency),
        watch=True,
        topics=("crime.terror", "poi"),
        position=f"Foreign terrorist fighter ({role})",
        birth_years=(1975, 2004),
        tags=("ftf",),
    )


def duplicate_report(b: Builder, of: Subject, agency: str) -> EntitySpec:
    """The same FTF reported by a second agency, under another spelling (for entity resolution)."""
    orig = b.by_key[of.key]
    names = [a for a in orig.values("alias")] or [of.ident.name]
    name = b.rng.choice(names)
    marking = subject_marking(b, agency)
    props: list[tuple[str, str | None]] = [
        ("name", name),
        ("birthDate", of.birth_date),
        ("gender", of.ident.gender),
        *[("nationality", n) for n in orig.values("nationality")],
        ("passportNumber", of.passport),
        ("topics", "crime.terror"),
    ]
    return b.add(
        b.key("ftf-report"),
        "Person",
        agency,
        marking,
        props,
        watch=True,
        tags=("ftf", f"duplicate-of:{of.key}"),
    )
