"""The webhook HTTP adapter on httpx2: POST a JSON body, report what happened.

A failure never raises: a refused connection, a timeout or a non-2xx answer all
come back as a :class:`SendResult` for the caller to record and retry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx2


@dataclass(frozen=True, slots=True)
class SendResult:
    """The HTTP status (0 when there was no answer), the error text, and how long it took."""

    status_code: int
    error: str
    duration_ms: float


class HttpSender:
    """Posts webhook bodies; reuse one per worker (it keeps a connection pool)."""

    def __init__(self, timeout_s: float = 10.0) -> None:
        self.timeout_s = timeout_s
        self._client: httpx2.Client | None = None

    def send(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
        """POST ``body`` to ``url``."""
        if self._client is None:
            self._client = httpx2.Client(timeout=self.timeout_s, follow_redirects=False)
        start = time.perf_counter()
        try:
            resp = self._client.post(url, content=body, headers=headers)
        except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
            return SendResult(0, f"{type(exc).__name__}: {exc}", _ms(start))
        error = "" if 200 <= resp.status_code < 300 else f"HTTP {resp.status_code}: {resp.text[:200]}"
        return SendResult(resp.status_code, error, _ms(start))

    def close(self) -> None:
        """Close the connection pool. Idempotent."""
        if self._client is not None:
            self._client.close()
            self._client = None


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
