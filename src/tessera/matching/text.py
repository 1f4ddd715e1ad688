"""Name normalisation: scripts, transliteration, particles, titles, legal forms, phonetic keys.

Every name becomes Latin ASCII tokens (ICU ``Any-Latin; Latin-ASCII``), with honorifics and
connecting particles removed, compounds such as ``abd al-Rahman`` joined, and legal forms of
organisations dropped. Each token then gets a *phonetic* form that folds spelling variants common
in transliteration (ou/u, kh/h, q/k, ph/f, doubled letters ...) and a *skeleton* without vowels
or semi-vowels, which is what Arabic script writes: ``أسامة`` and ``Usama`` share ``sm``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import icu

_TRANSLIT = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")
_ARABIC_PRE = str.maketrans({"ة": "ه", "ى": "ي", "ـ": ""})  # ta marbuta reads as -a(h); tatweel is decoration
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

SCRIPTS = (
    ("Arabic", 0x0600, 0x06FF),
    ("Arabic", 0x0750, 0x077F),
    ("Arabic", 0xFB50, 0xFDFF),
    ("Arabic", 0xFE70, 0xFEFF),
    ("Cyrillic", 0x0400, 0x052F),
    ("Greek", 0x0370, 0x03FF),
    ("Hebrew", 0x0590, 0x05FF),
    ("Han", 0x4E00, 0x9FFF),
    ("Hangul", 0xAC00, 0xD7AF),
    ("Kana", 0x3040, 0x30FF),
)

TITLES = frozenset(
    {
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "mullah",
        "mulla",
        "hajji",
        "haji",
        "hadji",
        "alhaj",
        "alhajj",
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sir",
        "maulana",
        "mawlana",
        "maulvi",
        "mawlawi",
        "imam",
        "qari",
        "general",
        "gen",
        "colonel",
        "col",
        "capt",
        "captain",
        "major",
        "prof",
        "professor",
        "engineer",
        "eng",
    }
)
PARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "ad",
        "ar",
        "as",
        "at",
        "az",
        "ash",
        "an",
        "bin",
        "ibn",
        "bint",
        "ben",
        "ould",
        "wuld",
        "bn",
        "abn",
        "bnt",
        "ibnu",
        "binti",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "del",
        "della",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "y",
        "e",
    }
)
ORG_TERMS = frozenset(
    {
        "llc",
        "ltd",
        "limited",
        "gmbh",
        "sarl",
        "sa",
        "sas",
        "co",
        "company",
        "companies",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "est",
        "establishment",
        "for",
        "the",
        "of",
        "and",
        "plc",
        "ag",
        "bv",
        "nv",
        "spa",
        "srl",
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "ooo",
        "zao",
        "oao",
        "llp",
        "lp",
        "fze",
        "fzco",
        "fzc",
        "sdn",
        "bhd",
        "pte",
        "pvt",
        "pty",
        "private",
        "public",
        "joint",
        "stock",
        "closed",
        "open",
        "kg",
        "ab",
        "as",
        "oy",
        "sharikat",
        "sherkat",
        "sherkate",
        "mosasseh",
        "moassese",
        "tic",
        "san",
        "ve",
        "et",
        "cie",
        "und",
        "y",
        "trading",
        "general",
        "international",
        "intl",
        "group",
        "holding",
        "holdings",
        "enterprise",
        "enterprises",
    }
)
_COMPOUND_HEADS = ("abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abdi", "abdoul", "bd")
_ALLAH = re.compile(r"_(?:a|u|o|e)?ll?a?h?$")
_COMPOUND = re.compile(r"^a?bd(?:ul|el|al|ol|ur|ar|ir|oul|u|i|ou)?(?=[bcdfghjklmnpqrstvwxz])")
_PHON_RULES = (
    ("shch", "s"),
    ("tch", "c"),
    ("sch", "s"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "z"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ts", "c"),
    ("tz", "c"),
    ("ck", "k"),
    ("qu", "k"),
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ie", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("ay", "ai"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("z", "s"),
    ("x", "ks"),
    ("c", "k"),
    ("e", "i"),
    ("o", "u"),
)
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyvw]")


def script_of(text: str) -> str:
    for ch in text:
        code = ord(ch)
        if code < 0x0370:
            continue
        for name, lo, hi in SCRIPTS:
            if lo <= code <= hi:
                return name
    return "Latin"


@lru_cache(maxsize=300_000)
def to_latin(text: str) -> str:
    """Latin ASCII, lower case, words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_PRE)
    if not text.isascii():
        text = _TRANSLIT.transliterate(text)
    return " ".join(_NON_ALNUM.split(text.lower())).strip()


# Renderings of one name that spelling rules alone do not bring together.
EQUIVALENTS = {
    **dict.fromkeys(
        (
            "mehmet",
            "mehmed",
            "muhammed",
            "mohammed",
            "mohamed",
            "mohamad",
            "mohammad",
            "muhamad",
            "mohd",
            "mhd",
            "muhammet",
            "magomed",
            "mukhammed",
        ),
        "muhammad",
    ),
    **dict.fromkeys(("ahmet", "ahmad", "akhmed", "achmed"), "ahmed"),
    **dict.fromkeys(("hussein", "husain", "hussain", "huseyin", "husayn", "hossein", "hosein"), "husayn"),
    **dict.fromkeys(("osama", "usama", "oussama", "ousama"), "usama"),
    **dict.fromkeys(("yousef", "youssef", "yusef", "yusuf", "yosef", "joseph", "iosif", "yousif"), "yusuf"),
    **dict.fromkeys(("ibrahim", "ebrahim", "abraham", "brahim"), "ibrahim"),
}


@lru_cache(maxsize=300_000)
def phonetic(token: str) -> str:
    """Fold transliteration variants: Mohammed/Muhammad → muhamat, Youssef/Yusuf → iusuf."""
    if "_" in token:  # compounds (abd_rahman): fold each part, so no digraph spans the join
        return "".join(phonetic(part) for part in token.split("_") if part)
    out = EQUIVALENTS.get(token, token)
    for a, b in _PHON_RULES:
        out = out.replace(a, b)
    out = _DOUBLE.sub(r"\1", out)
    if len(out) > 3 and out.endswith("h"):
        out = out[:-1]
    if len(out) > 2 and out[-1] == "d":
        out = out[:-1] + "t"
    return out


@lru_cache(maxsize=300_000)
def skeleton(token: str) -> str:
    """Consonants only (what Arabic script writes), from the phonetic form."""
    phon = phonetic(token)
    skel = _DOUBLE.sub(r"\1", _VOWELS.sub("", phon))
    return skel or phon[:1]


def _strip_article(token: str) -> str:
    # Arabic-script names glue the article: الحوثي → alhwthy.
    if len(token) > 4 and token.startswith(("al", "el")) and token[2] not in "aeiou":
        return token[2:]
    return token


def name_tokens(text: str, *, organisation: bool = False) -> list[str]:
    """Meaningful tokens of a name, in order, in Latin ASCII."""
    raw = to_latin(text).split()
    drop = ORG_TERMS if organisation else TITLES | PARTICLES
    tokens: list[str] = []
    skip_next = False
    for i, tok in enumerate(raw):
        if skip_next:
            skip_next = False
            continue
        if tok in drop and len(raw) > 1:
            continue
        if not organisation and tok in _COMPOUND_HEADS and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in PARTICLES and i + 2 < len(raw):  # abd al rahman
                tokens.append(_ALLAH.sub("_lah", "abd_" + _strip_article(raw[i + 2])))
                raw[i + 2] = ""
                skip_next = True
                continue
            tokens.append(_ALLAH.sub("_lah", "abd_" + _strip_article(nxt)))
            skip_next = True
            continue
        if not tok:
            continue
        if not organisation:
            tok = _COMPOUND.sub("abd_", _strip_article(tok))
        tokens.append(tok)
    return tokens or raw


@dataclass(frozen=True)
class NameForm:
    """A name prepared for comparison."""

    original: str
    tokens: tuple[str, ...]
    phon: tuple[str, ...]
    skel: tuple[str, ...]
    joined_phon: str
    joined_skel: str
    script: str
    weak: bool = False

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.phon)


@lru_cache(maxsize=300_000)
def name_form(text: str, organisation: bool = False, weak: bool = False) -> NameForm:
    tokens = tuple(name_tokens(text, organisation=organisation))
    phon = tuple(phonetic(t) for t in tokens)
    skel = tuple(skeleton(t) for t in tokens)
    return NameForm(
        text, tokens, phon, skel, "".join(sorted(phon)), "".join(sorted(skel)), script_of(text), weak
    )
