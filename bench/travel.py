"""Travel intake throughput: parse, store and screen every passenger against the OFAC SDN list and
5,000 hub watch subjects; then the same over RabbitMQ with one and with two workers.

    .venv/bin/python bench/travel.py [--flights 40] [--per-flight 300] [--postgres URL] [--amqp URL]

The single-worker figure runs in process on SQLite. The worker comparison uses PostgreSQL (both
workers write to it) and RabbitMQ, and reports the ratio of two workers to one on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from tessera.demo.world import build_world
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification, Marking
from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.services.travel import TravelService
from tessera.store import Fact, NewEntity, Store, make_engine, upgrade
from tessera.travel.generator import TrafficGenerator
from tessera.travel.serialise import serialise_pnrgov

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def prepare(url: str, fresh: bool) -> Store:
    engine = make_engine(url)
    if fresh and url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    store = Store(engine)
    store.create_agency("HUB", "Hub", "EU", "hub", {"distribution": "members"})
    store.create_agency("BE-PIU", "Belgian PIU", "BE", "piu")
    store.create_user("piu", "BE-PIU", ["analyst"], "confidential")
    store.create_user("cli-be-piu", "BE-PIU", ["analyst", "steward"], "confidential")  # the workers' user
    hub = Hub(store)
    lister = Viewer(
        agency="HUB",
        user="bench",
        roles=frozenset({"steward", "analyst"}),
        clearance=Classification.CONFIDENTIAL,
    )
    ScreeningService(hub).import_list(lister, "ofac", SHARED / "lists" / "ofac-sdn-2021-04", "ofac-csv")
    world = build_world(seed=3, persons=5000)
    members = Marking.from_dict("HUB", {"distribution": "members"})
    subjects = [e for e in world.entities if e.schema == "Person"][:5000]
    store.create_entities(
        lister,
        [
            NewEntity(
                "Person",
                {
                    "name": [s.first("name") or "x"],
                    **({"birthDate": [s.first("birthDate") or ""]} if s.first("birthDate") else {}),
                },
                members,
                facts=[Fact("nationality", n, members) for n in s.values("nationality")],
                watch=True,
            )
            for s in subjects
        ],
    )
    return store


def messages(flights: int, per_flight: int) -> list[bytes]:
    gen = TrafficGenerator(seed=11, start=datetime(2026, 12, 1, 6, 0))
    return [
        serialise_pnrgov(m).encode() for m in gen.week(n_pnrs=flights * per_flight, per_flight=per_flight)
    ]


def inline(store: Store, raws: list[bytes]) -> tuple[float, int]:
    hub = Hub(store)
    travel = TravelService(hub, ScreeningService(hub))
    viewer = store.user_by_name("piu").viewer()
    travel.ingest(viewer, raws[0], "warm-up")
    start = time.perf_counter()
    passengers = 0
    for i, raw in enumerate(raws[1:]):
        passengers += travel.ingest(viewer, raw, f"bench-{i}").travellers
    return time.perf_counter() - start, passengers


def workers(url: str, amqp_url: str, raws: list[bytes], n: int) -> tuple[float, list[int], float]:
    """Start ``n`` workers, let each build its indexes, then publish and time the queue's drain:
    from the first message a worker took to the last one acknowledged (start-up excluded)."""
    from tessera.services import amqp

    amqp.purge(amqp_url)
    with Store(make_engine(url)).engine.begin() as conn:
        conn.execute(
            text(
                "DELETE FROM travellers; DELETE FROM travel_messages; DELETE FROM alert_events; "
                "DELETE FROM alerts"
            )
        )
    env = {**os.environ, "TESSERA_DATABASE_URL": url, "TESSERA_AMQP_URL": amqp_url}
    command = [sys.executable, "-m", "tessera.cli", "travel", "worker", "--idle", "3"]
    procs = [
        subprocess.Popen(
            [*command, "--prefetch", "2", "--agency", "BE-PIU"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    for p in procs:  # each worker says when its screening indexes are built
        assert p.stderr is not None
        for line in p.stderr:
            if '"ready"' in line:
                break
    amqp.publish(amqp_url, ((raw, f"amqp-{i}", "BE-PIU") for i, raw in enumerate(raws)))
    reports = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode:
            raise SystemExit(f"worker failed: {err[-2000:]}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    busy = [r for r in reports if r["processed"]]
    makespan = max(r["last"] for r in busy) - min(r["first"] for r in busy)
    cpu = sum(r["cpu_last"] - r["cpu_first"] for r in busy)
    return makespan, [int(r["processed"]) for r in reports], cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flights", type=int, default=40)
    ap.add_argument("--per-flight", type=int, default=300)
    ap.add_argument("--postgres", default=os.environ.get("TESSERA_TEST_POSTGRES_URL"))
    ap.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672/%2F")
    args = ap.parse_args()
    raws = messages(args.flights + 1, args.per_flight)
    with tempfile.TemporaryDirectory() as tmp:
        store = prepare(f"sqlite:///{Path(tmp) / 'travel.db'}", fresh=True)
        seconds, passengers = inline(store, raws)
    print("\n## Travel intake (PNRGOV parse + store + screen vs OFAC SDN and 5,000 watch subjects)\n")
    print(
        f"one worker, in process, SQLite: {passengers} passengers in {seconds:.1f} s = "
        f"{passengers / seconds:.0f} passengers/s; a flight ({args.per_flight} PNRs, "
        f"{passengers / args.flights:.0f} passengers) in {seconds / args.flights:.2f} s, "
        f"300 passengers in {300 * seconds / passengers:.2f} s"
    )
    if args.postgres:
        prepare(args.postgres, fresh=True)
        one, _, cpu1 = workers(args.postgres, args.amqp, raws[1:], 1)
        two, shares, cpu2 = workers(args.postgres, args.amqp, raws[1:], 2)
        print(
            f"RabbitMQ + PostgreSQL, {args.flights} flight messages ({passengers} passengers), start-up "
            f"excluded: 1 worker {passengers / one:.0f} passengers/s ({one:.1f} s), 2 workers "
            f"{passengers / two:.0f} passengers/s ({two:.1f} s, messages {'/'.join(map(str, shares))}): "
            f"{one / two:.2f}x (machine has {os.cpu_count()} cores, shared with PostgreSQL and RabbitMQ)"
        )
        print(
            f"CPU the workers got: 1 worker {cpu1 / one:.2f} cores, 2 workers {cpu2 / two:.2f} cores; "
            f"CPU per passenger {1000 * cpu1 / passengers:.2f} ms vs {1000 * cpu2 / passengers:.2f} ms "
            f"(equal: the workers do not wait on each other; the ratio is bounded by the free cores)"
        )


if __name__ == "__main__":
    main()
