"""The dashboard: server-rendered pages over ``services``, with a little local JS and CSS.

``mount(app)`` adds the pages and ``/static``. Modules: ``i18n`` (every UI
string, Korean and English), ``notes`` (fixed sentences of the engines in the page language,
pure), ``actions`` (which buttons a line shows, pure), ``diagram`` (the supply-tier
drawing, pure), ``_context`` (login cookie, language, rendering, error pages), and one
module of routes per area: ``_login``, ``_cluster``, ``_alarms``, ``_orders``, ``_sharing``,
``_plans``, ``_mrp``, ``_quality``.
Every read and write goes through ``services``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from . import _alarms, _cluster, _login, _mrp, _orders, _plans, _quality, _sharing
from ._context import LoginRequired, invalid_form, login_redirect, templates
from .actions import allowed_actions
from .i18n import MESSAGES, choose_language, text

STATIC = Path(__file__).parent / "static"

__all__ = ["MESSAGES", "allowed_actions", "choose_language", "mount", "text"]


def mount(app: FastAPI) -> None:
    """Add the dashboard routes and static files to ``app`` (which holds ``state.runtime``)."""
    app.state.web_templates = templates()
    app.add_exception_handler(LoginRequired, login_redirect)
    app.state.api_validation_handler = app.exception_handlers.get(RequestValidationError)
    app.add_exception_handler(RequestValidationError, invalid_form)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (_login, _cluster, _alarms, _orders, _sharing, _plans, _mrp, _quality):
        app.include_router(module.router, include_in_schema=False)
