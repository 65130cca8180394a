"""Logging in with an API token (kept in an HttpOnly cookie) and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from onefactory.model import Unauthorized
from onefactory.services import access

from ._context import TOKEN_COOKIE, anonymous_page, render, safe_next, see_other

router = APIRouter()
COOKIE_AGE_S = 12 * 3600


def demo_accounts(request: Request) -> list[tuple[str, str]]:
    """(token, label) pairs registered by the demo loader as ``app.state.demo_accounts``."""
    found = getattr(request.app.state, "demo_accounts", None)
    if callable(found):
        found = found()
    return [(str(token), str(label)) for token, label in (found or [])]


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    """The login page."""
    page = anonymous_page(request)
    return render(page, "login.html", next=safe_next(next), demo=demo_accounts(request), failed=False)


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    """Check the token, keep it in the cookie, go on to ``next``."""
    page = anonymous_page(request)
    token = token.strip()
    try:
        access.authenticate(page.runtime.store, token)
    except Unauthorized:
        return render(page, "login.html", 401, next=safe_next(next), demo=demo_accounts(request), failed=True)
    response = see_other(safe_next(next))
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        max_age=COOKIE_AGE_S,
        httponly=True,
        samesite="lax",
        path="/",
        secure=request.url.scheme == "https",
    )
    return response


@router.api_route("/logout", methods=["GET", "POST"])
def logout() -> Response:
    """Forget the token."""
    response = see_other("/login")
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response
