"""Similarity of two prepared names, in [0, 1], with the reason."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from tessera.matching.nicknames import are_nicknames
from tessera.matching.text import COMMON_NAMES, NameForm, merged_forms, phonetic, skeleton

CJK = frozenset({"Han", "Hangul", "Kana"})
SINGLE_COMMON_NAME = 0.85


def _edit_sim(qp: str, cp: str) -> float:
    dist = OSA.distance(qp, cp)
    short = min(len(qp), len(cp))
    if dist == 1:
        return 0.94 if short >= 5 else 0.9 if short >= 4 else 0.6
    if dist == 2 and short >= 7:
        return 0.86
    if short >= 4 and (qp.startswith(cp) or cp.startswith(qp)):  # Rafa / Rafael, Abdul / Abdulla
        return 0.8
    return max(0.0, 1.0 - dist / max(len(qp), len(cp))) * 0.75


@lru_cache(maxsize=1 << 18)
def _pair_sim(qt: str, ct: str, cross: bool) -> float:
    return _token_sim(qt, phonetic(qt), skeleton(qt), ct, phonetic(ct), skeleton(ct), cross)


def _syllable_sim(qt: str, ct: str) -> float:
    """Chinese, Japanese and Korean names become short romanised syllables (peng, jian, ping) that
    spelling folds would wrongly equate (peng ~ ping, jian ~ yan): only the same syllable counts."""
    return 1.0 if qt == ct else 0.0


def _token_sim(qt: str, qp: str, qs: str, ct: str, cp: str, cs: str, cross: bool) -> float:
    """Similarity of two tokens (qt, ct) by their phonetic forms (qp, cp) and consonant skeletons."""
    if qp == cp:
        return 1.0
    if len(qp) == 1 or len(cp) == 1:  # an initial
        return 0.8 if qp[0] == cp[0] else 0.0
    if are_nicknames(qp, cp):
        return 0.9
    # Edits, not Jaro-Winkler: JW rates a short name that begins a longer one (Kin / Kinta) highly.
    sim = _edit_sim(qp, cp)
    # Phonetic folding can spread a typo (Deic → dik, Delic → dilik): compare the letters as typed.
    if 0.4 <= sim < 0.9:
        sim = max(sim, _edit_sim(qt, ct))
        if (len(qp) > 4 and qp.startswith("al") and qp[2:] == cp) or (
            len(cp) > 4 and cp.startswith("al") and cp[2:] == qp
        ):
            sim = 0.95  # a glued article: Alhouthi / Houthi
    if cross and len(qs) >= 2 and len(cs) >= 2:  # vowel-less scripts: compare what is written
        if qs == cs:
            sim = max(sim, 0.96 if len(qs) >= 4 else 0.93 if len(qs) == 3 else 0.88)
            if len(qp) >= 3 and len(cp) >= 3 and (_unwritten_vowels(qp, cp) or _unwritten_vowels(cp, qp)):
                sim = max(sim, 0.97)
        else:
            sim = max(sim, 0.85 * Levenshtein.normalized_similarity(qs, cs))
    return sim


def _unwritten_vowels(written: str, spoken: str) -> bool:
    """Is ``written`` (from a script without short vowels: khlyl, hwthy) ``spoken`` (khalil, houthi)
    with only vowels left out? Waw and ya inside a word are read as the long vowels u and i."""
    written = written[:1] + written[1:].replace("v", "u")
    i = 0
    for ch in spoken:
        # An initial alif carries any vowel (Usama's u, Ibrahim's i); inside a word, letters must agree.
        if i < len(written) and (written[i] == ch or (i == 0 and ch in "aiu" and written[0] in "aiu")):
            i += 1
        elif ch not in "aiu":
            return False
    return i == len(written)


def _coverages(a: NameForm, b: NameForm, cross: bool, strict: bool = False) -> tuple[float, float]:
    """How well a's tokens are found in b's and b's in a's, weighted by token length (one pass)."""
    b_best = [0.0] * len(b.phon)
    total = weight = 0.0
    b_tokens = b.tokens
    for at, w in zip(a.tokens, a.weights, strict=True):
        best = 0.0
        for j, bt in enumerate(b_tokens):
            sim = 1.0 if at == bt else _syllable_sim(at, bt) if strict else _pair_sim(at, bt, cross)
            if sim > best:
                best = sim
            if sim > b_best[j]:
                b_best[j] = sim
        total += best * w
        weight += w
    b_total = sum(s * w for s, w in zip(b_best, b.weights, strict=True))
    return (total / weight if weight else 0.0), (b_total / b.weight if b.weight else 0.0)


def _rotations(tokens: tuple[str, ...]) -> set[str]:
    return {"".join(tokens[i:] + tokens[:i]).replace("_", "") for i in range(len(tokens))}


def is_cross(q: NameForm, c: NameForm) -> bool:
    """Skeletons (consonants only) are compared only across scripts: Arabic, Hebrew and Persian write
    no short vowels. Between two Latin spellings they would equate too much."""
    return q.script != c.script and "Latin" in (q.script, c.script) and not {q.script, c.script} & CJK


def _similarity(q: NameForm, c: NameForm, cross: bool, strict: bool = False) -> float:
    qc, cq = _coverages(q, c, cross, strict)
    # Names on one side only (middle names, patronymics) cost in proportion to their share, relative
    # to how well the shorter name is covered (so a spelling difference is not counted twice).
    # Two or more names found whole make a partial name strong evidence; one name much less.
    shorter, longer = (qc, cq) if len(q.phon) <= len(c.phon) else (cq, qc)
    short = q if len(q.phon) <= len(c.phon) else c
    base = 0.85 if len(short.phon) >= 2 else 0.6
    other = c if short is q else q
    if len(short.phon) == 2 and len(other.phon) > 2 and COMMON_NAMES & set(short.phon):
        base = 0.8  # Barakat Muhammad within Barakat Hamzi Muhammad: the common name says little
    aligned = shorter * (base + (1 - base) * min(1.0, longer / shorter)) if shorter else 0.0
    if len(q.phon) == 1 and len(c.phon) > 1:
        aligned *= 0.85  # a single name is weak evidence
    if strict:
        return aligned
    joined = Levenshtein.normalized_similarity(q.joined_phon, c.joined_phon)
    skel = 0.0
    if cross and len(q.joined_skel) >= 6 and len(c.joined_skel) >= 6:
        skel = 0.93 * Levenshtein.normalized_similarity(q.joined_skel, c.joined_skel)
    return max(aligned, joined, skel)


def name_similarity(q: NameForm, c: NameForm) -> float:
    if not q.phon or not c.phon:
        return 0.0
    if len(q.phon) == 1 and len(c.phon) == 1 and q.phon[0] in COMMON_NAMES:
        # One common name on both sides (Khalid, Muhammad): it may be anyone.
        return SINGLE_COMMON_NAME * _similarity(q, c, is_cross(q, c), q.script in CJK or c.script in CJK)
    strict = q.script in CJK or c.script in CJK
    if strict:  # syllables may be written apart or together, surname first or last: Xi Jinping
        if sorted(q.tokens) == sorted(c.tokens) or _rotations(q.tokens) & _rotations(c.tokens):
            return 1.0
    elif q.joined_phon == c.joined_phon:
        return 1.0
    cross = is_cross(q, c)
    best = _similarity(q, c, cross, strict)
    if (0.75 if not cross else 0.5) <= best < 0.93 and len(q.phon) != len(c.phon):
        # One side may write two names as one (Esmatullah / Esmat Ullah, Abdulaziz / Abdul Aziz).
        for merged in merged_forms(q if len(q.phon) > len(c.phon) else c):
            pair = (merged, c) if len(q.phon) > len(c.phon) else (q, merged)
            best = max(best, 0.98 * _similarity(*pair, cross, strict))
    return best


def clear_caches() -> None:
    """Forget cached token similarities (after the nickname list changed)."""
    _pair_sim.cache_clear()
