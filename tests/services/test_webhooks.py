"""Webhooks against a real local HTTP receiver: retries with backoff, every attempt
recorded, at-least-once delivery with a constant idempotency key."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alarm_cluster import admin, seed_chain
from onefactory.model import DeliveryStatus, InvalidData, Severity
from onefactory.monitor.alarms import Condition
from onefactory.notify import HttpSender, RetryPolicy
from onefactory.services import alarms, webhooks

from support import NOW, free_port

POLICY = RetryPolicy(max_attempts=5, base_s=2, factor=2, max_s=60, jitter=0.2)


class Receiver:
    """Answers 500 to the first ``fail_first`` posts, then 200; keeps every request."""

    def __init__(self, fail_first: int) -> None:
        self.fail_first = fail_first
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(500 if len(receiver.requests) <= receiver.fail_first else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(fail_first=2)
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def sender() -> Iterator[HttpSender]:
    s = HttpSender(timeout_s=5)
    yield s
    s.close()


def raise_alarm(store) -> str:
    c = Condition("SUP-KR1", "M-1", "temp", "temp-high", Severity.MAJOR, 150.0, NOW, "temp > 100")
    return alarms.record_changes(store, [c], NOW)[0].alarm.id


def test_fails_twice_then_delivered_once_more_with_the_same_idempotency_key(store, receiver, sender):
    seed_chain(store)
    webhooks.subscribe(store, admin("SUP-KR1"), receiver.url, NOW, ["alarm.raised"])
    alarm_id = raise_alarm(store)
    rng, clock, results = random.Random(7), NOW, []
    for _ in range(12):
        results += webhooks.deliver_due(store, sender, clock, POLICY, rng)
        clock += timedelta(seconds=1)
    log = webhooks.deliveries(store, admin("SUP-KR1"))
    assert len(log) == 1
    delivery, attempts = log[0].delivery, log[0].attempts
    assert [a.status_code for a in attempts] == [500, 500, 200] == [a.status_code for a in results]
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == (DeliveryStatus.DELIVERED, 3, attempts[2].at)
    gaps = [(b.at - a.at).total_seconds() for a, b in zip(attempts, attempts[1:], strict=False)]
    assert 2 * 0.8 <= gaps[0] <= 2 * 1.2 + 1 and 4 * 0.8 <= gaps[1] <= 4 * 1.2 + 1  # backoff, checked on a 1 s tick
    keys = {h["Idempotency-Key"] for h, _ in receiver.requests}
    assert keys == {delivery.id} and len(receiver.requests) == 3
    bodies = {body for _, body in receiver.requests}
    assert len(bodies) == 1
    payload = json.loads(bodies.pop())
    assert (payload["event"], payload["alarm"]["id"], payload["member"]) == ("alarm.raised", alarm_id, "SUP-KR1")
    assert webhooks.deliver_due(store, sender, clock + timedelta(hours=1), POLICY, rng) == []


def test_unreachable_receiver_is_recorded_and_given_up_after_the_last_attempt(store, sender):
    seed_chain(store)
    url = f"http://127.0.0.1:{free_port()}/nobody"
    webhooks.subscribe(store, admin("SUP-KR1"), url, NOW)
    raise_alarm(store)
    policy = RetryPolicy(max_attempts=3, base_s=1, factor=2, jitter=0.0)
    clock = NOW
    for _ in range(10):
        webhooks.deliver_due(store, sender, clock, policy, random.Random(1))
        clock += timedelta(seconds=5)
    (log,) = webhooks.deliveries(store, admin("SUP-KR1"))
    assert log.delivery.status is DeliveryStatus.FAILED
    assert [a.status_code for a in log.attempts] == [0, 0, 0]
    assert all("ConnectError" in a.error for a in log.attempts)
    assert log.delivery.last_error == log.attempts[-1].error


def test_subscriptions_are_per_member_and_filter_events(store):
    seed_chain(store)
    mine = webhooks.subscribe(store, admin("SUP-A"), "https://example.invalid/h", NOW, ["disruption.notice"])
    assert [s.id for s in webhooks.subscriptions(store, admin("SUP-A"))] == [mine.id]
    assert webhooks.subscriptions(store, admin("SUP-KR1")) == []
    raise_alarm(store)
    (log,) = webhooks.deliveries(store, admin("SUP-A"))
    assert (log.delivery.event, log.delivery.payload["order"]) == ("disruption.notice", "PO-2")
    with pytest.raises(InvalidData, match="unknown webhook event 'alarm.exploded'"):
        webhooks.subscribe(store, admin("SUP-A"), "https://example.invalid/h", NOW, ["alarm.exploded"])
    with pytest.raises(InvalidData, match="webhook url must be http"):
        webhooks.subscribe(store, admin("SUP-A"), "ftp://x/y", NOW)
    assert webhooks.set_active(store, admin("SUP-A"), mine.id, False).active is False
