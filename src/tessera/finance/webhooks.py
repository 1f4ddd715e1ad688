"""Signed webhook delivery: HMAC-SHA256 signatures, retry schedule with backoff and jitter, delivery log.

Signature header: ``t=<unix seconds>,v1=<hex hmac>`` where the HMAC is over ``f"{t}.{body}"``. Several
``v1=`` entries may appear (secret rotation); any one valid entry verifies. Delivery uses an injected
``httpx.Client`` so the caller controls timeouts, transports and proxies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tessera.errors import AuthenticationError

SIGNATURE_HEADER = "Tessera-Signature"
DEFAULT_TOLERANCE = 300
# 4xx answers that are worth retrying; any other 4xx is a permanent refusal by the receiver.
RETRYABLE_4XX = frozenset({408, 409, 425, 429})


class WebhookSignatureError(AuthenticationError):
    code = "bad_webhook_signature"


def _key(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def signature(secret: str | bytes, body: bytes, timestamp: int) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(_key(secret), signed, hashlib.sha256).hexdigest()


def sign(secret: str | bytes, body: bytes, timestamp: int) -> str:
    """The header value ``t=<timestamp>,v1=<hex>`` for ``body``."""
    return f"t={timestamp},v1={signature(secret, body, timestamp)}"


def verify(
    secret: str | bytes, body: bytes, header: str, *, now: float, tolerance: int = DEFAULT_TOLERANCE
) -> int:
    """Check ``header`` for ``body``; return its timestamp or raise WebhookSignatureError."""
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif key == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise WebhookSignatureError(
            f"{SIGNATURE_HEADER} header is malformed; expected 't=<unix seconds>,v1=<hex>'"
        )
    if abs(now - timestamp) > tolerance:
        raise WebhookSignatureError(
            f"webhook timestamp {timestamp} is {abs(now - timestamp):.0f}s from now, beyond the {tolerance}s"
            " tolerance; check the sender's clock or replay"
        )
    expected = signature(secret, body, timestamp)
    if not any(hmac.compare_digest(expected.encode(), c.encode("ascii", "replace")) for c in candidates):
        raise WebhookSignatureError("webhook signature does not match the body; check the shared secret")
    return timestamp


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 30.0
    factor: float = 2.0
    max_delay_seconds: float = 6 * 3600.0
    jitter: float = 0.2  # ± fraction of the delay


def backoff_delay(attempt_no: int, rng: random.Random, policy: RetryPolicy) -> float:
    raw = min(policy.max_delay_seconds, policy.base_seconds * policy.factor ** (attempt_no - 1))
    return max(0.0, raw * (1.0 + rng.uniform(-policy.jitter, policy.jitter)))


def next_attempt(
    attempt_no: int, now: datetime, rng: random.Random, policy: RetryPolicy | None = None
) -> datetime | None:
    """When to try again after failed attempt number ``attempt_no`` (1-based); None when out of attempts."""
    policy = policy or RetryPolicy()
    if attempt_no < 1:
        raise ValueError("attempt_no counts from 1")
    if attempt_no >= policy.max_attempts:
        return None
    return now + timedelta(seconds=backoff_delay(attempt_no, rng, policy))


@dataclass(frozen=True)
class DeliveryAttempt:
    """One row of the delivery log."""

    delivery_id: str
    url: str
    attempt_no: int
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: float
    succeeded: bool
    next_attempt_at: datetime | None


@dataclass
class DeliveryResult:
    delivery_id: str
    succeeded: bool
    attempts: list[DeliveryAttempt] = field(default_factory=list)

    @property
    def gave_up(self) -> bool:
        return not self.succeeded


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def attempt_delivery(
    url: str,
    secret: str | bytes,
    body: bytes,
    client: httpx.Client,
    *,
    delivery_id: str,
    attempt_no: int,
    started: datetime,
    rng: random.Random,
    policy: RetryPolicy,
) -> DeliveryAttempt:
    """One signed POST of ``body``; ``next_attempt_at`` says when to retry (None: done or give up)."""
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(secret, body, int(started.replace(tzinfo=UTC).timestamp())),
        "Tessera-Delivery-Id": delivery_id,
        "Tessera-Attempt": str(attempt_no),
    }
    status: int | None = None
    error: str | None = None
    clock = time.perf_counter()
    try:
        response = client.post(url, content=body, headers=headers)
        status = response.status_code
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    duration = (time.perf_counter() - clock) * 1000
    ok = status is not None and 200 <= status < 300
    permanent = status is not None and 400 <= status < 500 and status not in RETRYABLE_4XX
    if status is not None and not ok:
        error = f"HTTP {status}" + (" (permanent; not retried)" if permanent else "")
    retry_at = None if ok or permanent else next_attempt(attempt_no, started, rng, policy)
    return DeliveryAttempt(delivery_id, url, attempt_no, started, status, error, duration, ok, retry_at)


def deliver(
    url: str,
    secret: str | bytes,
    payload: Mapping[str, Any],
    client: httpx.Client,
    *,
    policy: RetryPolicy | None = None,
    rng: random.Random | None = None,
    now: Callable[[], datetime] = _utcnow,
    sleep: Callable[[float], None] = time.sleep,
    delivery_id: str | None = None,
) -> DeliveryResult:
    """POST ``payload`` signed, retrying per ``policy`` until a 2xx, a permanent 4xx, or attempts run out."""
    policy = policy or RetryPolicy()
    rng = rng or random.Random()
    body = encode_payload(payload)
    result = DeliveryResult(delivery_id or uuid.uuid4().hex, succeeded=False)
    attempt_no = 0
    while True:
        attempt_no += 1
        attempt = attempt_delivery(
            url,
            secret,
            body,
            client,
            delivery_id=result.delivery_id,
            attempt_no=attempt_no,
            started=now(),
            rng=rng,
            policy=policy,
        )
        result.attempts.append(attempt)
        if attempt.succeeded:
            result.succeeded = True
            return result
        if attempt.next_attempt_at is None:
            return result
        sleep(max(0.0, (attempt.next_attempt_at - now()).total_seconds()))
