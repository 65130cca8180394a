"""The request context of a page: who is logged in, in which language; rendering and forms."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from onefactory.model import Conflict, Forbidden, NotFound, OneFactoryError, Unauthorized, User
from onefactory.runtime import Runtime
from onefactory.services import access, cluster

from . import notes, times
from .i18n import LANGUAGES, MESSAGES, choose_language, text

TOKEN_COOKIE = "onefactory_token"
LANG_COOKIE = "onefactory_lang"
SHOWN_ZONE = ZoneInfo("Asia/Seoul")
"""The zone of pages shown before login (the platform's default member zone)."""
TEMPLATES = Path(__file__).parent / "templates"


class LoginRequired(Exception):
    """Raised by pages when no valid token cookie came with the request."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


@dataclass
class Page:
    """What every template gets: request, runtime, caller and language."""

    request: Request
    runtime: Runtime
    user: User | None
    lang: str
    zone: ZoneInfo = SHOWN_ZONE
    """The viewing member's time zone: every time on the page is shown in it, labelled."""

    def t(self, key: str, **values: object) -> str:
        """A UI string in the page's language."""
        return text(self.lang, key, **values)

    def event(self, kind: str) -> str:
        """An order event kind in the page language (the raw kind when not catalogued)."""
        for key in (f"event.{kind}", f"status.{kind}"):
            if key in MESSAGES["en"]:
                return text(self.lang, key)
        return kind

    def role(self, role: str) -> str:
        """An escalation role in the page language (the configured text when not catalogued)."""
        key = f"escalation_role.{role}"
        return text(self.lang, key) if key in MESSAGES["en"] else role

    def alarm_kind(self, kind: str) -> str:
        """A built-in alarm rule in the page language (a configured rule's own name otherwise)."""
        key = f"alarm_kind.{kind}"
        return text(self.lang, key) if key in MESSAGES["en"] else kind

    def when(self, value: datetime | None) -> str:
        """A time in the viewer's zone, labelled: '2026-03-09 14:05 KST'."""
        return times.format_when(value, self.zone)

    @property
    def zone_label(self) -> str:
        """The viewer's zone label now ('KST'), for live charts that format times in the browser."""
        return times.zone_label(self.runtime.now().astimezone(self.zone))

    def note(self, sentence: str) -> str:
        """A fixed sentence an engine wrote (chart note, model warning) in the page language."""
        return notes.translate(self.lang, sentence, self.zone)

    @property
    def csrf(self) -> str:
        """The form token bound to the caller's API token."""
        return csrf_token(self.request.cookies.get(TOKEN_COOKIE, ""))

    def lang_url(self, lang: str) -> str:
        """This page's URL with ``?lang=`` set."""
        params = {**self.request.query_params, "lang": lang}
        params.pop("done", None)
        return f"{self.request.url.path}?{urlencode(params)}"


def csrf_token(api_token: str) -> str:
    """A form token derived from the API token (double-submit, no server state)."""
    return hashlib.sha256(b"onefactory-csrf:" + api_token.encode()).hexdigest()[:32]


class FormTokenRefused(Forbidden):
    """A form without the caller's form token (expired, or sent from another site)."""

    key = "error.csrf"


def check_csrf(page: Page, submitted: str) -> None:
    """Refuse a form that does not carry the caller's form token."""
    if not hmac.compare_digest(page.csrf, submitted or ""):
        raise FormTokenRefused("form token missing or wrong")


def language(request: Request) -> str:
    """The language of this request (see :func:`choose_language`)."""
    return choose_language(
        request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), request.headers.get("accept-language")
    )


def anonymous_page(request: Request) -> Page:
    """The context of a page that needs no login."""
    return Page(request, request.app.state.runtime, None, language(request))


def user_page(request: Request) -> Page:
    """The context of a logged-in page; redirects to /login otherwise."""
    runtime: Runtime = request.app.state.runtime
    try:
        user = access.authenticate(runtime.store, request.cookies.get(TOKEN_COOKIE))
    except Unauthorized:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(path) from None
    zone = ZoneInfo(cluster.zone_of(runtime.store, user.member))
    return Page(request, runtime, user, language(request), zone)


PageDep = Annotated[Page, Depends(user_page)]


def render(page: Page, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the page context; remembers an explicit ``?lang=``."""
    templates: Jinja2Templates = page.request.app.state.web_templates
    response = templates.TemplateResponse(
        page.request, template, {"page": page, "t": page.t, **context}, status_code=status
    )
    remember_language(page.request, response)
    return response


def remember_language(request: Request, response: Response) -> None:
    """Set the language cookie when the URL chose a language."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", path="/")


ERROR_PAGES: list[tuple[type[OneFactoryError], int, str]] = [
    (NotFound, 404, "error.not_found"),
    (Forbidden, 403, "error.forbidden"),
    (Conflict, 409, "error.not_now"),
]


def error(page: Page, exc: OneFactoryError) -> HTMLResponse:
    """An HTML error page for a domain error (422 unless it is a 404, 403 or 409)."""
    status, key = next(((s, k) for cls, s, k in ERROR_PAGES if isinstance(exc, cls)), (422, "error.invalid"))
    if isinstance(exc, FormTokenRefused):
        return render(page, "error.html", status, message=page.t(exc.key), detail="")
    return render(page, "error.html", status, message=page.t(key), detail=page.note(str(exc)))


def invalid_form(request: Request, exc: Exception) -> Response:
    """Exception handler: a web form that fails validation gets a page in its language;
    API requests keep the handler the API installed (problem+json)."""
    assert isinstance(exc, RequestValidationError)
    api_handler = getattr(request.app.state, "api_validation_handler", None)
    if api_handler is not None and request.url.path.startswith("/api"):
        return api_handler(request, exc)  # type: ignore[no-any-return]
    page = anonymous_page(request)
    fields = ", ".join(sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")}))
    detail = page.t("error.form_fields", fields=fields) if fields else ""
    return render(page, "error.html", 422, message=page.t("error.form_invalid"), detail=detail)


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get."""
    return RedirectResponse(url, status_code=303)


def login_redirect(request: Request, exc: Exception) -> Response:
    """Exception handler: send an anonymous visitor to /login, then back."""
    assert isinstance(exc, LoginRequired)
    return see_other(f"/login?next={quote(exc.path, safe='')}")


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def templates() -> Jinja2Templates:
    """The template set with the dashboard's filters."""
    env = Jinja2Templates(directory=str(TEMPLATES))
    env.env.filters.update(qty=format_qty, when=format_when, day=format_day)  # when: in the viewer's zone
    return env


def format_qty(value: Decimal | float | int | None) -> str:
    """12.000 -> '12', 1234.5 -> '1,234.5'."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        return f"{int(number):,}"
    return f"{number:,f}"


@pass_context
def format_when(context: Context, value: datetime | None) -> str:
    """An aware time in the zone of the page's viewer, labelled (see ``Page.when``)."""
    page: Page = context["page"]
    return page.when(value)


def format_day(value: Any) -> str:
    """A date as YYYY-MM-DD."""
    return "" if value is None else value.isoformat()[:10]
