"""Order pages: our orders (paginated) and one order with its lines, history, goods and tiers below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response
from starlette.requests import Request

from onefactory.model import Conflict, Forbidden, InvalidData, NotFound, OneFactoryError, ProductionOrder
from onefactory.services import alarm_views, cluster, orders

from ._context import Page, PageDep, check_csrf, error, render, see_other
from .actions import allowed_actions
from .paging import window

router = APIRouter()
PAGE_SIZE = 20
WINDOWS = ("lines", "events")
"""The query parameters of the order page's windows (see :func:`.paging.window`); a line action
comes back to the windows it was taken in."""


@router.get("/orders", response_class=HTMLResponse)
def order_list(page: PageDep, p: int = 1) -> HTMLResponse:
    """Orders where our member is buyer or seller, newest first."""
    assert page.user is not None
    rows, total = orders.page(page.runtime.store, page.user, PAGE_SIZE, (max(p, 1) - 1) * PAGE_SIZE)
    total_pages = max(1, -(-total // PAGE_SIZE))
    return render(page, "orders.html", orders=rows, total=total, p=max(p, 1), pages=total_pages)


@router.get("/orders/{order_id}", response_class=HTMLResponse)
def order_page(order_id: str, page: PageDep) -> HTMLResponse:
    """One order with everything about it."""
    try:
        return _show(page, order_id)
    except (NotFound, Forbidden) as exc:
        return error(page, exc)


def _show(page: Page, order_id: str, status: int = 200, problem: str = "") -> HTMLResponse:
    assert page.user is not None
    store, now = page.runtime.store, page.runtime.now()
    view = orders.get(store, page.user, order_id, now)
    lines = window(page.request, "lines", len(view.order.lines))
    history = window(page.request, "events", len(view.events))
    shown = lines.rows(view.order.lines)
    actions = allowed_actions(view.order, page.user.member, shown) if page.user.can_write else {}
    return render(
        page,
        "order.html",
        status,
        view=view,
        order=view.order,
        lines=lines,
        shown=shown,
        history=history,
        events=history.rows(view.events[::-1]),
        actions=actions,
        tiers=orders.tiers(store, page.user, order_id, now),
        production=_production(page, view.order.id, view.order.seller),
        risk_alarms=alarm_views.order_alarms(store, page.user, order_id, now),
        problem=problem,
        done=page.request.query_params.get("done", ""),
        form_url=_here(page.request, order_id),
    )


def _windows(request: Request) -> dict[str, str]:
    """The windows (``lines=3``...) the request asks for, to keep across a line action."""
    return {name: value for name in WINDOWS if (value := request.query_params.get(name))}


def _here(request: Request, order_id: str, **extra: str) -> str:
    """The order page at the windows of ``request``, with ``extra`` parameters after them."""
    query = urlencode({**_windows(request), **extra})
    return f"/orders/{order_id}?{query}" if query else f"/orders/{order_id}"


def _production(page: Page, order_id: str, seller: str) -> list[ProductionOrder] | None:
    """Production orders of the seller serving this order; None when not shared with us."""
    assert page.user is not None
    try:
        rows = cluster.production(page.runtime.store, page.user, seller, page.runtime.now())
    except Forbidden:
        return None
    return [p for p in rows if p.serves_order == order_id]


@router.post("/orders/{order_id}")
def order_action(
    order_id: str,
    page: PageDep,
    action: Annotated[str, Form()],
    line_no: Annotated[int, Form()],
    version: Annotated[int, Form()],
    csrf: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    qty: Annotated[str, Form()] = "",
    due_date: Annotated[str, Form()] = "",
) -> Response:
    """Apply a line action from a button; the form's version guards against concurrent edits. The form
    posts to the page's own windows (``?lines=3``), so the answer shows the window the line was in."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        params = orders.Params(_decimal(qty), _date(due_date), reason.strip())
        orders.act(
            page.runtime.store,
            page.user,
            order_id,
            line_no,
            action,
            params,
            page.runtime.now(),
            expected_version=version,
        )
    except (NotFound, Forbidden) as exc:
        return error(page, exc)
    except Conflict as exc:
        return _show(page, order_id, 409, f"{page.t('error.conflict')} ({page.note(str(exc))})")
    except OneFactoryError as exc:
        return _show(page, order_id, 422, f"{page.t('error.invalid')} ({page.note(str(exc))})")
    return see_other(_here(page.request, order_id, done=action))


def _decimal(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidData(f"qty must be a number, got {text!r}", field="qty") from None


def _date(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidData(f"due_date must be YYYY-MM-DD, got {text!r}", field="due_date") from None
