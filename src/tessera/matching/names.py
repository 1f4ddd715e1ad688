"""Similarity of two prepared names, in [0, 1], with the reason."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from tessera.matching.nicknames import are_nicknames
from tessera.matching.text import COMMON_NAMES, NameForm, korean_form, merged_forms, phonetic, skeleton

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
def _pair_sim(qt: str, ct: str, cross: int) -> float:
    sim = _token_sim(qt, phonetic(qt), skeleton(qt), ct, phonetic(ct), skeleton(ct), cross)
    if cross and sim < 0.97 and ("j" in qt) != ("j" in ct) and "g" in qt + ct:
        # Arabic jim is g in Egyptian renderings (Gamal, Ragab).
        gq, gc = qt.replace("j", "g"), ct.replace("j", "g")
        sim = max(sim, _token_sim(gq, phonetic(gq), skeleton(gq), gc, phonetic(gc), skeleton(gc), cross))
    return sim


def _syllable_sim(qt: str, ct: str) -> float:
    """Chinese, Japanese and Korean names become short romanised syllables (peng, jian, ping) that
    spelling folds would wrongly equate (peng ~ ping, jian ~ yan): only the same syllable counts."""
    return 1.0 if qt == ct else 0.0


def _token_sim(qt: str, qp: str, qs: str, ct: str, cp: str, cs: str, cross: int) -> float:
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
    if cross:  # vowel-less scripts: compare what is written
        if len(qs) >= 2 and len(cs) >= 2:
            if qs == cs:  # the same consonants; an abjad's reading below decides more finely
                sim = max(sim, SKELETON_SCORES[cross][min(len(qs), 4) - 2])
            else:
                sim = max(sim, 0.85 * Levenshtein.normalized_similarity(qs, cs))
        abjad = cross in (QUERY_ABJAD, CANDIDATE_ABJAD) and sim < 0.97 and len(qp) >= 3 and len(cp) >= 3
        if abjad and (_reads_as(qp, cp) if cross == QUERY_ABJAD else _reads_as(cp, qp)):
            sim = 0.97
    return sim


_RUNS = re.compile(r"[aiuv]+|[^aiuv]")


@lru_cache(maxsize=1 << 16)
def _reading(written: str) -> re.Pattern[str] | None:
    """What ``written`` (from a script without short vowels: khlyl, hwthy, mvsvi) may be read as:
    its consonants in order with any short vowels between them. A written long vowel is read as
    itself (alif a, ya i, waw u or v); two together as any vowels (ay: ai, ei, i); a final alif or
    ta marbuta (-a, -ah, -eh) may be silent; an initial alif or ʿayn carries any vowel, while an
    initial ya or waw is a consonant (Yusuf, Walid)."""
    parts: list[str] = []
    consonants = 0
    runs = _RUNS.findall(written)
    for i, run in enumerate(runs):
        if run[0] not in "aiuv" or (i == 0 and run[0] in "iv"):
            parts.append(re.escape(run[0]) + _vowel_run(run[1:], i == 0))
            consonants += 1
        else:
            parts.append(_vowel_run(run, i == 0, final=i == len(runs) - 1))
    if not consonants:
        return None
    return re.compile("[aiu]*".join(p for p in parts if p))


def _vowel_run(run: str, initial: bool, final: bool = False) -> str:
    if not run:
        return ""
    if final and run.endswith("a"):
        return "[aiuv]*"
    if len(run) > 1 or (initial and run == "a"):
        return "[aiuv]+"
    return "(?:u|v)" if run == "v" else run


def _reads_as(written: str, spoken: str) -> bool:
    """Is ``spoken`` (khalil, houthi, musavi) a reading of ``written`` with only vowels added?"""
    pattern = _reading(written)
    return pattern is not None and pattern.fullmatch(spoken) is not None


def _coverages(a: NameForm, b: NameForm, cross: int, strict: bool = False) -> tuple[float, float]:
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


ABJADS = frozenset({"Arabic", "Hebrew"})
# How two names relate across scripts (``cross``): not at all, the query or the candidate written in
# an abjad (no short vowels: Arabic, Persian, Hebrew), or across other scripts (Cyrillic, Greek).
SAME_SCRIPT, QUERY_ABJAD, CANDIDATE_ABJAD, OTHER_SCRIPT = 0, 1, 2, 3
# Same consonant skeleton of 2, 3, 4+ letters: across an abjad, a name read with the written long
# vowels scores higher still (0.97), so the skeleton alone counts for less there.
_ABJAD_SKELETON = (0.85, 0.9, 0.94)
SKELETON_SCORES = {
    QUERY_ABJAD: _ABJAD_SKELETON,
    CANDIDATE_ABJAD: _ABJAD_SKELETON,
    OTHER_SCRIPT: (0.88, 0.93, 0.96),
}


def is_cross(q: NameForm, c: NameForm) -> int:
    """Skeletons (consonants only) are compared only across scripts: Arabic, Hebrew and Persian write
    no short vowels. Between two Latin spellings they would equate too much."""
    if q.script == c.script or "Latin" not in (q.script, c.script) or {q.script, c.script} & CJK:
        return SAME_SCRIPT
    return QUERY_ABJAD if q.script in ABJADS else CANDIDATE_ABJAD if c.script in ABJADS else OTHER_SCRIPT


def _similarity(q: NameForm, c: NameForm, cross: int, strict: bool = False) -> float:
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


def _written_together(q: NameForm, c: NameForm) -> float:
    """Names written together on one side and apart on the other, in the same order (Kyrgyztransavia /
    Kyrgyz Trans Avia, Zorsecurity / Tsor Security), by the letters of the whole name."""
    qs, cs = "".join(q.phon), "".join(c.phon)
    dist = Levenshtein.distance(qs, cs, score_cutoff=2)
    short = min(len(qs), len(cs))
    if dist == 0 and short >= 6:
        return 0.98
    if dist == 1 and short >= 8:
        return 0.95
    if dist == 2 and short >= 12:
        return 0.9
    return 0.0


def name_similarity(q: NameForm, c: NameForm) -> float:
    if not q.phon or not c.phon:
        return 0.0
    if "Hangul" in (q.script, c.script):  # Gim Jeong-eun, Kim Jong Un, 김정은
        q, c = korean_form(q), korean_form(c)
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
    if best < 0.95 and len(q.phon) != len(c.phon) and not strict:
        best = max(best, _written_together(q, c))
    if (0.75 if not cross else 0.5) <= best < 0.93 and len(q.phon) != len(c.phon):
        # One side may write two names as one (Esmatullah / Esmat Ullah, Abdulaziz / Abdul Aziz).
        for merged in merged_forms(q if len(q.phon) > len(c.phon) else c):
            pair = (merged, c) if len(q.phon) > len(c.phon) else (q, merged)
            best = max(best, 0.98 * _similarity(*pair, cross, strict))
    return best


def clear_caches() -> None:
    """Forget cached token similarities (after the nickname list changed)."""
    _pair_sim.cache_clear()
