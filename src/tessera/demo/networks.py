"""Networks: invented terrorist and organised-crime groups, memberships, family, associates and money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tessera.demo import marks
from tessera.demo.build import Builder
from tessera.demo.geo import LOCAL_ORIGIN, iban
from tessera.demo.members import partners_of
from tessera.demo.people import Subject, country_of, person, subject_marking

# Invented names: none is the name of a real organisation.
TERROR_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Crescent Vanguard Front", "CVF", "sy"),
    ("Northern Dawn Brigades", "NDB", "iq"),
    ("Movement of the Ninth Oasis", "MNO", "ly"),
    ("Black Cedar Network", "BCN", "lb"),
    ("Tigris Lions Battalion", "TLB", "iq"),
    ("Saffron Shield Collective", "SSC", "ye"),
    ("Eastern Horizon Legion", "EHL", "af"),
    ("Caspian Wolves Brigade", "CWB", "ru"),
    ("Iron Minaret Assembly", "IMA", "sy"),
    ("Sahel Dust Companions", "SDC", "ml"),
)
# name, home agency, topic
CRIME_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Ketelhaven Brotherhood", "NL", "crime.traffick.drug"),
    ("Rue Noire Syndicate", "FR", "crime.traffick.drug"),
    ("Blue Anchor Network", "BE", "crime.traffick.drug"),
    ("Ostkreuz Clan", "DE", "crime.theft"),
    ("Los Faroles Cartel", "ES", "crime.traffick.drug"),
    ("Sapphire Road Crew", "UK", "crime.fraud"),
    ("Moerdijk Logistics Ring", "NL", "crime.traffick"),
    ("Gold Viper Organisation", "BE", "crime.fin"),
    ("Strait Lantern Network", "MA", "crime.traffick.human"),
    ("Amber Route Consortium", "IT", "crime.traffick"),
)
FAMILY = (
    ("brother", "male"),
    ("sister", "female"),
    ("father", "male"),
    ("mother", "female"),
    ("cousin", "male"),
    ("spouse", "female"),
)
ASSOCIATION = ("known associate", "travel companion", "co-defendant", "flatmate", "recruited by")


@dataclass
class Org:
    key: str
    name: str
    agency: str


def _fiu(agency: str) -> str:
    return {"NL": "NL-FIU", "BE": "BE-FIU"}.get(agency, agency)


def add_groups(b: Builder) -> tuple[list[Org], list[Org]]:
    terror: list[Org] = []
    contributors = ("FR", "BE", "NL", "DE", "UK", "US", "JO", "IQ", "TR", "MA")
    for (name, abbr, area), agency in zip(TERROR_GROUPS, contributors, strict=True):
        key = b.key("org-terror")
        b.add(
            key,
            "Organization",
            agency,
            marks.members(),
            [
                ("name", name),
                ("abbreviation", abbr),
                ("alias", f"{name} ({abbr})"),
                ("country", area),
                ("topics", "crime.terror"),
                ("description", f"Invented armed group active in the {area.upper()} area."),
            ],
            watch=True,
            tags=("terror-group",),
        )
        terror.append(Org(key, name, agency))
    crime: list[Org] = []
    for name, agency, topic in CRIME_GROUPS:
        key = b.key("org-crime")
        b.add(
            key,
            "Organization",
            agency,
            marks.members(),
            [
                ("name", name),
                ("country", country_of(agency).lower()),
                ("topics", "crime"),
                ("topics", topic),
            ],
            tags=("crime-group",),
        )
        crime.append(Org(key, name, agency))
    return terror, crime


def membership(b: Builder, subject: Subject, org: Org, role: str) -> None:
    b.add(
        b.key("membership"),
        "Membership",
        subject.agency,
        subject.marking,
        [
            ("member", subject.key),
            ("organization", org.key),
            ("role", role),
            ("startDate", b.date_between(date(2012, 1, 1), date(2024, 1, 1))),
        ],
    )


def add_family(b: Builder, subject: Subject, n: int) -> list[Subject]:
    out = []
    for _ in range(n):
        relation, gender = b.rng.choice(FAMILY)
        ident = (
            b.pools.identity(subject.ident.origin, b.rng, gender)
            if relation == "spouse"
            else b.pools.relative(subject.ident, b.rng, gender)
        )
        years = (1940, 1975) if relation in ("father", "mother") else (1970, 2006)
        rel = person(
            b,
            subject.agency,
            ident,
            prefix="person",
            marking=marks.own("restricted", True),
            birth_years=years,
            tags=("relative",),
        )
        b.add(
            b.key("family"),
            "Family",
            subject.agency,
            subject.marking,
            [
                ("person", subject.key),
                ("relative", rel.key),
                ("relationship", relation),
            ],
        )
        out.append(rel)
    return out


def associate(b: Builder, a: Subject, other: Subject) -> None:
    b.add(
        b.key("associate"),
        "Associate",
        a.agency,
        a.marking,
        [
            ("person", a.key),
            ("associate", other.key),
            ("relationship", b.rng.choice(ASSOCIATION)),
        ],
    )


def new_associate(b: Builder, subject: Subject) -> Subject:
    origin = subject.ident.origin if b.chance(0.7) else LOCAL_ORIGIN.get(subject.country, "english")
    ident = b.pools.identity(origin, b.rng)
    other = person(
        b,
        subject.agency,
        ident,
        prefix="person",
        marking=subject_marking(b, subject.agency),
        tags=("associate",),
    )
    associate(b, subject, other)
    return other


def crime_member(b: Builder, org: Org, leader: bool) -> Subject:
    country = country_of(org.agency)
    origin = b.weighted(
        {
            LOCAL_ORIGIN.get(country, "english"): 0.5,
            "maghrebi": 0.2,
            "turkish": 0.1,
            "russian": 0.1,
            "arabic": 0.1,
        }
    )
    ident = b.pools.identity(origin, b.rng)
    topics = ("crime", "crime.boss") if leader else ("crime",)
    subject = person(
        b,
        org.agency,
        ident,
        prefix="person",
        marking=subject_marking(b, org.agency),
        topics=topics,
        position="leader" if leader else None,
        tags=("crime-member",),
    )
    membership(b, subject, org, "leader" if leader else "member")
    return subject


def contributor(b: Builder, owner: Subject) -> str:
    """The owner's FIU when it can see the owner, else the owner's own agency."""
    fiu = _fiu(owner.agency)
    return fiu if b.can_see(owner.key, fiu) else owner.agency


def bank_account(b: Builder, owner: Subject) -> str:
    country = owner.country if owner.country in ("NL", "BE", "DE") else b.rng.choice(("NL", "BE", "DE"))
    agency = contributor(b, owner)
    mark = marks.partners(partners_of(agency)) if partners_of(agency) else marks.own("restricted", True)
    key = b.key("account")
    bank = {"NL": "Demo Bank Netherlands", "BE": "Demo Bank Belgium", "DE": "Beispielbank"}[country]
    b.add(
        key,
        "BankAccount",
        agency,
        mark,
        [
            ("iban", iban(country, b.rng)),
            ("bankName", bank),
            ("country", country.lower()),
            ("currency", "EUR"),
            ("openingDate", b.date_between(date(2010, 1, 1), date(2024, 1, 1))),
        ],
    )
    b.add(
        b.key("ownership"),
        "Ownership",
        agency,
        mark,
        [
            ("owner", owner.key),
            ("asset", key),
            ("role", "account holder"),
        ],
    )
    return key


def front_company(b: Builder, owner: Subject) -> Subject:
    pool = b.pools.pools[LOCAL_ORIGIN.get(owner.country, "english")]
    suffix = {"NL": "B.V.", "BE": "BV", "DE": "GmbH", "FR": "SARL", "GB": "Ltd"}.get(owner.country, "Ltd")
    agency = contributor(b, owner)
    trade = b.rng.choice(("Import", "Trading", "Car Rental", "Phone Repair", "Logistics", "Money Transfer"))
    name = f"{b.rng.choice(pool.last)} {trade} {suffix}"
    mark = marks.partners(partners_of(agency)) if partners_of(agency) else marks.own("restricted", True)
    key = b.key("company")
    b.add(
        key,
        "Company",
        agency,
        mark,
        [
            ("name", name),
            ("jurisdiction", owner.country.lower()),
            ("topics", "corp.shell"),
            ("registrationNumber", str(b.rng.randrange(10_000_000, 99_999_999))),
            ("incorporationDate", b.date_between(date(2008, 1, 1), date(2023, 1, 1))),
        ],
        tags=("front-company",),
    )
    b.add(
        b.key("ownership"),
        "Ownership",
        agency,
        mark,
        [
            ("owner", owner.key),
            ("asset", key),
            ("percentage", str(b.rng.choice((50, 75, 100)))),
        ],
    )
    company = Subject(key, owner.ident, agency, owner.country, "", mark)
    return company


def payment(
    b: Builder,
    agency: str,
    payer: Subject,
    payer_account: str | None,
    beneficiary: Subject,
    beneficiary_account: str | None,
) -> None:
    """A payment reported by ``agency``, which must be able to see both parties."""
    if payer_account and not b.can_see(payer_account, agency):
        payer_account = None
    if beneficiary_account and not b.can_see(beneficiary_account, agency):
        beneficiary_account = None
    mark = marks.partners(partners_of(agency)) if partners_of(agency) else marks.own("restricted", True)
    amount = b.rng.choice((250, 480, 900, 1500, 2400, 3000, 4750, 9500, 12000))
    b.add(
        b.key("payment"),
        "Payment",
        agency,
        mark,
        [
            ("payer", payer.key),
            ("beneficiary", beneficiary.key),
            ("payerAccount", payer_account),
            ("beneficiaryAccount", beneficiary_account),
            ("amount", str(amount + b.rng.randrange(0, 100))),
            ("currency", "EUR"),
            ("date", b.date_between(date(2014, 1, 1), date(2025, 6, 1))),
            (
                "purpose",
                b.rng.choice(("loan", "car sale", "family support", "cash deposit", "invoice", "rent")),
            ),
        ],
        tags=("crime-terror-nexus",),
    )
