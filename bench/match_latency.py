"""Latency of a single HTTP match (`POST /match/ofac`, yente-shaped) on the embedded database,
over a real socket, against the full OFAC SDN list.

    .venv/bin/python bench/match_latency.py [--requests 500]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from tessera.api.app import create_app
from tessera.lists import read_list
from tessera.policy.markings import Marking
from tessera.service import Hub
from tessera.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'lat.db'}")
        store.create_agency("HUB", "Hub", "EU", "hub", {"distribution": "members"})
        user, token = store.create_user("bank", "HUB", ["analyst", "steward"])
        hub = Hub(store)
        app = create_app(hub)
        viewer = user.viewer()
        store.create_list(viewer, "ofac", "OFAC", Marking.from_dict("HUB", {"distribution": "members"}))
        parsed = read_list(SHARED / "lists" / "ofac-sdn-2021-04", "ofac-csv")
        app.state.screening.store_version(viewer, "ofac", parsed.entries, fmt="ofac-csv", source="bench")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        rng = random.Random(5)
        names = [e.properties["name"][-1] for e in parsed.entries if e.schema == "Person"]
        times = []
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}
        ) as c:
            body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["warm up"]}}}}
            c.post("/match/ofac", json=body)
            for _ in range(args.requests):
                body = {"queries": {"q": {"schema": "Person", "properties": {"name": [rng.choice(names)]}}}}
                start = time.perf_counter()
                resp = c.post("/match/ofac", json=body)
                times.append((time.perf_counter() - start) * 1000)
                assert resp.status_code == 200
        server.should_exit = True
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    print(f"\n## HTTP match latency (SQLite, OFAC SDN, {args.requests} sequential requests over a socket)\n")
    print(
        f"p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms, max {times[-1]:.1f} ms "
        "(target p99 < 20 ms)"
    )


if __name__ == "__main__":
    main()
