"""Webhook signing, verification, retry schedule, and delivery against a real local HTTP receiver."""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tessera.finance.webhooks import (
    SIGNATURE_HEADER,
    RetryPolicy,
    WebhookSignatureError,
    deliver,
    next_attempt,
    sign,
    verify,
)

SECRET = "whsec-test-synthetic"
BODY = b'{"event":"payment.held","id":"p-1"}'
T0 = 1_790_000_000


def test_sign_and_verify_round_trip() -> None:
    header = sign(SECRET, BODY, T0)
    assert header.startswith(f"t={T0},v1=") and len(header.split("v1=")[1]) == 64
    assert verify(SECRET, BODY, header, now=T0 + 10) == T0


@pytest.mark.parametrize(
    ("body", "secret", "fragment"),
    [(BODY + b" ", SECRET, "does not match"), (BODY, "other-secret", "does not match")],
)
def test_tampered_body_or_wrong_secret_fails(body: bytes, secret: str, fragment: str) -> None:
    with pytest.raises(WebhookSignatureError, match=fragment):
        verify(secret, body, sign(SECRET, BODY, T0), now=T0)


def test_tampered_timestamp_fails() -> None:
    header = sign(SECRET, BODY, T0).replace(f"t={T0}", f"t={T0 + 1}")
    with pytest.raises(WebhookSignatureError, match="does not match"):
        verify(SECRET, BODY, header, now=T0)


@pytest.mark.parametrize("offset", [301, -301, 10_000])
def test_stale_or_future_timestamp_fails(offset: int) -> None:
    with pytest.raises(WebhookSignatureError, match="tolerance"):
        verify(SECRET, BODY, sign(SECRET, BODY, T0), now=T0 + offset, tolerance=300)


@pytest.mark.parametrize("header", ["", "v1=abc", f"t={T0}", "t=abc,v1=00", "garbage"])
def test_malformed_header_fails(header: str) -> None:
    with pytest.raises(WebhookSignatureError, match="malformed"):
        verify(SECRET, BODY, header, now=T0)


def test_rotated_secrets_any_v1_verifies() -> None:
    old = sign("old-secret", BODY, T0).split(",")[1]
    header = f"{sign(SECRET, BODY, T0)},{old}"
    assert verify("old-secret", BODY, header, now=T0) == T0
    assert verify(SECRET, BODY, header, now=T0) == T0


def test_retry_schedule_grows_with_jitter_and_stops() -> None:
    policy = RetryPolicy(max_attempts=6, base_seconds=10, factor=2, max_delay_seconds=100, jitter=0.2)
    now = datetime(2026, 11, 1, 12, 0)
    delays = []
    for attempt in range(1, 6):
        when = next_attempt(attempt, now, random.Random(attempt), policy)
        assert when is not None
        delays.append((when - now).total_seconds())
    nominal = [10, 20, 40, 80, 100]
    for got, want in zip(delays, nominal, strict=True):
        assert want * 0.8 <= got <= want * 1.2
    assert next_attempt(6, now, random.Random(0), policy) is None
    same = [next_attempt(2, now, random.Random(42), policy) for _ in range(2)]
    assert same[0] == same[1]  # deterministic for a seeded rng
    spread = {next_attempt(3, now, random.Random(s), policy) for s in range(20)}
    assert len(spread) > 10  # jitter spreads retries
    with pytest.raises(ValueError):
        next_attempt(0, now, random.Random(0), policy)


@dataclass
class Receiver:
    fail_first: int
    fail_status: int = 503
    seen: list[dict[str, object]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver(request: pytest.FixtureRequest) -> Iterator[Receiver]:
    state = Receiver(**getattr(request, "param", {"fail_first": 2}))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            try:
                verify(SECRET, body, self.headers[SIGNATURE_HEADER], now=time.time())
                valid = True
            except WebhookSignatureError:
                valid = False
            state.seen.append(
                {
                    "valid": valid,
                    "attempt": self.headers["Tessera-Attempt"],
                    "delivery": self.headers["Tessera-Delivery-Id"],
                    "body": json.loads(body),
                }
            )
            status = state.fail_status if len(state.seen) <= state.fail_first else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_delivery_retries_until_receiver_accepts(receiver: Receiver) -> None:
    slept: list[float] = []
    policy = RetryPolicy(max_attempts=5, base_seconds=0.01, jitter=0.1)
    with httpx.Client(timeout=5) as client:
        result = deliver(
            receiver.url, SECRET, {"event": "payment.held", "id": "p-1"}, client,
            policy=policy, rng=random.Random(1), sleep=slept.append, delivery_id="d-1",
        )  # fmt: skip
    assert result.succeeded
    assert [a.status_code for a in result.attempts] == [503, 503, 200]
    assert [a.attempt_no for a in result.attempts] == [1, 2, 3]
    assert result.attempts[0].error == "HTTP 503" and result.attempts[-1].error is None
    assert result.attempts[-1].next_attempt_at is None and result.attempts[0].next_attempt_at is not None
    assert len(slept) == 2
    assert [s["attempt"] for s in receiver.seen] == ["1", "2", "3"]
    assert all(s["valid"] for s in receiver.seen)  # every attempt freshly and correctly signed
    assert {s["delivery"] for s in receiver.seen} == {"d-1"}
    assert receiver.seen[0]["body"] == {"event": "payment.held", "id": "p-1"}


@pytest.mark.parametrize("receiver", [{"fail_first": 100}], indirect=True)
def test_delivery_gives_up_after_max_attempts(receiver: Receiver) -> None:
    policy = RetryPolicy(max_attempts=3, base_seconds=0.001)
    with httpx.Client(timeout=5) as client:
        result = deliver(receiver.url, SECRET, {"n": 1}, client, policy=policy, sleep=lambda s: None)
    assert not result.succeeded and result.gave_up
    assert len(result.attempts) == 3 == len(receiver.seen)
    assert result.attempts[-1].next_attempt_at is None


@pytest.mark.parametrize("receiver", [{"fail_first": 100, "fail_status": 410}], indirect=True)
def test_permanent_client_error_is_not_retried(receiver: Receiver) -> None:
    with httpx.Client(timeout=5) as client:
        result = deliver(receiver.url, SECRET, {"n": 1}, client, sleep=lambda s: None)
    assert not result.succeeded and len(result.attempts) == 1
    assert result.attempts[0].error == "HTTP 410 (permanent; not retried)"


def test_connection_errors_are_logged_and_retried() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = datetime(2026, 11, 1, 12, 0)
    ticks = iter(start + timedelta(seconds=i) for i in range(100))
    policy = RetryPolicy(max_attempts=2, base_seconds=0.001)
    with httpx.Client(timeout=2) as client:
        result = deliver(
            f"http://127.0.0.1:{port}/", SECRET, {"n": 1}, client,
            policy=policy, sleep=lambda s: None, now=lambda: next(ticks),
        )  # fmt: skip
    assert not result.succeeded and len(result.attempts) == 2
    assert all(a.status_code is None and a.error and "ConnectError" in a.error for a in result.attempts)
