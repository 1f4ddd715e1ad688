"""Named, versioned matching algorithms with weighted features and per-feature explanations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tessera.matching.keys import identifier_key
from tessera.matching.names import name_similarity
from tessera.matching.text import NameForm, acronym_form, acronyms, name_form

NAME_PROPS = ("name", "alias", "previousName")
WEAK_ALIAS = 0.93  # a list's "weak" (low-quality) alias: a full match on it is not quite conclusive
WEAK_PROPS = ("weakAlias",)
DOC_PROPS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "innCode",
    "ogrnCode",
)
# An organisation's name written as its acronym (IRGC): alerts at the default threshold, but acronyms
# collide, so never above a well-matched full name; a longer one is a rarer coincidence.
ACRONYM_SCORES = {2: 0.9, 3: 0.9, 4: 0.94}
ACRONYM_LONG = 0.95


def acronym_score(acronyms: Iterable[str]) -> float:
    return max(ACRONYM_SCORES.get(len(a), ACRONYM_LONG) for a in acronyms)


ORG_SCHEMATA = frozenset({"Organization", "Company", "PublicBody", "Vessel", "Airplane"})
PERSON_SCHEMATA = frozenset({"Person"})


@dataclass
class MatchResult:
    score: float
    features: dict[str, float] = field(default_factory=dict)
    explanation: str = ""
    algorithm: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "explanation": self.explanation,
            "algorithm": self.algorithm,
        }


def _values(entity: Mapping[str, Any], props: Iterable[str]) -> list[str]:
    properties = entity.get("properties") or {}
    out: list[str] = []
    for prop in props:
        for value in properties.get(prop) or []:
            if isinstance(value, str) and value.strip():
                out.append(value)
    return out


def is_organisation(entity: Mapping[str, Any]) -> bool:
    return str(entity.get("schema", "")) in ORG_SCHEMATA


def names_of(entity: Mapping[str, Any]) -> list[NameForm]:
    org = is_organisation(entity)
    forms = [name_form(n, org) for n in _values(entity, NAME_PROPS)]
    props = entity.get("properties") or {}
    if not forms and (props.get("firstName") or props.get("lastName")):
        forms.append(name_form(" ".join(_values(entity, ("firstName", "lastName"))), org))
    forms.extend(name_form(n, org, True) for n in _values(entity, WEAK_PROPS))
    return forms


def _dates(entity: Mapping[str, Any]) -> list[str]:
    return [d[:10] for d in _values(entity, ("birthDate", "incorporationDate")) if d[:4].isdigit()]


def date_feature(q: list[str], c: list[str]) -> tuple[float, str]:
    """+ for agreeing dates of birth, − for conflicting ones, 0 when either side has none."""
    if not q or not c:
        return 0.0, "date of birth not compared (missing)"
    best = -2.0
    why = ""
    for a in q:
        for b in c:
            if a == b and len(a) == 10:
                score, text = 1.0, f"same date of birth {a}"
            elif len(a) == 10 and len(b) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
                score, text = 0.8, f"date of birth {a} ~ {b} (day and month swapped)"
            elif a[:4] == b[:4] and (len(a) < 10 or len(b) < 10 or a[:7] == b[:7]):
                score, text = 0.7, f"birth year {a[:4]} agrees ({a} ~ {b})"
            elif a[:4] == b[:4]:
                score, text = 0.3, f"same birth year {a[:4]}, other day ({a} vs {b})"
            elif abs(int(a[:4]) - int(b[:4])) == 1:
                score, text = 0.0, f"birth year off by one ({a} vs {b})"
            else:
                score, text = -1.0, f"date of birth conflicts ({a} vs {b})"
            if score > best:
                best, why = score, text
    return best, why


def _countries(entity: Mapping[str, Any]) -> set[str]:
    return {c.lower() for c in _values(entity, ("nationality", "citizenship", "country", "jurisdiction"))}


@dataclass(frozen=True)
class Prepared:
    """An entity's comparable evidence, extracted once (lists are prepared when indexed)."""

    schema: str
    names: tuple[NameForm, ...]
    dates: tuple[str, ...]
    countries: frozenset[str]
    genders: frozenset[str]
    docs: frozenset[str]
    acronyms: frozenset[str] = frozenset()  # organisations: what their names abbreviate to
    short: frozenset[str] = frozenset()  # organisations: names written as an acronym


def prepare(entity: Mapping[str, Any], names: Iterable[NameForm] | None = None) -> Prepared:
    org = is_organisation(entity)
    texts = _values(entity, NAME_PROPS + WEAK_PROPS) if org else []
    return Prepared(
        schema=str(entity.get("schema", "")),
        names=tuple(names if names is not None else names_of(entity)),
        dates=tuple(_dates(entity)),
        countries=frozenset(_countries(entity)),
        genders=frozenset(_values(entity, ("gender",))),
        docs=frozenset(k for k in (identifier_key(d) for d in _values(entity, DOC_PROPS)) if len(k) > 5),
        acronyms=frozenset(a for t in texts for a in acronyms(t)),
        short=frozenset(a for a in map(acronym_form, texts) if a),
    )


@dataclass
class Algorithm:
    """Base of the named, versioned matching algorithms."""

    NAME: ClassVar[str] = "base"
    VERSION: ClassVar[int] = 0
    WEIGHTS: ClassVar[dict[str, float]] = {}

    def compare(self, query: Mapping[str, Any], candidate: Mapping[str, Any]) -> MatchResult:
        return self.compare_prepared(prepare(query), prepare(candidate))

    def compare_prepared(self, query: Prepared, candidate: Prepared) -> MatchResult:
        raise NotImplementedError


class TesseraNameV2(Algorithm):
    """Best name similarity across all names and aliases (any script), adjusted by the other
    evidence: date of birth, nationality, gender, and identity documents (near-conclusive).

    Version 2: a date of birth corroborates a name in proportion to the name's score (a shared
    birthday alone never alerts) and the same full date weighs more than a year; acronyms score by
    their length; Korean romanisations, misspelt legal forms, names written together, East Slavic
    name forms and titles in any spelling are read (``tessera.matching.text``)."""

    NAME: ClassVar[str] = "tessera-name"
    VERSION: ClassVar[int] = 2
    WEIGHTS: ClassVar[dict[str, float]] = {
        "name": 1.0,
        "birth_date": 0.65,
        "birth_date_exact": 0.8,
        "birth_date_conflict": 0.2,
        "country": 0.15,
        "country_conflict": 0.05,
        "gender_conflict": 0.1,
        "document": 0.97,
        "schema_conflict": 0.5,
    }

    def compare_prepared(self, query: Prepared, candidate: Prepared) -> MatchResult:
        w = self.WEIGHTS
        features: dict[str, float] = {}
        lines: list[str] = []
        best, pair = 0.0, None
        for qn in query.names:
            for cn in candidate.names:
                sim = name_similarity(qn, cn) * (WEAK_ALIAS if cn.weak else 1.0)
                if sim > best:
                    best, pair = sim, (qn, cn)
        acro = (query.short & candidate.acronyms) | (candidate.short & query.acronyms)
        if acro and best < (acro_score := acronym_score(acro)):
            best, pair = acro_score, None
            lines.append(f"name {best:.2f}: acronym {', '.join(sorted(a.upper() for a in acro))}")
        features["name"] = best
        if pair:
            scripts = f" [{pair[0].script}→{pair[1].script}]" if pair[0].script != pair[1].script else ""
            weak = " (weak alias)" if pair[1].weak else ""
            lines.append(f"name {best:.2f}: '{pair[0].original}' ~ '{pair[1].original}'{weak}{scripts}")
        elif not acro:
            lines.append("name 0.00: no names to compare")
        score = best * w["name"]
        date, why = date_feature(list(query.dates), list(candidate.dates))
        features["birth_date"] = date
        # A date of birth corroborates a name, it does not replace one: its weight grows with the name's
        # score from nothing at 0.4 to all at 0.7. The same full date is shared by about one stranger
        # in 20,000; a year or a month by many more.
        support = min(1.0, max(0.0, (best - 0.4) / 0.3))
        if date >= 1.0:
            score += w["birth_date_exact"] * support * (1 - score)
        elif date > 0:
            score += w["birth_date"] * date * support * (1 - score)
        elif date < 0:
            score -= w["birth_date_conflict"]
        lines.append(f"birth date {date:+.2f}: {why}")
        qc, cc = query.countries, candidate.countries
        if qc and cc:
            country = 1.0 if qc & cc else -1.0
            score += w["country"] * (1 - score) if country > 0 else -w["country_conflict"]
            lines.append(f"country {country:+.0f}: {', '.join(sorted(qc))} vs {', '.join(sorted(cc))}")
        else:
            country = 0.0
            lines.append("country 0: not compared (missing)")
        features["country"] = country
        qg, cg = query.genders, candidate.genders
        if qg and cg and not qg & cg:
            features["gender"] = -1.0
            score -= w["gender_conflict"]
            lines.append(f"gender conflicts ({', '.join(qg)} vs {', '.join(cg)})")
        shared = query.docs & candidate.docs
        features["document"] = 1.0 if shared else 0.0
        if shared:
            score = max(score, w["document"] if best >= 0.5 else w["document"] - 0.05)
            lines.append(
                f"document number matches ({', '.join(sorted(d[2:] for d in shared))}): near-conclusive"
            )
        qs, cs = query.schema, candidate.schema
        if (qs in PERSON_SCHEMATA and cs in ORG_SCHEMATA) or (qs in ORG_SCHEMATA and cs in PERSON_SCHEMATA):
            features["schema"] = -1.0
            score -= w["schema_conflict"]
            lines.append(f"schema conflict ({qs} vs {cs})")
        score = min(1.0, max(0.0, score))
        return MatchResult(score, features, "; ".join(lines), f"{self.NAME}-v{self.VERSION}")


ALGORITHMS: dict[str, Algorithm] = {"tessera-name-v2": TesseraNameV2()}
DEFAULT_ALGORITHM = "tessera-name-v2"


def get_algorithm(name: str = DEFAULT_ALGORITHM) -> Algorithm:
    try:
        return ALGORITHMS[name]
    except KeyError as exc:
        raise KeyError(f"unknown matching algorithm {name!r}; known: {', '.join(ALGORITHMS)}") from exc


def compare(query: Mapping[str, Any], candidate: Mapping[str, Any]) -> MatchResult:
    return ALGORITHMS[DEFAULT_ALGORITHM].compare(query, candidate)
