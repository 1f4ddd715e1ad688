"""What the hub tells institutions: the polling feed and signed webhook deliveries (retried with
backoff, every attempt in the delivery log the institution can read)."""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import httpx

from tessera.errors import ErrorDetail, PermissionDenied, ValidationError
from tessera.finance.webhooks import RetryPolicy, attempt_delivery, encode_payload
from tessera.policy.core import Viewer, require_role
from tessera.service import Hub

EVENT_KINDS = ("alert", "designations")
FEED_LIMIT = 500


class FeedService:
    def __init__(self, hub: Hub, policy: RetryPolicy | None = None, timeout: float = 5.0) -> None:
        self.hub = hub
        self.store = hub.store
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.rng = random.Random()
        self._dispatching = threading.Lock()
        self._wake = threading.Event()
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()
        # Called before each round of the background worker (the finance service catches up on
        # list versions imported by other processes there).
        self.before_round: list[Callable[[], object]] = []

    # -- feed -----------------------------------------------------------------------------------
    def feed(self, viewer: Viewer, since: str | None = None, limit: int = 100) -> dict[str, Any]:
        """Events after the cursor ``since`` (an event's ``seq``, or an ISO time); ``next`` continues."""
        cursor = 0
        if since:
            if since.isdigit():
                cursor = int(since)
            else:
                try:
                    when = datetime.fromisoformat(since).replace(tzinfo=None)
                except ValueError:
                    raise ValidationError(
                        "Bad cursor.", details=[ErrorDetail("since", "an event seq or an ISO 8601 time")]
                    ) from None
                cursor = self.store.first_event_at_or_after(viewer, when)
        events = self.store.events_since(viewer, cursor, max(1, min(limit, FEED_LIMIT)))
        self.hub.audit(viewer, "finance.feed.read", "feed", viewer.agency, since=cursor, count=len(events))
        return {"events": [e.to_dict() for e in events], "next": events[-1].seq if events else cursor}

    # -- webhooks -------------------------------------------------------------------------------
    def add_webhook(
        self, viewer: Viewer, url: str, secret: str | None = None, events: list[str] | None = None
    ) -> dict[str, Any]:
        """Register a webhook; the HMAC secret is returned once (generated if not given)."""
        if not require_role(viewer, "analyst", "steward"):
            raise PermissionDenied("Registering webhooks needs the analyst or steward role.")
        errors = []
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors.append(ErrorDetail("url", "an http:// or https:// URL"))
        if secret is not None and len(secret) < 16:
            errors.append(ErrorDetail("secret", "at least 16 characters"))
        kinds = list(events or EVENT_KINDS)
        unknown = [k for k in kinds if k not in EVENT_KINDS]
        if unknown or not kinds:
            errors.append(ErrorDetail("events", f"any of {', '.join(EVENT_KINDS)}"))
        if errors:
            raise ValidationError("The webhook is not valid.", details=errors)
        secret = secret or secrets.token_urlsafe(32)
        hook = self.store.add_webhook(viewer, url, secret, kinds)
        self.hub.audit(viewer, "finance.webhook.add", "webhook", hook["id"], url=url, events=kinds)
        return {**hook, "secret": secret}

    def webhooks(self, viewer: Viewer) -> list[dict[str, Any]]:
        return self.store.webhooks(viewer)

    def remove_webhook(self, viewer: Viewer, webhook_id: str) -> None:
        self.store.deactivate_webhook(viewer, webhook_id)
        self.hub.audit(viewer, "finance.webhook.remove", "webhook", webhook_id)

    def deliveries(self, viewer: Viewer, limit: int = 200) -> list[dict[str, Any]]:
        found = self.store.deliveries(viewer, limit)
        self.hub.audit(viewer, "finance.deliveries.read", "webhook", viewer.agency, count=len(found))
        return found

    # -- delivery -------------------------------------------------------------------------------
    def dispatch_due(self, client: httpx.Client | None = None) -> dict[str, int]:
        """Attempt every delivery that is due now (one attempt each); failures get their next time."""
        counts = {"delivered": 0, "retrying": 0, "failed": 0}
        own = client is None
        http = client or httpx.Client(timeout=self.timeout)
        try:
            with self._dispatching:
                while True:
                    due = self.store.due_deliveries(self.store.clock.now())
                    if not due:
                        break
                    for item in due:
                        attempt = attempt_delivery(
                            item.url,
                            item.secret,
                            encode_payload(
                                {
                                    "delivery_id": item.id,
                                    "agency": item.agency,
                                    "event": item.event.to_dict(),
                                }
                            ),
                            http,
                            delivery_id=item.id,
                            attempt_no=item.attempts + 1,
                            started=self.store.clock.now(),
                            rng=self.rng,
                            policy=self.policy,
                        )
                        self.store.record_attempt(
                            item.id,
                            {
                                "attempt": attempt.attempt_no,
                                "at": attempt.attempted_at.isoformat(),
                                "status_code": attempt.status_code,
                                "error": attempt.error,
                                "ms": round(attempt.duration_ms, 1),
                            },
                            delivered=attempt.succeeded,
                            next_attempt_at=attempt.next_attempt_at,
                        )
                        key = (
                            "delivered"
                            if attempt.succeeded
                            else ("retrying" if attempt.next_attempt_at else "failed")
                        )
                        counts[key] += 1
        finally:
            if own:
                http.close()
        return counts

    def wake(self) -> None:
        """New events: let the background worker (if running) deliver at once."""
        self._wake.set()

    def start_worker(self, interval: float = 2.0) -> None:
        """Deliver in the background (``tessera serve``): on new events, and every ``interval`` s."""
        if self._worker is not None:
            return

        def run() -> None:
            while not self._stop.is_set():
                try:
                    for step in self.before_round:
                        step()
                    self.dispatch_due()
                except Exception as exc:  # a broken receiver or database hiccup must not stop delivery
                    self.store.append_audit(
                        "system",
                        "-",
                        "finance.webhook.error",
                        "webhook",
                        "-",
                        "delivery",
                        {"error": str(exc)},
                    )
                self._wake.wait(interval)
                self._wake.clear()

        self._worker = threading.Thread(target=run, name="tessera-webhooks", daemon=True)
        self._worker.start()

    def stop_worker(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._worker is not None:
            self._worker.join(timeout=5)
            self._worker = None
