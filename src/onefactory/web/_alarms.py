"""Alarm pages: the alarm list with acknowledge / clear buttons and escalation state,
and answering notices (acknowledge, close) as their recipient."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from onefactory.model import OneFactoryError
from onefactory.services import alarm_views, alarms, notices

from ._context import PageDep, check_csrf, error, render, see_other

router = APIRouter()


@router.get("/alarms", response_class=HTMLResponse)
def alarm_list(page: PageDep) -> HTMLResponse:
    """Alarms we may see (own, granted, or named in our notices), newest first; our notifications."""
    assert page.user is not None
    store, now = page.runtime.store, page.runtime.now()
    rows = alarm_views.visible_alarms(store, page.user, now)
    return render(
        page,
        "alarms.html",
        rows=rows,
        notifications=notices.notifications(store, page.user),
        done=page.request.query_params.get("done", ""),
    )


@router.post("/alarms/{alarm_id}")
def alarm_action(
    alarm_id: str,
    page: PageDep,
    action: Annotated[Literal["acknowledge", "clear"], Form()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Acknowledge or clear one of our alarms from its button."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        do = alarms.acknowledge if action == "acknowledge" else alarms.clear
        do(page.runtime.store, page.user, alarm_id, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other(f"/alarms?done={action}#alarm-{alarm_id}")


@router.post("/notifications/{note_id}")
def notice_action(
    note_id: str, page: PageDep, action: Annotated[str, Form()], csrf: Annotated[str, Form()] = ""
) -> Response:
    """The recipient acknowledges or closes a notice (a disruption notice, say); ``acknowledge``/``close``,
    or their statuses ``acknowledged``/``closed``."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        note = notices.answer(page.runtime.store, page.user, note_id, action, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other(f"/alarms?done=notice-{note.status.value}")
