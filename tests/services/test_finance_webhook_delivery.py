"""Webhook delivery from the hub to a real local HTTP receiver: signed, retried with backoff after
a failure, permanent refusals not retried, every attempt in the delivery log the bank can read."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tests.services.finance_world import BANK_A_CSV, BANK_B_CSV, CLAES, VARROWBY, import_csv, make_world

from tessera.clock import FixedClock
from tessera.finance.webhooks import SIGNATURE_HEADER, verify
from tessera.store import Store

SECRET = "bank-b-webhook-secret-synthetic"


@dataclass
class Receiver:
    url: str
    answers: list[int]  # status codes to answer in turn; 200 once exhausted
    received: list[dict[str, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver("", [])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state.lock:
                code = state.answers.pop(0) if state.answers else 200
                state.received.append(
                    {
                        "path": self.path,
                        "body": body,
                        "signature": self.headers[SIGNATURE_HEADER],
                        "attempt": self.headers["Tessera-Attempt"],
                        "code": code,
                    }
                )
            self.send_response(code)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def test_signed_deliveries_retry_with_backoff_and_are_logged(store: Store, receiver: Receiver) -> None:
    world = make_world(store)
    h = world.h("b")
    bad = world.client.post("/v1/finance/webhooks", json={"url": "ftp://x", "secret": "short"}, headers=h)
    assert bad.status_code == 422 and len(bad.json()["error"]["details"]) == 2
    hook = world.client.post(
        "/v1/finance/webhooks", json={"url": f"{receiver.url}/b", "secret": SECRET}, headers=h
    )
    assert hook.status_code == 201 and hook.json()["secret"] == SECRET
    other = world.client.post("/v1/finance/webhooks", json={"url": f"{receiver.url}/a"}, headers=world.h("a"))
    assert len(other.json()["secret"]) >= 32  # generated, shown once
    assert "secret" not in world.client.get("/v1/finance/webhooks", headers=h).json()["webhooks"][0]
    import_csv(world, "b", BANK_B_CSV)
    import_csv(world, "a", BANK_A_CSV)
    receiver.answers = [500, 503]  # the first two attempts fail
    world.publish([VARROWBY, CLAES])
    feed = world.client.app.state.finance.feed  # type: ignore[attr-defined]
    first = feed.dispatch_due()
    # Bank B: designations + 2 alerts; bank A: designations + 1 alert; 2 of the 5 failed.
    assert first == {"delivered": 3, "retrying": 2, "failed": 0}
    assert feed.dispatch_due() == {"delivered": 0, "retrying": 0, "failed": 0}  # not due yet
    clock = store.clock
    assert isinstance(clock, FixedClock)
    clock.advance(minutes=5)  # past the first backoff (30 s ± 20%)
    assert feed.dispatch_due() == {"delivered": 2, "retrying": 0, "failed": 0}

    now = clock.now().replace(tzinfo=UTC).timestamp()
    for item in receiver.received:
        body = item["body"]
        assert isinstance(body, bytes) and isinstance(item["signature"], str)
        secret = SECRET if item["path"] == "/b" else other.json()["secret"]
        verify(secret, body, item["signature"], now=now, tolerance=600)
    to_b = [json.loads(x["body"]) for x in receiver.received if x["path"] == "/b" and x["code"] == 200]  # type: ignore[arg-type]
    assert sorted(e["event"]["kind"] for e in to_b) == ["alert", "alert", "designations"]
    assert all(e["agency"] == "BANK-B" for e in to_b)
    to_a = [json.loads(x["body"]) for x in receiver.received if x["path"] == "/a" and x["code"] == 200]  # type: ignore[arg-type]
    assert {e["event"]["payload"].get("customer_id") for e in to_a if e["event"]["kind"] == "alert"} == {
        "A-1"
    }

    log = world.client.get("/v1/finance/webhooks/deliveries", headers=h).json()["deliveries"]
    assert {d["status"] for d in log} == {"delivered"} and len(log) == 3
    retried = [d for d in log if d["attempts"] > 1]
    for d in retried:
        assert [a["status_code"] for a in d["log"]][-1] == 200
        assert d["log"][0]["status_code"] in (500, 503) and d["log"][1]["attempt"] == 2
    assert {x["attempt"] for x in receiver.received} == {"1", "2"}
    # Bank A's log shows only its own deliveries.
    assert all(
        d["url"].endswith("/a")
        for d in world.client.get("/v1/finance/webhooks/deliveries", headers=world.h("a")).json()[
            "deliveries"
        ]
    )

    # A permanent refusal (404) is not retried; the log says why.
    receiver.answers = [404]
    world.publish([CLAES])  # NL-1 lifted: one designations event for each bank
    assert feed.dispatch_due() == {"delivered": 1, "retrying": 0, "failed": 1}
    failed = [
        d
        for d in world.client.get("/v1/finance/webhooks/deliveries", headers=h).json()["deliveries"]
        + world.client.get("/v1/finance/webhooks/deliveries", headers=world.h("a")).json()["deliveries"]
        if d["status"] == "failed"
    ]
    assert len(failed) == 1 and "permanent" in failed[0]["error"]
    world.client.close()


def test_background_worker_delivers_new_events(store: Store, receiver: Receiver) -> None:
    world = make_world(store)
    world.client.post(
        "/v1/finance/webhooks", json={"url": receiver.url, "secret": SECRET}, headers=world.h("b")
    )
    feed = world.client.app.state.finance.feed  # type: ignore[attr-defined]
    feed.start_worker(interval=0.2)
    try:
        world.publish([VARROWBY])
        deadline = time.monotonic() + 10
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        feed.stop_worker()
    assert len(receiver.received) == 1
    assert json.loads(receiver.received[0]["body"])["event"]["kind"] == "designations"  # type: ignore[arg-type]
    world.client.close()
