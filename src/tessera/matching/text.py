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
from rigour.names.org_types import remove_org_types

from tessera.matching.vocab import (
    EAST_SLAVIC,
    EQUIVALENTS,
    KOREAN_FOLDS,
    KOREAN_SURNAMES,
    ORG_TERMS,
    PARTICLES,
    TITLES,
)

# Russian and Greek by the BGN/UNGEGN conventions sanctions lists use (Yusuf, not Usuf; Alexis, not
# Alexes); everything else by ICU's generic Any-Latin.
_TRANSLIT = icu.Transliterator.createInstance(
    "Russian-Latin/BGN; Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII; Lower"
)
# ta marbuta and alif maqsura read as -a (Musa, Yahya, Mustafa); alif with hamza below as i;
# tatweel is decoration;
# Persian ye/kaf as Arabic; Hebrew final pe is f.
# The zero-width non-joiner inside Persian words joins, it does not separate (خامنه‌ای, Khamenei);
# a he before it is the vowel e.
_SCRIPT_PRE = str.maketrans(
    {"ة": "ا", "ى": "ا", "إ": "ي", "ـ": "", "ی": "ي", "ک": "ك", "ף": "פ", "\u200c": ""}
)
_PERSIAN_E = re.compile("ه\u200c")
_HEBREW_PE = re.compile(r"פ(?=\s|$)")
# A final he after a consonant is a vowel (Akhundzada, Fatemeh, Talha), except in Allah, after ya
# (Nazih, Wajih) and in two-letter names (Taha).
_FINAL_HE = re.compile("(?<=[\u0600-\u06FF]{2})(?<![لي\u06cc])ه(?![\u0600-\u06FF])")
# A word-initial ʿayn carries the word's first vowel in Latin renderings (Omar, Ali, Issa, Othman):
# read it as alif.
_INITIAL_AYN = re.compile(r"(?<![\u0600-\u06FF])ع")
# Dal does not join the next letter, so a following name is often written without a space:
# محمدعبد البصیر is Muhammad Abd al-Basir.
_GLUED_ABD = re.compile(r"(?<=[\u0600-\u06FF]{2})(?=عبد(?:\s|$))")
# The Arabic article is written joined to its noun (الرحمن): separate it so it folds like al-Rahman.
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06FF])ال(?=[\u0600-\u06FF]{2,})(?!له(?![\u0600-\u06FF]))")
# Korean is written in syllables, each a name part when romanised (김정은: Kim Jong Un).
_HANGUL_SYLLABLE = re.compile("([\uac00-\ud7af])")
# Signs for ʿayn, hamza and soft signs are not letters: Mu'ammar is one word, not two.
_MARKS = re.compile(r"['`´ʹʺʻʼʽʾʿ’‘\"]")
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

# Legal forms and generic words as misspelt (Limted, Lymited, Compnay): still not part of the name.
_LONG_TERMS = [t for t in ORG_TERMS if len(t) >= 6]
_TERM_EDITS = frozenset(_LONG_TERMS) | {t[:i] + t[i + 1 :] for t in _LONG_TERMS for i in range(len(t))}


def is_org_term(token: str) -> bool:
    """An organisation term, or one written with one letter dropped, added or changed."""
    if token in ORG_TERMS or token in _TERM_EDITS:
        return True
    return len(token) >= 6 and any(token[:i] + token[i + 1 :] in _TERM_EDITS for i in range(len(token)))


_COMPOUND_HEADS = ("abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abdi", "abdoul")
# Heads that are a compound only before an article: Abed al-Hussein (but Abid Khan is one name).
_ARTICLE_HEADS = ("abed", "abid", "abad")
_ALLAH = re.compile(r"_(?:a|u|o|e)?ll?a?h?$")
_ABDALLAH = re.compile(r"^abd[aeiou]?l{1,2}a?h?$")  # Abdalah, Abdulla, Abdallah: abd_lah
_COMPOUND = re.compile(r"^abd(?:ul|el|al|ol|ur|ar|ir|oul|u|i|ou)?(?=[bcdfghjklmnpqrstvwxz])")
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
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _GLUED_ABD.sub(" ", _FINAL_HE.sub("ا", _PERSIAN_E.sub("ا", text)))
        text = _INITIAL_AYN.sub("ا", _ARABIC_ARTICLE.sub("ال ", text.translate(_SCRIPT_PRE)))
        text = _TRANSLIT.transliterate(_HANGUL_SYLLABLE.sub(r"\1 ", _HEBREW_PE.sub("f", text)))
    return " ".join(_NON_ALNUM.split(_MARKS.sub("", text).lower())).strip()


def _fold(token: str) -> str:
    out = EQUIVALENTS.get(token, token)
    for a, b in _PHON_RULES:
        out = out.replace(a, b)
    out = _DOUBLE.sub(r"\1", out)
    if len(out) > 3 and out.endswith("h"):
        out = out[:-1]
    if len(out) > 2 and out[-1] == "d":
        out = out[:-1] + "t"
    return out


_PHON_EQUIVALENTS = {_fold(v): _fold(group.split()[0]) for group in EAST_SLAVIC for v in group.split()}


@lru_cache(maxsize=300_000)
def phonetic(token: str) -> str:
    """Fold transliteration variants: Mohammed/Muhammad → muhamat, Youssef/Yusuf → iusuf."""
    if "_" in token:  # compounds (abd_rahman): fold each part, so no digraph spans the join
        return "".join(phonetic(part) for part in token.split("_") if part)
    out = _fold(token)
    return _PHON_EQUIVALENTS.get(out, out)


@lru_cache(maxsize=100_000)
def korean_fold(token: str) -> str:
    """One key for the romanisations of a Korean syllable (or a name written as several)."""
    out = KOREAN_SURNAMES.get(token, token)
    for a, b in KOREAN_FOLDS:
        out = out.replace(a, b)
    return _DOUBLE.sub(r"\1", out)


@lru_cache(maxsize=300_000)
def skeleton(token: str) -> str:
    """Consonants only (what Arabic script writes), from the phonetic form."""
    phon = phonetic(token)
    skel = _DOUBLE.sub(r"\1", _VOWELS.sub("", phon))
    return skel or phon[:1]


def _strip_article(token: str, latin: bool = True) -> str:
    # After abd: Abdul Alrahman. (Arabic script is split before; elsewhere a glued article is left to
    # the comparison, as in Altamirano it is no article.)
    if latin and len(token) > 4 and token.startswith(("al", "el")) and token[2] not in "aeiou":
        return token[2:]
    return token


@lru_cache(maxsize=1)
def _title_forms() -> frozenset[str]:
    return frozenset(p for p in map(phonetic, TITLES) if len(p) >= 4) - {phonetic("hadi")}  # Hadji, Hadi


def _is_title(token: str) -> bool:
    """A title as any transliteration writes it (Qari / Kari, Mawlawi / Moulavi)."""
    return len(token) >= 4 and phonetic(token) in _title_forms()


_PILGRIM = frozenset({"haj", "hajj", "haji", "hajji", "hajy", "hjy"})


def name_tokens(text: str, *, organisation: bool = False) -> list[str]:
    """Meaningful tokens of a name, in order, in Latin ASCII."""
    raw = to_latin(text).split()
    if organisation:  # legal forms in many languages (rigour), as written (S.A. de C.V.) or not (ooo)
        raw = to_latin(remove_org_types(to_latin(remove_org_types(text)))).split() or raw
    latin = script_of(text) == "Latin"
    drop = ORG_TERMS if organisation else TITLES | PARTICLES
    tokens: list[str] = []
    skip_next = False
    for i, tok in enumerate(raw):
        if skip_next:
            skip_next = False
            continue
        # al-Sayyed, al-Sheikh: a family name, not a title (but al-Hajj is the pilgrim's title)
        family = i > 0 and raw[i - 1] in ("al", "el") and tok not in _PILGRIM
        dropped = tok in drop or (is_org_term(tok) if organisation else _is_title(tok))
        if dropped and len(raw) > 1 and (organisation or tok in PARTICLES or not family):
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        head = tok in _COMPOUND_HEADS or (tok in _ARTICLE_HEADS and nxt in PARTICLES)
        if not organisation and head and nxt:
            if nxt in PARTICLES and i + 2 < len(raw):  # abd al rahman
                tokens.append(_ALLAH.sub("_lah", "abd_" + _strip_article(raw[i + 2], latin)))
                raw[i + 2] = ""
                skip_next = True
                continue
            tokens.append(_ALLAH.sub("_lah", "abd_" + _strip_article(nxt, latin)))
            skip_next = True
            continue
        if not tok:
            continue
        if not organisation:
            tok = "abd_lah" if _ABDALLAH.match(tok) else _COMPOUND.sub("abd_", tok)
        if not latin and tok == "allh" and tokens and "_" not in tokens[-1]:
            tokens[-1] += tok  # Esmat Allah is one name (Esmatullah), written as two words
            continue
        tokens.append(tok)
    return tokens or raw


# Names so common that sharing one says little about identity: they weigh half in a name.
_COMMON_TEXT = (
    "muhammad ahmed ali hasan husayn abd_lah ibrahim yusuf mustafa umar khalid abu mahmud said "
    "salim hamid karim abd_rahman ismail musa isa abbas jamal nasir rashid sultan kamal salah "
    "john james david michael robert maria jose juan carlos luis ivan sergey vladimir alexander "
    "andrey dmitry wang li zhang liu chen yang kim park lee nguyen"
)
COMMON_NAMES = frozenset(phonetic(n) for n in _COMMON_TEXT.split())


# Patronymics (Viktorovich, Fedorovych, Ivanovna, Ogly) are shared by many and often left out.
_PATRONYMIC_ENDS = ("vik", "vna", "ikna", "uglu", "ugli")


def _token_weight(p: str) -> float:
    if p in COMMON_NAMES:
        return 0.5 * min(max(len(p), 2), 8)
    if len(p) >= 7 and p.endswith(_PATRONYMIC_ENDS):
        return 3.0
    return float(min(max(len(p), 2), 8))


def _weights(phon: tuple[str, ...]) -> tuple[tuple[float, ...], float]:
    weights = tuple(_token_weight(p) for p in phon)
    return weights, sum(weights)


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
    phon_str: str = ""  # the phonetic tokens, space-separated (for C-level token-set similarity)
    skel_str: str = ""
    weights: tuple[float, ...] = ()  # each token's weight in the name (length; common names less)
    weight: float = 0.0

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.phon)


def _form(original: str, tokens: tuple[str, ...], script: str, weak: bool) -> NameForm:
    phon = tuple(phonetic(t) for t in tokens)
    skel = tuple(skeleton(t) for t in tokens)
    return NameForm(
        original,
        tokens,
        phon,
        skel,
        "".join(sorted(phon)),
        "".join(sorted(skel)),
        script,
        weak,
        " ".join(phon),
        " ".join(skel),
        *_weights(phon),
    )


@lru_cache(maxsize=300_000)
def name_form(text: str, organisation: bool = False, weak: bool = False) -> NameForm:
    return _form(text, tuple(name_tokens(text, organisation=organisation)), script_of(text), weak)


@lru_cache(maxsize=100_000)
def merged_forms(form: NameForm) -> tuple[NameForm, ...]:
    """The name with two adjacent tokens written as one, one variant per join (at most 5)."""
    toks = form.tokens
    return tuple(
        _form(
            form.original,
            (*toks[:i], toks[i].replace("_", "") + toks[i + 1].replace("_", ""), *toks[i + 2 :]),
            form.script,
            form.weak,
        )
        for i in range(min(len(toks) - 1, 5))
    )


@lru_cache(maxsize=100_000)
def korean_form(form: NameForm) -> NameForm:
    """The name with each syllable folded to one key for its Korean romanisations."""
    return _form(form.original, tuple(korean_fold(t) for t in form.tokens), form.script, form.weak)


_ACRONYM_STOP = frozenset({"of", "and", "the", "for", "de", "del", "la", "et", "und", "al", "el"})


@lru_cache(maxsize=100_000)
def acronyms(text: str) -> frozenset[str]:
    """What an organisation's name may be abbreviated to: the initials of its words, with and without
    connecting words and legal forms, and with the legal form kept whole (CRYMSA, PCC, IRGC)."""
    words = to_latin(text).split()
    if len(words) < 2:
        return frozenset()
    core = to_latin(remove_org_types(to_latin(remove_org_types(text)))).split()
    legal = "".join(w for w in words[len(core) :]) if core and words[: len(core)] == core else ""
    out = {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in _ACRONYM_STOP)}
    if len(core) >= 2:
        initials = "".join(w[0] for w in core if w not in _ACRONYM_STOP)
        out |= {initials, initials + legal, "".join(w[0] for w in core)}
    return frozenset(a for a in out if len(a) >= 2)


def acronym_form(text: str) -> str:
    """A name written as an acronym (PCC FZE, I.A.C., IRGC): its letters, or '' if it is not one."""
    words = to_latin(text).split()
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)
    core = to_latin(remove_org_types(" ".join(words))).split() or words
    if len(core) == 1 and 2 <= len(core[0]) <= 8 and not core[0].isdigit():
        return core[0]
    return ""
