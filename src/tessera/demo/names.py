"""Synthetic names: Faker pools per locale, cross-script renderings and spelling variants.

Faker is slow per call, so each locale's name lists are read once; names are then combined with
the world's own :class:`random.Random`. Arabic- and Persian-script names get a Latin rendering
(a table of usual spellings, otherwise a letter-by-letter romanisation); Cyrillic names use ICU's
BGN/PCGN transliteration. The original-script name is kept as an alias, so cross-script pairs are
genuine renderings of each other.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

import icu
from anyascii import anyascii
from faker import Faker

# origin -> (Faker locale, script)
ORIGINS: dict[str, tuple[str, str]] = {
    "arabic": ("ar_AA", "Arab"),
    "persian": ("fa_IR", "Arab"),
    "russian": ("ru_RU", "Cyrl"),
    "maghrebi": ("fr_DZ", "Latn"),
    "turkish": ("tr_TR", "Latn"),
    "pakistani": ("en_PK", "Latn"),
    "dutch": ("nl_NL", "Latn"),
    "flemish": ("nl_BE", "Latn"),
    "french": ("fr_FR", "Latn"),
    "german": ("de_DE", "Latn"),
    "english": ("en_GB", "Latn"),
    "american": ("en_US", "Latn"),
    "spanish": ("es_ES", "Latn"),
    "italian": ("it_IT", "Latn"),
    "swedish": ("sv_SE", "Latn"),
}

# usual Latin spellings of frequent Arabic-script name parts
USUAL: dict[str, str] = {
    "محمد": "Mohammed",
    "أحمد": "Ahmed",
    "احمد": "Ahmed",
    "علي": "Ali",
    "علی": "Ali",
    "عمر": "Omar",
    "يوسف": "Youssef",
    "يوسف ": "Youssef",
    "خالد": "Khaled",
    "حسن": "Hassan",
    "حسين": "Hussein",
    "حسین": "Hossein",
    "إبراهيم": "Ibrahim",
    "ابراهيم": "Ibrahim",
    "عبد الله": "Abdullah",
    "عبد": "Abd",
    "عبدالله": "Abdullah",
    "مصطفى": "Mustafa",
    "محمود": "Mahmoud",
    "سعيد": "Said",
    "كريم": "Karim",
    "رضا": "Reza",
    "فاطمة": "Fatima",
    "فاطمه": "Fatemeh",
    "مريم": "Maryam",
    "عائشة": "Aisha",
    "زينب": "Zainab",
    "نور": "Nour",
    "ليلى": "Layla",
    "سارة": "Sara",
    "هدى": "Huda",
    "أمينة": "Amina",
    "طارق": "Tariq",
    "بلال": "Bilal",
    "حمزة": "Hamza",
    "إسماعيل": "Ismail",
    "جمال": "Jamal",
    "ياسين": "Yassin",
    "رشيد": "Rachid",
    "عثمان": "Othman",
    "سليمان": "Suleiman",
    "أمير": "Amir",
    "امیر": "Amir",
    "مهدی": "Mahdi",
    "حمید": "Hamid",
    "رحيم": "Rahim",
    "نصر": "Nasr",
    "منصور": "Mansour",
}

_AR: dict[str, str] = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ى": "a",
    "ة": "a",
    "ء": "",
    "ئ": "",
    "ؤ": "",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
}
_VOWELS = set("aeiou")

# Latin spelling variants: pattern (lower case) -> replacement
VARIANTS: tuple[tuple[str, str], ...] = (
    ("mohammed", "muhammad"),
    ("mohamed", "mohammed"),
    ("muhammad", "mohamed"),
    ("ahmed", "ahmad"),
    ("ahmad", "ahmed"),
    ("youssef", "yusuf"),
    ("yusuf", "youssef"),
    ("abdel", "abdul"),
    ("abdul", "abd al-"),
    ("ou", "u"),
    ("oo", "u"),
    ("sh", "ch"),
    ("kh", "h"),
    ("q", "k"),
    ("ks", "x"),
    ("yu", "ju"),
    ("ya", "ja"),
    ("iy", "y"),
    ("ee", "i"),
    ("dj", "j"),
    ("ss", "s"),
    ("mm", "m"),
    ("ll", "l"),
    ("ei", "ey"),
    ("ai", "ay"),
    ("ph", "f"),
    ("ij", "y"),
    ("ck", "k"),
    ("th", "t"),
    ("ie", "i"),
)

_BGN = icu.Transliterator.createInstance("Russian-Latin/BGN; Latin-ASCII")


@dataclass
class Identity:
    first: str
    last: str
    gender: str  # male | female
    origin: str
    script_name: str | None = None  # original-script rendering, when not Latin
    script_last: str | None = None  # family name in the original script
    aliases: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _cap(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def romanise_arabic(text: str) -> str:
    """Latin rendering of an Arabic/Persian-script name: usual spelling or letter-by-letter."""
    text = text.strip()
    if text in USUAL:
        return USUAL[text]
    words: list[str] = []
    tokens = text.split()
    skip = False
    for idx, word in enumerate(tokens):
        if skip:
            skip = False
            continue
        pair = f"{word} {tokens[idx + 1]}" if idx + 1 < len(tokens) else ""
        if pair in USUAL:  # compound names such as Abdullah
            words.append(USUAL[pair])
            skip = True
            continue
        if word in USUAL:
            words.append(USUAL[word])
            continue
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
        units: list[str] = []
        for i, ch in enumerate(word):
            if ch in "وي" or ch == "ی":
                last_unit = next((u for u in reversed(units) if u), "")
                prev_vowel = not last_unit or last_unit[-1] in _VOWELS
                units.append(
                    ("w" if ch == "و" else "y") if prev_vowel or i == 0 else ("ou" if ch == "و" else "i")
                )
            else:
                units.append(_AR.get(ch, anyascii(ch).lower()))
        out = ""
        for unit in units:
            if not unit:
                continue
            if (
                out
                and out[-1] not in _VOWELS
                and unit[0] not in _VOWELS
                and (len(out) == 1 or out[-2] not in _VOWELS)
            ):
                out += "a"
            out += unit
        words.append(_cap(prefix + out) if not prefix else "al-" + _cap(out))
    return " ".join(w for w in words if w)


def romanise_cyrillic(text: str) -> str:
    latin = "".join(ch for ch in _BGN.transliterate(text) if ch.isascii() and (ch.isalnum() or ch in " -"))
    return " ".join(_cap(w.lower()) for w in latin.split())


def spelling_variant(name: str, rng: random.Random) -> str | None:
    """Another plausible Latin spelling of ``name`` (``None`` when no rule applies)."""
    low = name.lower()
    rules = [(a, b) for a, b in VARIANTS if a in low]
    if not rules:
        folded = anyascii(name)
        return folded if folded != name else None
    a, b = rules[rng.randrange(len(rules))]
    idx = low.index(a)
    out = name[:idx] + b + name[idx + len(a) :]
    if idx == 0 or name[idx - 1] == " ":
        out = out[:idx] + out[idx : idx + 1].upper() + out[idx + 1 :]
    return re.sub(r"\s+", " ", out).strip()


def _names(provider: Any, attr: str) -> list[str]:
    value = getattr(provider, attr, None)
    return [str(v) for v in value] if value else []


@dataclass
class Pool:
    male: list[str]
    female: list[str]
    last: list[str]
    last_female: list[str]
    cities: list[str]
    streets: list[str]
    postcodes: list[str]


class NamePools:
    """Name, city and street pools per origin, read once from Faker with a fixed seed."""

    def __init__(self, seed: int) -> None:
        self.pools: dict[str, Pool] = {}
        for origin, (locale, _script) in ORIGINS.items():
            fake = Faker(locale)
            fake.seed_instance(seed)
            person = fake.provider("faker.providers.person")
            first = _names(person, "first_names")
            male = _names(person, "first_names_male") or first
            female = _names(person, "first_names_female") or first
            last = _names(person, "last_names_male") or _names(person, "last_names")
            last_female = _names(person, "last_names_female") or last
            latin_locale = locale if ORIGINS[origin][1] == "Latn" else "en_GB"
            address = Faker(latin_locale)
            address.seed_instance(seed)
            # some locales' city() is not stable across hash seeds: sample their city list ourselves
            known = _names(address.provider("faker.providers.address"), "cities")
            if known:
                cities = sorted(
                    random.Random(f"{seed}:{origin}").sample(sorted(set(known)), min(30, len(known)))
                )
            else:
                cities = sorted({address.city() for _ in range(30)})
            streets = [address.street_address() for _ in range(40)]
            postcodes = [address.postcode() for _ in range(40)]
            self.pools[origin] = Pool(male, female, last, last_female, cities, streets, postcodes)

    def identity(self, origin: str, rng: random.Random, gender: str | None = None) -> Identity:
        pool = self.pools[origin]
        gender = gender or ("male" if rng.random() < 0.8 else "female")
        first = rng.choice(pool.male if gender == "male" else pool.female)
        last = rng.choice(pool.last if gender == "male" else pool.last_female)
        return self.render(origin, first, last, gender, rng)

    def relative(self, of: Identity, rng: random.Random, gender: str) -> Identity:
        """A family member: same family name, own first name."""
        pool = self.pools[of.origin]
        first = rng.choice(pool.male if gender == "male" else pool.female)
        last = of.script_last or of.last
        if of.origin == "russian":  # Russian family names agree with gender: Ivanov / Ivanova
            if gender == "female" and last.endswith(("ов", "ев", "ин")):
                last += "а"
            elif gender == "male" and last.endswith(("ова", "ева", "ина")):
                last = last[:-1]
        return self.render(of.origin, first, last, gender, rng)

    def render(self, origin: str, first: str, last: str, gender: str, rng: random.Random) -> Identity:
        script = ORIGINS[origin][1]
        aliases: list[str] = []
        script_name: str | None = None
        if script != "Latn":
            script_name = f"{first} {last}"
        script_last = last if script_name else None
        if script == "Arab":
            first, last = romanise_arabic(first), romanise_arabic(last)
        elif script == "Cyrl":
            first, last = romanise_cyrillic(first), romanise_cyrillic(last)
        ident = Identity(first, last, gender, origin, script_name, script_last)
        if script_name:
            aliases.append(script_name)
        variant = spelling_variant(ident.name, rng)
        if variant and variant != ident.name:
            aliases.append(variant)
        if script == "Latn" and rng.random() < 0.3:
            aliases.append(f"{last} {first}")
        ident.aliases = aliases
        return ident
