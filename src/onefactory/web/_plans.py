"""Plan pages: the list (run, compare), one plan (Gantt per resource, pegging per customer order), compare, CTP."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from onefactory.model import InvalidData, NotFound, OneFactoryError, Plan, PlannedOrder, quantity, to_decimal
from onefactory.plan.capacity.inputs import day_start
from onefactory.services import cluster, planning

from ._context import SHOWN_ZONE, PageDep, check_csrf, error, render, see_other
from .paging import window
from .times import format_day

router = APIRouter()
WIDTH, ROW, LABEL = 960, 22, 150


@dataclass(frozen=True, slots=True)
class Bar:
    """One planned order drawn on its resource's row."""

    x: float
    width: float
    order: PlannedOrder


@dataclass(frozen=True, slots=True)
class Gantt:
    """Rows of bars (one per resource) over the plan's time span, and day ticks."""

    rows: list[tuple[str, list[Bar]]]
    ticks: list[tuple[float, str]]
    height: int


def gantt(plan: Plan, limit_days: int = 21, zone: tzinfo = SHOWN_ZONE) -> Gantt:
    """Bars of the plan's make orders and operations per resource, over its first ``limit_days``;
    days ticked in ``zone`` (the viewer's)."""
    start = plan.start
    span = min(plan.buckets * plan.bucket_hours / 24, limit_days) * 86400
    scale = (WIDTH - LABEL) / span
    rows: dict[str, list[Bar]] = defaultdict(list)
    for o in plan.orders:
        if o.resource is None or o.kind.value not in ("make", "operation"):
            continue
        a = max((o.start - start).total_seconds(), 0.0)
        b = min((_work_end(plan, o) - start).total_seconds(), span)
        if b > a or (b == a and a < span):
            rows[f"{o.member} · {o.resource}"].append(Bar(LABEL + a * scale, max((b - a) * scale, 1.5), o))
    days = int(span // 86400)
    step = max(days // 14, 1)
    ticks = [(LABEL + d * 86400 * scale, format_day(start + timedelta(days=d), zone)) for d in range(0, days + 1, step)]
    ordered = sorted(rows.items())
    return Gantt(ordered, ticks, 30 + ROW * len(ordered))


def _work_end(plan: Plan, order: PlannedOrder) -> datetime:
    """Where the bar ends: a make order's lead time beyond its bucket is waiting, not work on the resource."""
    if order.kind.value != "make":
        return order.due
    return min(order.due, plan.start + timedelta(hours=plan.bucket_hours * (1 + _bucket(plan, order.start))))


def _bucket(plan: Plan, moment: datetime) -> int:
    return int((moment - plan.start).total_seconds() // (plan.bucket_hours * 3600))


def pegging(plan: Plan) -> list[tuple[str, list[PlannedOrder]]]:
    """Each demand with the planned orders pegged to it, by member."""
    by_demand: dict[str, list[PlannedOrder]] = defaultdict(list)
    for o in plan.orders:
        for d in o.pegged_to:
            by_demand[d].append(o)
    return [(f.demand_id, sorted(by_demand[f.demand_id], key=lambda o: (o.member, o.start))) for f in plan.fulfilment]


@router.get("/plans", response_class=HTMLResponse)
def plans(page: PageDep) -> HTMLResponse:
    """Saved plans, a form to run one and a form to compare two."""
    assert page.user is not None
    found = planning.plans(page.runtime.store, page.user)
    return render(page, "plans.html", plans=found, done=page.request.query_params.get("done"))


@router.post("/plans/run")
def run(
    page: PageDep,
    horizon_days: Annotated[int, Form()] = 60,
    bucket_hours: Annotated[int, Form()] = 24,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Run a plan of the whole cluster."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        request = planning.PlanRequest(horizon_days=horizon_days, bucket_hours=bucket_hours)
        plan = planning.run(page.runtime.store, page.user, page.runtime.now(), request)
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other(f"/plans/{plan.id}")


@router.get("/plans/compare", response_class=HTMLResponse)
def compare_form(page: PageDep, first: str = "", second: str = "") -> Response:
    """Redirect the compare form to the side-by-side page."""
    if not first or not second:
        return see_other("/plans")
    return see_other(f"/plans/{first}/compare/{second}")


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan(plan_id: str, page: PageDep) -> HTMLResponse:
    """One plan: figures, fulfilment with pegging, Gantt per resource, binding constraints."""
    assert page.user is not None
    try:
        found = planning.get(page.runtime.store, page.user, plan_id, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    demands = window(page.request, "demands", len(found.fulfilment))
    return render(
        page,
        "plan.html",
        plan=found,
        gantt=gantt(found, zone=page.zone),
        pegging=dict(pegging(found)),
        fulfilment=demands.rows(found.fulfilment),
        demands=demands,
    )


@router.get("/plans/{first}/compare/{second}", response_class=HTMLResponse)
def compare(first: str, second: str, page: PageDep) -> HTMLResponse:
    """Two plans side by side."""
    assert page.user is not None
    try:
        found = planning.compare(page.runtime.store, page.user, first, second, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    return render(page, "plan_compare.html", comparison=found)


@router.get("/ctp", response_class=HTMLResponse)
def ctp_form(page: PageDep) -> HTMLResponse:
    """The capable-to-promise form."""
    assert page.user is not None
    asked = {"member": page.user.member, "item": "", "qty": "", "by": ""}
    return render(page, "ctp.html", answer=None, members=cluster.members(page.runtime.store), asked=asked)


@router.post("/ctp", response_class=HTMLResponse)
def ctp(
    page: PageDep,
    member: Annotated[str, Form()],
    item: Annotated[str, Form()],
    qty: Annotated[str, Form()],
    by: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Ask whether the cluster can deliver, and show the answer under the form."""
    assert page.user is not None
    store = page.runtime.store
    members = cluster.members(store)
    asked = {"member": member, "item": item, "qty": qty, "by": by}
    try:
        check_csrf(page, csrf)
        zone = next((m.timezone for m in members if m.code == member), "UTC")
        answer = planning.capable_to_promise(
            store, page.user, member, item.strip(), _qty(qty), day_start(_day(by), zone), page.runtime.now()
        )
    except (InvalidData, NotFound) as exc:  # a question that cannot be answered: keep the form, say why
        return render(page, "ctp.html", 422, answer=None, members=members, asked=asked, problem=page.note(str(exc)))
    except OneFactoryError as exc:
        return error(page, exc)
    return render(page, "ctp.html", answer=answer, members=members, asked=asked)


def _qty(text: str) -> Decimal:
    """The form's quantity, under the bounds the API applies (> 0, at most MAX_QTY, QTY_PLACES decimals)."""
    try:
        number = to_decimal(text.replace(",", ""), field="qty")
    except InvalidData:
        raise InvalidData(f"quantity must be a number, got {text!r}", field="qty") from None
    return quantity(number, "qty")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidData(f"date must be YYYY-MM-DD, got {text!r}", field="by") from None
