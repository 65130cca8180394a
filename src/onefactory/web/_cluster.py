"""Pages that read the cluster: overview, inventory, telemetry (alarms are in ``_alarms``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from onefactory.model import DataScope, Forbidden, Member
from onefactory.services import access, cluster

from ._context import Page, PageDep, render
from .diagram import layout

router = APIRouter()
T = TypeVar("T")


def member_name(member: Member, lang: str) -> str:
    """The member's name in the page language (Korean name when there is one)."""
    return member.name_ko if lang == "ko" and member.name_ko else member.name


def readable(page: Page, scope: DataScope, read: Callable[[str], T]) -> list[tuple[Member, T]]:
    """``read(member)`` for the caller's member first, then every member that shares ``scope`` with it."""
    assert page.user is not None
    by_code = {m.code: m for m in cluster.members(page.runtime.store)}
    found = []
    for code in access.sharers(page.runtime.store, page.user, scope):
        try:
            found.append((by_code[code], read(code)))
        except Forbidden:  # revoked between the two reads
            continue
    return found


@router.get("/", response_class=HTMLResponse)
def overview(page: PageDep) -> HTMLResponse:
    """Members, who supplies whom, order lines by status."""
    view = cluster.overview(page.runtime.store, page.user)
    names = {m.code: member_name(m, page.lang) for m in view.members}
    diagram = layout(view.members, [(x.supplier, x.customer, x.open_lines) for x in view.links])
    return render(page, "overview.html", view=view, names=names, diagram=diagram)


@router.get("/inventory", response_class=HTMLResponse)
def inventory(page: PageDep) -> HTMLResponse:
    """Stock of our member and of members that granted us their inventory."""
    assert page.user is not None
    user, store, now = page.user, page.runtime.store, page.runtime.now()
    stocks = readable(page, DataScope.INVENTORY, lambda code: cluster.stock(store, user, code, now))
    return render(page, "inventory.html", stocks=stocks, name=lambda m: member_name(m, page.lang))


@router.get("/telemetry", response_class=HTMLResponse)
def telemetry(page: PageDep) -> HTMLResponse:
    """Signals we may see, one live chart each."""
    assert page.user is not None
    user, store, now = page.user, page.runtime.store, page.runtime.now()
    signals = readable(page, DataScope.TELEMETRY, lambda code: cluster.signals(store, user, code, now))
    return render(
        page, "telemetry.html", signals=[(m, s) for m, s in signals if s], name=lambda m: member_name(m, page.lang)
    )
