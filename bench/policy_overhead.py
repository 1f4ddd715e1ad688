"""What does enforcing the sharing policy cost? Ratio of policy-enforced store reads to the same
queries without the policy predicates, on the demo world, in one process.

    .venv/bin/python bench/policy_overhead.py [--persons N] [--reads N] [--searches N] [--postgres URL]

The baseline runs the store's own code with the visibility predicate replaced by TRUE (patched in
this process only, for measurement): the same SQL, the same object building, minus the policy.
Target: ratio <= 1.5 for both 1,000 reads by id and 100 searches.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, text, true

import tessera.store.base as base_mod
from tessera.demo.seed import seed_world
from tessera.demo.world import build_world
from tessera.errors import NotFound
from tessera.store import Store, make_engine, upgrade
from tessera.store.base import StoreBase
from tessera.store.tables import statements


def _baseline_queries(grants: bool) -> tuple[Any, Any, Any]:
    ids = bindparam("ids", expanding=True)
    return (
        select(statements).where(statements.c.entity_id.in_(ids)),
        select(statements.c.entity_id).where(statements.c.entity_id.in_(ids)).distinct(),
        select(statements.c.id).where(statements.c.id.in_(ids)),
    )


@contextmanager
def without_policy() -> Iterator[None]:
    """The same store code and SQL minus the visibility predicates: swapped in this process only,
    for the baseline measurement (the product has no such switch)."""
    saved_queries, saved_visible = base_mod._queries, StoreBase._visible
    base_mod._queries = _baseline_queries  # type: ignore[assignment]
    StoreBase._visible = lambda self, conn, viewer: (true(), {})  # type: ignore[method-assign,assignment,misc]
    try:
        yield
    finally:
        base_mod._queries = saved_queries
        StoreBase._visible = saved_visible  # type: ignore[method-assign]


def timed(fn: Callable[[], None], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def run(url: str, persons: int, reads: int, searches: int, fresh: bool) -> None:
    engine = make_engine(url)
    if fresh and url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    store = Store(engine)
    world = build_world(seed=7, persons=persons)
    t0 = time.perf_counter()
    seed_world(store, world)
    print(
        f"# seeded demo world ({persons} persons) into {engine.dialect.name} "
        f"in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    viewer = store.user_by_name("nl-analyst").viewer("benchmark")
    rng = random.Random(1)
    with engine.connect() as conn:
        all_ids = sorted(conn.execute(select(statements.c.entity_id).distinct()).scalars())
        names = sorted(conn.execute(select(statements.c.value).where(statements.c.prop == "name")).scalars())
    # Reads of records the viewer may see (the same work with or without the policy) ...
    readable = sorted(v.id for v in store.iter_entities(viewer))
    ids = [rng.choice(readable) for _ in range(reads)]
    queries = [rng.choice(names) for _ in range(searches)]

    def do_reads() -> None:
        for eid in ids:
            with suppress(NotFound):
                store.get_entity(viewer, eid)

    def do_searches() -> None:
        for q in queries:
            store.search(viewer, q, limit=20)

    do_reads(), do_searches()  # warm caches
    policy_reads, policy_search = timed(do_reads), timed(do_searches)
    with without_policy():
        do_reads(), do_searches()
        raw_reads, raw_search = timed(do_reads), timed(do_searches)
    print(
        f"\n## policy overhead on {engine.dialect.name} ({persons} persons, {len(all_ids)} entities, "
        f"{len(readable)} readable by the Dutch analyst)\n"
    )
    print("| workload | with policy | without policy | ratio | target |")
    print("|---|---|---|---|---|")
    for label, a, b in (
        (f"{reads} reads by id", policy_reads, raw_reads),
        (f"{searches} searches", policy_search, raw_search),
    ):
        ratio = a / b
        print(
            f"| {label} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {ratio:.2f}x | <= 1.5x "
            f"{'met' if ratio <= 1.5 else 'MISSED'} |"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--reads", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=100)
    parser.add_argument("--postgres", default=None, help="also run on this PostgreSQL URL (it is wiped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.persons, args.reads, args.searches, fresh=True)
    if args.postgres:
        run(args.postgres, args.persons, args.reads, args.searches, fresh=True)


if __name__ == "__main__":
    main()
