"""Similarity of two prepared names, in [0, 1], with the reason."""

from __future__ import annotations

from rapidfuzz.distance import JaroWinkler, Levenshtein

from tessera.matching.nicknames import are_nicknames
from tessera.matching.text import NameForm

CJK = frozenset({"Han", "Hangul", "Kana"})


def _token_sim(qp: str, qs: str, cp: str, cs: str, cross: bool) -> float:
    if qp == cp:
        return 1.0
    if len(qp) == 1 or len(cp) == 1:  # an initial
        return 0.8 if qp[0] == cp[0] else 0.0
    sim = JaroWinkler.normalized_similarity(qp, cp)
    if sim < 0.9 and are_nicknames(qp, cp):
        return 0.9
    if sim < 0.8:  # Jaro-Winkler is generous to unrelated short words: only near spellings count
        sim *= 0.6
    if cross and len(qs) >= 2 and len(cs) >= 2:  # vowel-less scripts: compare what is written
        sim = max(sim, 0.92) if qs == cs else max(sim, 0.9 * Levenshtein.normalized_similarity(qs, cs))
    return sim


def _coverages(a: NameForm, b: NameForm, cross: bool) -> tuple[float, float]:
    """How well a's tokens are found in b's and b's in a's, weighted by token length (one pass)."""
    b_best = [0.0] * len(b.phon)
    total = weight = 0.0
    for ap, as_ in zip(a.phon, a.skel, strict=True):
        best = 0.0
        for j, (bp, bs) in enumerate(zip(b.phon, b.skel, strict=True)):
            sim = _token_sim(ap, as_, bp, bs, cross)
            if sim > best:
                best = sim
            if sim > b_best[j]:
                b_best[j] = sim
        w = max(len(ap), 2)
        total += best * w
        weight += w
    b_weights = [max(len(bp), 2) for bp in b.phon]
    b_total = sum(s * w for s, w in zip(b_best, b_weights, strict=True))
    return (total / weight if weight else 0.0), (b_total / sum(b_weights) if b_weights else 0.0)


def name_similarity(q: NameForm, c: NameForm) -> float:
    if not q.phon or not c.phon:
        return 0.0
    if q.joined_phon == c.joined_phon:
        return 1.0
    # Skeletons (consonants only) are compared only across scripts: Arabic, Hebrew and Persian
    # write no short vowels. Between two Latin spellings they would equate too much.
    cross = (
        q.script != c.script
        and "Latin" in (q.script, c.script)
        and q.script not in CJK
        and c.script not in CJK
    )
    qc, cq = _coverages(q, c, cross)
    # Extra names on the list side (middle names, patronymics) cost less than missing ones.
    aligned = qc * (0.7 + 0.3 * cq) if len(q.phon) <= len(c.phon) else cq * (0.7 + 0.3 * qc)
    if len(q.phon) == 1 and len(c.phon) > 1:
        aligned *= 0.85  # a single name is weak evidence
    joined = Levenshtein.normalized_similarity(q.joined_phon, c.joined_phon)
    skel = 0.0
    if cross and len(q.joined_skel) >= 5 and len(c.joined_skel) >= 5:
        skel = 0.95 * Levenshtein.normalized_similarity(q.joined_skel, c.joined_skel)
    return max(aligned, joined, skel)
