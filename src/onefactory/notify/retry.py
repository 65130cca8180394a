"""Retry with exponential backoff and jitter for webhook deliveries (pure).

Attempt ``n`` (1-based) that failed waits ``min(max_s, base_s * factor**(n-1))``
seconds, spread by +-``jitter`` (a fraction) so that many receivers coming back
at once are not hit at the same instant. After ``max_attempts`` failures the
delivery is ``failed``; every attempt stays recorded.

Example:
    >>> import random
    >>> p = RetryPolicy(base_s=2, factor=2, max_s=60, jitter=0.0)
    >>> [backoff_s(n, p, random.Random(1)) for n in (1, 2, 3, 10)]
    [2.0, 4.0, 8.0, 60.0]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta

from onefactory.model import DeliveryAttempt, DeliveryStatus, InvalidData, WebhookDelivery


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how far apart a delivery is retried."""

    max_attempts: int = 8
    base_s: float = 2.0
    factor: float = 2.0
    max_s: float = 600.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise InvalidData(f"max_attempts must be >= 1, got {self.max_attempts}", field="max_attempts")
        if not 0 <= self.jitter < 1:
            raise InvalidData(f"jitter must be in [0, 1), got {self.jitter}", field="jitter")
        if self.base_s < 0 or self.factor < 1:
            raise InvalidData(f"need base_s >= 0 and factor >= 1, got {self.base_s}, {self.factor}", field="base_s")


def backoff_s(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Seconds to wait after failed attempt number ``attempt``."""
    delay = min(policy.max_s, policy.base_s * policy.factor ** (attempt - 1))
    return delay * (1 + policy.jitter * (2 * rng.random() - 1))


def after_attempt(
    delivery: WebhookDelivery, attempt: DeliveryAttempt, policy: RetryPolicy, rng: random.Random
) -> WebhookDelivery:
    """The delivery after one attempt: delivered, retried later, or failed for good."""
    if attempt.succeeded:
        return replace(
            delivery, status=DeliveryStatus.DELIVERED, attempts=attempt.attempt, delivered_at=attempt.at, last_error=""
        )
    error = attempt.error or f"HTTP {attempt.status_code}"
    if attempt.attempt >= policy.max_attempts:
        return replace(delivery, status=DeliveryStatus.FAILED, attempts=attempt.attempt, last_error=error)
    wait = timedelta(seconds=backoff_s(attempt.attempt, policy, rng))
    return replace(delivery, attempts=attempt.attempt, next_attempt_at=attempt.at + wait, last_error=error)
