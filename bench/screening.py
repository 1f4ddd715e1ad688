"""Screening quality and speed on the OFAC SDN list, side by side with nomenklatura and Jaro-Winkler.

    .venv/bin/python bench/screening.py [--sample 300] [--negatives 3000] [--seed 7]

Positives: for every listed entry with several names, one alias is held out of the index and used
as the query (with the entry's date of birth and nationality for persons, as a screening system
would have them), plus perturbed variants of listed names: typos, token order, dropped middle
names, transliteration variants. Real cross-script pairs: the UN sample's original-script names
(Arabic, Cyrillic) queried against its Latin entries and the other way round, both within the whole
OFAC list. Negatives: Faker names from many locales (half of them with the date of birth and
nationality of a listed person) and recombined tokens of different listed persons. Recall is
counted when the right entry is the best match above the threshold. Peers (nomenklatura logic-v1,
logic-v2, Jaro-Winkler) are run on a fixed random sample of the queries (and 1,000 of the
negatives), each scored against a wide shortlist per query (the union of Tessera's 100
best candidates and the 100 nearest names by rapidfuzz WRatio), not by brute force over the list.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faker import Faker
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from tessera.lists.model import ListEntry
from tessera.lists.ofac import read_ofac_csv
from tessera.lists.un import read_un_xml
from tessera.matching import DEFAULT_THRESHOLD, Screener
from tessera.matching.text import script_of

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LOCALES = [
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "nl_NL",
    "pl_PL",
    "tr_TR",
    "ru_RU",
    "ar_AA",
    "fa_IR",
    "pt_BR",
    "sv_SE",
    "cs_CZ",
    "hu_HU",
    "el_GR",
    "he_IL",
    "zh_CN",
    "ja_JP",
    "ko_KR",
    "hi_IN",
]
VARIANTS = [
    ("ou", "u"),
    ("u", "ou"),
    ("mohammed", "muhammad"),
    ("muhammad", "mohamed"),
    ("y", "i"),
    ("i", "y"),
    ("kh", "h"),
    ("q", "k"),
    ("ee", "i"),
    ("al-", "el "),
    ("abdul", "abd al"),
    ("sh", "ch"),
    ("ph", "f"),
]


def name_props(entry: ListEntry) -> list[tuple[str, str]]:
    return [(p, v) for p in ("name", "alias") for v in entry.properties.get(p, [])]


def typo(rng: random.Random, name: str) -> str:
    chars = list(name)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    if not letters:
        return name
    i = rng.choice(letters)
    op = rng.choice(("swap", "drop", "replace"))
    if op == "swap" and i + 1 < len(chars):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif op == "drop":
        del chars[i]
    else:
        chars[i] = rng.choice("aeioulnrst")
    return "".join(chars)


def build(seed: int) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    rng = random.Random(seed)
    parsed = read_ofac_csv(SHARED / "lists" / "ofac-sdn-2021-04")
    index: list[tuple[str, dict[str, Any]]] = []
    queries: list[tuple[str, str, dict[str, Any]]] = []  # kind, expected id, query
    for entry in parsed.entries:
        if entry.schema not in ("Person", "Organization"):
            index.append((entry.id, entry.to_ftm()))
            continue
        props = {k: list(v) for k, v in entry.properties.items()}
        extra = {k: props[k][:1] for k in ("birthDate", "nationality") if props.get(k)}
        aliases = props.get("alias", [])
        if aliases:
            held = rng.choice(aliases)
            props["alias"] = [a for a in aliases if a != held]
            queries.append(
                (
                    "held-out alias",
                    entry.id,
                    {"schema": entry.schema, "properties": {"name": [held], **extra}},
                )
            )
        index.append((entry.id, {"id": entry.id, "schema": entry.schema, "properties": props}))
        primary = (props.get("name") or [""])[-1]
        tokens = primary.split()
        r = rng.random()
        if r < 0.12:
            queries.append(
                (
                    "typo",
                    entry.id,
                    {"schema": entry.schema, "properties": {"name": [typo(rng, primary)], **extra}},
                )
            )
        elif r < 0.2 and len(tokens) >= 2:
            queries.append(
                (
                    "token order",
                    entry.id,
                    {"schema": entry.schema, "properties": {"name": [" ".join(reversed(tokens))], **extra}},
                )
            )
        elif r < 0.28 and len(tokens) >= 3 and entry.schema == "Person":
            dropped = tokens[:1] + tokens[2:]
            queries.append(
                (
                    "dropped middle",
                    entry.id,
                    {"schema": "Person", "properties": {"name": [" ".join(dropped)], **extra}},
                )
            )
        elif r < 0.38:
            low = primary.lower()
            options = [(a, b) for a, b in VARIANTS if a in low]
            if options:
                a, b = rng.choice(options)
                queries.append(
                    (
                        "transliteration",
                        entry.id,
                        {"schema": entry.schema, "properties": {"name": [low.replace(a, b, 1)], **extra}},
                    )
                )
    return index, queries


NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


def cross_script(
    index: list[tuple[str, dict[str, Any]]],
) -> tuple[
    list[tuple[str, dict[str, Any]]],
    list[tuple[str, str, dict[str, Any]]],
    list[tuple[str, dict[str, Any]]],
    list[tuple[str, str, dict[str, Any]]],
]:
    """Real cross-script pairs from the UN sample, screened against the whole OFAC list plus the UN entries.

    To Latin: the index holds each UN entry with its Latin names only; the query is an original-script
    name (Arabic, Cyrillic). From Latin: the index holds each UN entry with its original-script names
    only; the query is one of its Latin names. The same people are often on OFAC too: an OFAC entry
    with one of the UN entry's Latin names (normalised) also counts as the right answer.
    """
    from tessera.matching.text import to_latin

    parsed = read_un_xml(SHARED / "lists" / "un-sample" / "consolidated-sample.xml")
    by_name: dict[str, set[str]] = defaultdict(set)
    for eid, data in index:
        for prop in NAME_PROPS:
            for n in data["properties"].get(prop, []):
                by_name[" ".join(sorted(to_latin(n).split()))].add(eid)
    to_idx, to_q, from_idx, from_q = list(index), [], list(index), []
    for entry in parsed.entries:
        props = {k: list(v) for k, v in entry.properties.items()}
        names = [n for p in NAME_PROPS for n in props.get(p, [])]
        original = [n for n in names if script_of(n) != "Latin"]
        latin = [n for n in names if script_of(n) == "Latin"]
        if not original or not latin:
            continue
        rest = {k: v for k, v in props.items() if k not in NAME_PROPS}
        same = {e for n in latin for e in by_name.get(" ".join(sorted(to_latin(n).split())), set())}
        to_idx.append(
            (
                entry.id,
                {"schema": entry.schema, "properties": {**rest, "name": latin[:1], "alias": latin[1:]}},
            )
        )
        from_idx.append((entry.id, {"schema": entry.schema, "properties": {**rest, "name": original}}))
        expected = "|".join(sorted({entry.id} | same))
        for name in original:
            to_q.append(
                (
                    "cross-script to Latin (UN)",
                    expected,
                    {"schema": entry.schema, "properties": {"name": [name]}},
                )
            )
        for name in latin[:3]:
            from_q.append(
                (
                    "cross-script from Latin (UN)",
                    expected,
                    {"schema": entry.schema, "properties": {"name": [name]}},
                )
            )
    return to_idx, to_q, from_idx, from_q


def negatives(seed: int, index: list[tuple[str, dict[str, Any]]], n: int) -> list[dict[str, Any]]:
    rng = random.Random(seed + 1)
    Faker.seed(seed)
    out = []
    fakers = [Faker(loc) for loc in LOCALES]
    # Half of the synthetic people share their date of birth and nationality with a listed person (as
    # in a bank's million customers, about fifty share each listed person's birthday): the date must
    # not carry an unrelated name over the threshold.
    born = [
        {k: d["properties"][k][:1] for k in ("birthDate", "nationality") if d["properties"].get(k)}
        for _, d in index
        if d["schema"] == "Person" and len((d["properties"].get("birthDate") or [""])[0]) == 10
    ]
    for i in range(n * 2 // 3):
        props: dict[str, Any] = {"name": [fakers[i % len(fakers)].name()]}
        if rng.random() < 0.5:
            props.update(rng.choice(born))
        out.append({"schema": "Person", "properties": props})
    persons = [d["properties"]["name"][-1].split() for _, d in index if d["schema"] == "Person"]
    persons = [p for p in persons if len(p) >= 2]
    while len(out) < n:
        a, b = rng.choice(persons), rng.choice(persons)
        out.append({"schema": "Person", "properties": {"name": [f"{a[0]} {b[-1]}"]}})
    return out


class Peer:
    def __init__(self, name: str, fn: Callable[[dict[str, Any], dict[str, Any]], float]) -> None:
        self.name, self.fn = name, fn


def nomenklatura_peer(algo_name: str) -> Peer:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algo = get_algorithm(algo_name)
    config = ScoringConfig.defaults()
    cache: dict[int, Any] = {}

    def proxy(data: dict[str, Any]) -> Any:
        key = id(data)
        if key not in cache:
            e = model.make_entity(data["schema"])
            e.id = str(key)
            for prop, values in data["properties"].items():
                if prop in e.schema.properties:
                    for v in values:
                        e.add(prop, v, quiet=True)
            cache[key] = e
        return cache[key]

    return Peer(algo_name, lambda q, c: float(algo.compare(proxy(q), proxy(c), config).score))


def jw_peer() -> Peer:
    def score(q: dict[str, Any], c: dict[str, Any]) -> float:
        names = [n.lower() for p in ("name", "alias") for n in c["properties"].get(p, [])]
        return max(
            (JaroWinkler.normalized_similarity(q["properties"]["name"][0].lower(), n) for n in names),
            default=0.0,
        )

    return Peer("jaro-winkler", score)


def evaluate(best: list[tuple[str, str, str, float]], neg: list[float]) -> dict[str, Any]:
    neg_sorted = sorted(neg)
    cut = neg_sorted[int(len(neg_sorted) * 0.99)] if neg_sorted else 1.0
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for kind, expected, got, score in best:
        by_kind[kind].append(got in expected.split("|") and score > cut)
    overall = [x for v in by_kind.values() for x in v]
    return {
        "threshold_1pct": cut,
        "recall": sum(overall) / max(len(overall), 1),
        "kinds": {k: sum(v) / len(v) for k, v in by_kind.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--negatives", type=int, default=3000)
    ap.add_argument("--peer-negatives", type=int, default=1000, help="negatives scored by the peers")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    index, queries = build(args.seed)
    to_idx, to_q, from_idx, from_q = cross_script(index)
    negs = negatives(args.seed, index, args.negatives)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    screener = Screener(index)
    build_s = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    indexes = {"to": to_idx, "from": from_idx, "main": index}
    screeners = {"to": Screener(to_idx), "from": Screener(from_idx), "main": screener}
    cross = to_q + from_q

    def which(kind: str) -> str:
        return "to" if "to Latin" in kind else "from" if "from Latin" in kind else "main"

    print(
        f"# {len(index)} entries indexed in {build_s:.1f}s; {len(queries)} positive queries; "
        f"{len(cross)} cross-script; {len(negs)} negatives",
        file=sys.stderr,
    )

    def tessera_best(s: Screener, q: dict[str, Any], brute: bool = False) -> tuple[str, float]:
        hits = s.screen(q, threshold=0.0, limit=1, brute_force=brute)
        return (hits[0].entry_id, hits[0].result.score) if hits else ("", 0.0)

    t = time.perf_counter()
    best = [(k, e, *tessera_best(screener, q)) for k, e, q in queries]
    qps = len(queries) / (time.perf_counter() - t)
    best += [(k, e, *tessera_best(screeners[which(k)], q)) for k, e, q in cross]
    neg = [tessera_best(screener, q)[1] for q in negs]
    results = {"tessera": evaluate(best, neg)}
    default_recall = sum(1 for k, e, g, s in best if g in e.split("|") and s >= DEFAULT_THRESHOLD) / len(best)
    default_fpr = sum(1 for s in neg if s >= DEFAULT_THRESHOLD) / len(neg)
    # Blocking keeps brute-force recall? Compare on a sample.
    sample_idx = rng.sample(range(len(queries)), min(args.sample, len(queries)))
    brute_hits = index_hits = 0
    cut = results["tessera"]["threshold_1pct"]
    for i in sample_idx:
        k, e, q = queries[i]
        g1, s1 = tessera_best(screener, q, brute=True)
        g2, s2 = tessera_best(screener, q)
        brute_hits += g1 == e and s1 > cut
        index_hits += g2 == e and s2 > cut
    rss = max(rss1 - rss0, 0) / 1024
    print("\n## Tessera screening benchmark (OFAC SDN 2021-04; UN sample for cross-script)\n")
    print(
        f"index: {len(index)} entries, built in {build_s:.1f} s, ~{rss:.0f} MB resident for the index; "
        f"{qps:.0f} queries/s on one core (with DOB and nationality), via the candidate index"
    )
    print(
        f"blocking keeps {index_hits}/{brute_hits} = {index_hits / max(brute_hits, 1):.1%} of brute-force "
        f"recall on {len(sample_idx)} sampled queries"
    )
    print(
        f"default threshold {DEFAULT_THRESHOLD}: recall {default_recall:.1%}, "
        f"negative alert rate {default_fpr:.2%}"
    )
    if not args.no_peers:
        names = {
            key: [(eid, n) for eid, d in idx for p in ("name", "alias") for n in d["properties"].get(p, [])]
            for key, idx in indexes.items()
        }
        data = {key: dict(idx) for key, idx in indexes.items()}
        peers = [nomenklatura_peer("logic-v1"), nomenklatura_peer("logic-v2"), jw_peer()]
        s_pos = [queries[i] for i in sample_idx] + cross
        s_neg = rng.sample(negs, min(args.peer_negatives, len(negs)))
        t_sample = [(k, e, *tessera_best(screeners[which(k)], q)) for k, e, q in s_pos]
        results["tessera (same sample)"] = evaluate(t_sample, [tessera_best(screener, q)[1] for q in s_neg])

        def shortlist(q: dict[str, Any], key: str) -> list[str]:
            ids = set(screeners[key].candidates(q, 100, 100))
            pool = names[key]
            for _, _, pos in process.extract(
                q["properties"]["name"][0], [n for _, n in pool], scorer=fuzz.WRatio, limit=100
            ):
                ids.add(pool[pos][0])
            return list(ids)

        for peer in peers:
            t = time.perf_counter()
            pb = []
            for k, e, q in s_pos:
                key = which(k)
                scored = [(peer.fn(q, data[key][c]), c) for c in shortlist(q, key)]
                s, g = max(scored) if scored else (0.0, "")
                pb.append((k, e, g, s))
            pn = [
                max((peer.fn(q, data["main"][c]) for c in shortlist(q, "main")), default=0.0) for q in s_neg
            ]
            results[peer.name] = evaluate(pb, pn)
            print(
                f"# {peer.name}: {(len(s_pos) + len(s_neg)) / (time.perf_counter() - t):.1f} queries/s "
                f"(shortlists)",
                file=sys.stderr,
            )
        print(
            f"peers (and 'tessera (same sample)'): {len(sample_idx)} sampled positives + all {len(cross)} "
            f"cross-script queries, {len(s_neg)} negatives; each peer scores a shortlist per query (union of "
            "Tessera's 100 best candidates and the 100 nearest names by rapidfuzz WRatio), not the whole list"
        )
    kinds = sorted({k for r in results.values() for k in r["kinds"]})
    print("\nRecall at the threshold where 1% of negatives alert (right entry ranked first):\n")
    print("| algorithm | overall | " + " | ".join(kinds) + " | threshold |")
    print("|---|---|" + "---|" * len(kinds) + "---|")
    for name, r in results.items():
        cells = " | ".join(f"{r['kinds'].get(k, float('nan')):.1%}" for k in kinds)
        print(f"| {name} | {r['recall']:.1%} | {cells} | {r['threshold_1pct']:.3f} |")
    print(f"\nmedian negative score (tessera): {statistics.median(neg):.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run (incl. peers and three indexes): {peak:.0f} MB")


if __name__ == "__main__":
    main()
