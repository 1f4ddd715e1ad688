"""Screening at scale: a synthetic list of 1 million names (Faker pools, many locales).

    .venv/bin/python bench/screening_scale.py [--size 1000000] [--queries 2000] [--seed 3]

Reports the candidate index's build time and resident memory, and queries per second with names
of listed entries (perturbed) and unlisted names.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from faker import Faker

from screening import LOCALES
from tessera.matching import DEFAULT_THRESHOLD, Screener


def pools(seed: int, size: int = 300) -> tuple[list[str], list[str]]:
    Faker.seed(seed)
    first: list[str] = []
    last: list[str] = []
    for loc in LOCALES:
        fake = Faker(loc)
        first += [fake.first_name() for _ in range(size)]
        last += [fake.last_name() for _ in range(size)]
    return sorted(set(first)), sorted(set(last))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    first, last = pools(args.seed)
    names = [
        f"{rng.choice(first)} {rng.choice(first) + ' ' if rng.random() < 0.3 else ''}{rng.choice(last)}"
        for _ in range(args.size)
    ]
    base = rss_mb()
    start = time.perf_counter()
    screener = Screener(
        (f"e{i}", {"schema": "Person", "properties": {"name": [n]}}) for i, n in enumerate(names)
    )
    build = time.perf_counter() - start
    memory = rss_mb() - base
    listed = [names[rng.randrange(len(names))] for _ in range(args.queries // 2)]
    queries = [n.upper() for n in listed] + [f"{rng.choice(first)} {rng.choice(last)}x" for _ in listed]
    start = time.perf_counter()
    alerts = 0
    for q in queries:
        alerts += bool(
            screener.screen({"schema": "Person", "properties": {"name": [q]}}, threshold=DEFAULT_THRESHOLD)
        )
    qps = len(queries) / (time.perf_counter() - start)
    print(f"\n## Screening at scale: {args.size:,} synthetic names\n")
    print(
        f"index built in {build:.1f} s, ~{memory:.0f} MB resident; {qps:.0f} queries/s on one core; "
        f"{alerts}/{len(queries)} queries alerted (half are listed names)"
    )


if __name__ == "__main__":
    main()
