"""The MRP page: the newest run's planned orders per member and a pegging tree per
customer order, as the caller may see them; a form runs MRP for the cluster."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from onefactory.model import MrpOrder, MrpRun, NotFound, OneFactoryError
from onefactory.services import mrp

from ._context import Page, PageDep, check_csrf, error, render, see_other
from .paging import window

router = APIRouter()
PEGGED_SHOWN = 10
"""Demands a planned order's row names; the rest are counted (the API lists them all)."""


def by_member(run: MrpRun | None) -> list[tuple[str, list[MrpOrder]]]:
    """Planned orders grouped by member, each by due date."""
    groups: dict[str, list[MrpOrder]] = {}
    for o in run.orders if run else ():
        groups.setdefault(o.member, []).append(o)
    return [(m, sorted(groups[m], key=lambda o: (o.due, o.item))) for m in sorted(groups)]


def _latest(page: Page) -> MrpRun | None:
    assert page.user is not None
    try:
        return mrp.get(page.runtime.store, page.user, page.runtime.now())
    except NotFound:
        return None


@router.get("/mrp", response_class=HTMLResponse)
def show(page: PageDep, order: str | None = None) -> HTMLResponse:
    """The newest MRP run as the caller may see it."""
    run = _latest(page)
    trees = [(ref, nodes) for ref, nodes in (mrp.trees(run, order or None) if run else {}).items() if nodes]
    shown_trees = window(page.request, "trees", len(trees))
    members = [(m, rows, window(page.request, f"orders-{m}", len(rows))) for m, rows in by_member(run)]
    return render(
        page,
        "mrp.html",
        run=run,
        members=[(m, w.rows(rows), w) for m, rows, w in members],
        trees=shown_trees.rows(trees),
        trees_window=shown_trees,
        order=order or "",
        pegged_shown=PEGGED_SHOWN,
    )


@router.post("/mrp/run")
def run_mrp(
    page: PageDep,
    start: Annotated[date | None, Form()] = None,
    buckets: Annotated[int, Form(ge=1, le=520)] = 13,
    bucket_days: Annotated[int, Form(ge=1, le=366)] = 7,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Run MRP for the cluster, then show it."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        mrp.run(page.runtime.store, page.user, page.runtime.now(), mrp.MrpRequest(start, buckets, bucket_days))
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other("/mrp")
