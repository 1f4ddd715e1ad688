"""Travel intake over a real RabbitMQ: a worker killed after committing a message but before
acknowledging it loses nothing, and the redelivered message is stored once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tessera.store import open_store
from tessera.store.tables import travel_messages
from tessera.travel.generator import TrafficGenerator
from tessera.travel.serialise import serialise_pnrgov

AMQP_URL = os.environ.get("TESSERA_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def _rabbit_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def rabbit() -> str:
    if not _rabbit_up():
        if os.environ.get("TESSERA_REQUIRE_AMQP") == "1":
            pytest.fail("RabbitMQ is required (TESSERA_REQUIRE_AMQP=1) but 127.0.0.1:5672 does not answer")
        pytest.skip("RabbitMQ not reachable")
    return AMQP_URL


def test_worker_killed_mid_batch_loses_nothing(rabbit: str, tmp_path: Path) -> None:
    from tessera.services import amqp

    db = tmp_path / "amqp.db"
    store = open_store(f"sqlite:///{db}")
    store.create_agency("BE-PIU", "Belgian PIU", "BE", "piu")
    gen = TrafficGenerator(seed=5, start=datetime(2026, 12, 1, 6, 0))
    raws = [serialise_pnrgov(m).encode() for m in gen.week(n_pnrs=60, per_flight=10)]
    queue = f"tessera.test.{uuid.uuid4().hex[:8]}"
    assert amqp.publish(rabbit, ((raw, f"m{i}", "BE-PIU") for i, raw in enumerate(raws)), queue) == len(raws)
    env = {**os.environ, "TESSERA_DATABASE_URL": f"sqlite:///{db}", "TESSERA_AMQP_URL": rabbit}
    cmd = [
        sys.executable,
        "-m",
        "tessera.cli",
        "travel",
        "worker",
        "--idle",
        "2",
        "--queue",
        queue,
        "--prefetch",
        "4",
    ]
    crashed = subprocess.run(
        cmd,
        env={**env, "TESSERA_TEST_CRASH_AFTER": "3"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == 17, crashed.stderr  # died after committing, before acknowledging
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(travel_messages)).scalar() == 3
    resumed = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=True)
    assert '"processed"' in resumed.stdout
    with store.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(travel_messages)).scalar()
    assert stored == len(raws)  # every message once: the redelivered one was recognised as a duplicate
    assert amqp.queue_depth(rabbit, queue) == 0
    conn2 = amqp.connect(rabbit)
    conn2.channel().queue_delete(queue)
    conn2.close()
    store.engine.dispose()
