"""The REST API: ``create_app(runtime)``; routers per domain in ``routes``."""

from .app import create_app

__all__ = ["create_app"]
