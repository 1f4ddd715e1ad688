"""Travel intake over RabbitMQ (AMQP 0-9-1): several workers share one durable queue.

Publishing uses persistent messages and publisher confirms. A worker acknowledges a message only
after its ingest has committed, so a worker killed mid-batch loses nothing: unacknowledged
messages are redelivered, and ingest is idempotent on the message's content hash.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

import pika
from pika.adapters.blocking_connection import BlockingChannel

QUEUE = "tessera.travel"


def connect(url: str) -> pika.BlockingConnection:
    return pika.BlockingConnection(pika.URLParameters(url))


def declare(channel: BlockingChannel, queue: str = QUEUE) -> None:
    channel.queue_declare(queue=queue, durable=True)


def publish(url: str, items: Iterable[tuple[bytes, str, str]], queue: str = QUEUE) -> int:
    """Publish (raw message, source, agency) triples durably; returns how many were confirmed."""
    conn = connect(url)
    try:
        channel = conn.channel()
        declare(channel, queue)
        channel.confirm_delivery()
        count = 0
        for raw, source, agency in items:
            channel.basic_publish(
                exchange="",
                routing_key=queue,
                body=raw,
                mandatory=True,
                properties=pika.BasicProperties(
                    delivery_mode=2, headers={"source": source, "agency": agency}
                ),
            )
            count += 1
        return count
    finally:
        conn.close()


def consume(
    url: str,
    handle: Callable[[bytes, str, str], Any],
    *,
    queue: str = QUEUE,
    prefetch: int = 50,
    idle_seconds: float | None = None,
    max_messages: int | None = None,
    timing: dict[str, float] | None = None,
) -> int:
    """Process messages until the queue stays idle for ``idle_seconds`` (None: forever).

    ``handle(raw, source, agency)`` must commit before returning; only then is the message acked.
    ``prefetch`` bounds the unacknowledged messages a worker holds: a flight's message takes a
    fraction of a second, so a small window lets the next worker take the next one at once (a
    large one lets the first worker hoard the queue). ``timing`` receives the wall-clock time
    (``time.time()``) and the process's CPU time of the first message received and of the last one
    acknowledged.
    """
    conn = connect(url)
    processed = 0
    crash_after = int(os.environ.get("TESSERA_TEST_CRASH_AFTER", "0"))  # failure-injection for tests
    try:
        channel = conn.channel()
        declare(channel, queue)
        channel.basic_qos(prefetch_count=prefetch)
        for method, props, body in channel.consume(queue, inactivity_timeout=idle_seconds):
            if method is None:
                break
            if timing is not None and "first" not in timing:
                timing["first"], timing["cpu_first"] = time.time(), time.process_time()
            headers = (props.headers or {}) if props is not None else {}
            handle(body, str(headers.get("source", "amqp")), str(headers.get("agency", "")))
            processed += 1
            if crash_after and processed >= crash_after:
                os._exit(17)  # simulate a worker killed after committing, before acknowledging
            channel.basic_ack(delivery_tag=method.delivery_tag)
            if timing is not None:
                timing["last"], timing["cpu_last"] = time.time(), time.process_time()
            if max_messages is not None and processed >= max_messages:
                break
        channel.cancel()
    finally:
        if conn.is_open:
            conn.close()
    return processed


def queue_depth(url: str, queue: str = QUEUE) -> int:
    conn = connect(url)
    try:
        channel = conn.channel()
        result = channel.queue_declare(queue=queue, durable=True, passive=True)
        return int(result.method.message_count)
    finally:
        conn.close()


def purge(url: str, queue: str = QUEUE) -> None:
    conn = connect(url)
    try:
        channel = conn.channel()
        declare(channel, queue)
        channel.queue_purge(queue)
    finally:
        conn.close()
