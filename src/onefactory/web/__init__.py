"""The dashboard (server-rendered pages)."""

from fastapi import FastAPI


def mount(app: FastAPI) -> None:
    """Add the dashboard routes to ``app``."""
