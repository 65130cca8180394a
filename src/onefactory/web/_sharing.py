"""The sharing page: grants we give (give, revoke) and who read our data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from onefactory.model import DataScope, OneFactoryError, UserRole
from onefactory.services import access, cluster

from ._context import Page, PageDep, check_csrf, error, render, see_other

router = APIRouter()
LOG_PAGE = 50


def _show(page: Page, offset: int = 0) -> HTMLResponse:
    assert page.user is not None
    store = page.runtime.store
    log, total = access.access_log(store, page.user, LOG_PAGE, offset)
    partners = [m for m in cluster.members(store) if m.code != page.user.member]
    return render(
        page,
        "sharing.html",
        grants=access.grants_of(store, page.user),
        log=log,
        total=total,
        offset=offset,
        limit=LOG_PAGE,
        partners=partners,
        scopes=[s.value for s in DataScope],
        is_admin=page.user.role is UserRole.MEMBER_ADMIN,
        done=page.request.query_params.get("done") == "1",
    )


@router.get("/sharing", response_class=HTMLResponse)
def sharing(page: PageDep, offset: int = 0) -> HTMLResponse:
    """Grants given and the access log."""
    return _show(page, max(offset, 0))


@router.post("/sharing/grants")
def give(
    page: PageDep, grantee: Annotated[str, Form()], scope: Annotated[str, Form()], csrf: Annotated[str, Form()] = ""
) -> Response:
    """Share a scope of our data with a partner (or '*')."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        access.grant(page.runtime.store, page.user, grantee, scope, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other("/sharing?done=1")


@router.post("/sharing/grants/{grant_id}/revoke")
def revoke(grant_id: str, page: PageDep, csrf: Annotated[str, Form()] = "") -> Response:
    """Revoke one of our grants."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        access.revoke(page.runtime.store, page.user, grant_id, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other("/sharing?done=1")
