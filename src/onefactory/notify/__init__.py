"""Notifications out of the platform: webhook retry policy (``retry``, pure) and the
HTTP adapter that posts them (``http``, on httpx2)."""

from .http import HttpSender, SendResult
from .retry import RetryPolicy, after_attempt, backoff_s

__all__ = ["HttpSender", "RetryPolicy", "SendResult", "after_attempt", "backoff_s"]
