"""Deterministic synthetic customers, fast enough for a million rows, with planted true matches.

Faker is slow per call, so each locale's first names, last names, streets, cities and company names
are drawn once into pools (seeded) and then combined with a seeded ``random.Random``. Planted
customers copy a list entry's name (optionally perturbed: typo, swapped letters, reordered names,
accents dropped), birth date and nationality, at seeded positions; their ids are returned.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from anyascii import anyascii

DEFAULT_LOCALES: tuple[str, ...] = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "tr_TR", "ar_AA",
    "ru_RU", "pt_BR", "fa_IR", "uk_UA", "el_GR", "zh_CN", "ro_RO", "sv_SE",
)  # fmt: skip
_NATIONALITY = {
    "en_US": ["us"], "en_GB": ["gb"], "de_DE": ["de"], "fr_FR": ["fr"], "es_ES": ["es"], "it_IT": ["it"],
    "nl_NL": ["nl"], "pl_PL": ["pl"], "tr_TR": ["tr"], "ar_AA": ["eg", "jo", "sa", "ae", "ma", "iq", "lb"],
    "ru_RU": ["ru"], "pt_BR": ["br"], "fa_IR": ["ir"], "uk_UA": ["ua"], "el_GR": ["gr"], "zh_CN": ["cn"],
    "ro_RO": ["ro"], "sv_SE": ["se"], "ja_JP": ["jp"], "hi_IN": ["in"],
}  # fmt: skip
_FAMILY_FIRST = frozenset({"zh_CN", "ja_JP", "zh_TW", "ko_KR"})
POOL_SIZE = 300
PERTURBATIONS = ("exact", "typo", "swap", "reorder", "ascii")


@dataclass(frozen=True)
class PlantedMatch:
    customer_id: str
    entry_id: str
    perturbation: str
    name: str


@dataclass
class GeneratedCustomers:
    customers: list[dict[str, Any]] = field(default_factory=list)
    planted: dict[str, PlantedMatch] = field(default_factory=dict)  # customer id -> planted match

    @property
    def planted_ids(self) -> set[str]:
        return set(self.planted)


@dataclass(frozen=True)
class _Pool:
    locale: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    companies: tuple[str, ...]
    nationalities: tuple[str, ...]


def _pool(locale: str, seed: int) -> _Pool:
    from faker import Faker  # imported here: Faker is slow to import and only the generator needs it

    fake = Faker(locale)
    fake.seed_instance(seed)

    def draw(method: str, n: int) -> tuple[str, ...]:
        fn = getattr(fake, method)
        return tuple(dict.fromkeys(str(fn()) for _ in range(n)))

    return _Pool(
        locale,
        draw("first_name_male", POOL_SIZE),
        draw("first_name_female", POOL_SIZE),
        draw("last_name", POOL_SIZE),
        draw("street_name", POOL_SIZE // 3),
        draw("city", POOL_SIZE // 3),
        draw("company", POOL_SIZE // 3),
        tuple(_NATIONALITY.get(locale, [locale[-2:].lower()])),
    )


def perturb(name: str, kind: str, rng: random.Random) -> str:
    """A spelling variant of ``name``: typo (drop a letter), swap (adjacent letters), reorder, ascii."""
    tokens = name.split()
    if kind == "reorder" and len(tokens) > 1:
        return " ".join([tokens[-1], *tokens[:-1]])
    if kind == "ascii":
        return anyascii(name)
    if kind in ("typo", "swap"):
        longest = max(range(len(tokens)), key=lambda i: len(tokens[i])) if tokens else -1
        if longest >= 0 and len(tokens[longest]) >= 4:
            tok = tokens[longest]
            i = rng.randrange(1, len(tok) - 2)
            tokens[longest] = (
                tok[:i] + tok[i + 1 :] if kind == "typo" else tok[:i] + tok[i + 1] + tok[i] + tok[i + 2 :]
            )
            return " ".join(tokens)
    return name


def _planted_customer(
    cid: str, entry: dict[str, Any], rng: random.Random, perturb_rate: float
) -> tuple[dict[str, Any], PlantedMatch]:
    props = entry.get("properties") or {}
    names = [str(n) for n in props.get("name") or [] if str(n).strip()]
    if not names:
        raise ValueError(f"planted entry {entry.get('id')!r} has no name")
    name = rng.choice(names)
    kind = rng.choice(PERTURBATIONS[1:]) if rng.random() < perturb_rate else "exact"
    variant = perturb(name, kind, rng)
    org = str(entry.get("schema", "Person")) not in ("Person",)
    out: dict[str, list[str]] = {"name": [variant]}
    for src, dst in (("birthDate", "birthDate"), ("nationality", "nationality"), ("country", "nationality")):
        if props.get(src) and not org:
            out.setdefault(dst, [str(v).lower() if dst == "nationality" else str(v) for v in props[src]])
    customer = {"id": cid, "schema": "Company" if org else "Person", "properties": out}
    return customer, PlantedMatch(cid, str(entry.get("id", "")), kind, variant)


def iter_customers(
    n: int,
    seed: int = 0,
    locales: Sequence[str] = DEFAULT_LOCALES,
    planted: Sequence[dict[str, Any]] = (),
    *,
    perturb_rate: float = 0.5,
    company_rate: float = 0.08,
    planted_out: dict[str, PlantedMatch] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield ``n`` customers (planted ones included); fill ``planted_out`` with the planted ids."""
    if len(planted) > n:
        raise ValueError(f"cannot plant {len(planted)} entries among {n} customers")
    rng = random.Random(seed)
    pools = [_pool(loc, seed) for loc in locales]
    plant_at = dict(zip(sorted(rng.sample(range(n), len(planted))), planted, strict=True))
    width = max(7, len(str(n)))
    choice, rand, randint = rng.choice, rng.random, rng.randint
    for index in range(n):
        cid = f"C{index:0{width}d}"
        entry = plant_at.get(index)
        if entry is not None:
            customer, match = _planted_customer(cid, entry, rng, perturb_rate)
            if planted_out is not None:
                planted_out[cid] = match
            yield customer
            continue
        pool = choice(pools)
        address = f"{randint(1, 250)} {choice(pool.streets)}, {choice(pool.cities)}"
        if rand() < company_rate:
            yield {
                "id": cid,
                "schema": "Company",
                "properties": {
                    "name": [choice(pool.companies)],
                    "jurisdiction": [choice(pool.nationalities)],
                    "address": [address],
                    "registrationNumber": [f"R{randint(100000, 99999999)}"],
                },
            }
            continue
        first = choice(pool.male if rand() < 0.5 else pool.female)
        last = choice(pool.last)
        name = f"{last}{first}" if pool.locale in _FAMILY_FIRST else f"{first} {last}"
        yield {
            "id": cid,
            "schema": "Person",
            "properties": {
                "name": [name],
                "birthDate": [f"{randint(1935, 2006)}-{randint(1, 12):02d}-{randint(1, 28):02d}"],
                "nationality": [choice(pool.nationalities)],
                "address": [address],
            },
        }


def generate_customers(
    n: int,
    seed: int = 0,
    locales: Sequence[str] = DEFAULT_LOCALES,
    planted: Sequence[dict[str, Any]] = (),
    *,
    perturb_rate: float = 0.5,
) -> GeneratedCustomers:
    """``n`` deterministic customers (same arguments, same output) with ``planted`` list entries mixed in."""
    result = GeneratedCustomers()
    # Building a million small containers triggers the cyclic GC over and over; none of them form cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result.customers = list(
            iter_customers(n, seed, locales, planted, perturb_rate=perturb_rate, planted_out=result.planted)
        )
    finally:
        if was_enabled:
            gc.enable()
    return result
