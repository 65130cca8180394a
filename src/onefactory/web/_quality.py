"""Quality pages: control charts with limits and signals, capability, and quality notices
with their SPC evidence (acknowledge / close by the recipient).

The predicted risk of open lots comes from ``_quality_risk.risk_block``, rendered through
the template named in its ``"template"`` key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from onefactory.model import DataScope, OneFactoryError, notification_action
from onefactory.quality.spc import RULE_TEXT
from onefactory.services import notices, quality

from ._cluster import member_name, readable
from ._context import PageDep, check_csrf, error, render, see_other
from ._quality_risk import risk_block

router = APIRouter()
WIDTH, HEIGHT, PAD_X, PAD_Y = 760, 220, 56, 18


@dataclass(frozen=True, slots=True)
class Plot:
    """An SVG line chart of one series: point coordinates, limit lines, axis labels."""

    name: str
    width: int
    height: int
    points: list[dict[str, Any]]
    line: str
    center_y: float
    lcl: str
    ucl: str
    ticks: list[tuple[float, str]]


def plot(name: str, points: Sequence[tuple[int, str, float, float, float]], center: float, flagged: set[int]) -> Plot:
    """Lay out (index, lot, value, lcl, ucl) points for inline SVG; flagged indices are marked."""
    values = [v for p in points for v in p[2:]] + [center]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    low, high = low - 0.08 * span, high + 0.08 * span
    step = (WIDTH - 2 * PAD_X) / max(len(points) - 1, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD_Y - (v - low) / (high - low) * (HEIGHT - 2 * PAD_Y), 1)

    xs = [round(PAD_X + i * step, 1) for i in range(len(points))]
    dots = [
        {"x": x, "y": y(p[2]), "index": p[0], "lot": p[1], "value": p[2], "flagged": p[0] in flagged}
        for x, p in zip(xs, points, strict=True)
    ]
    line = " ".join(f"{d['x']},{d['y']}" for d in dots)
    lcl = " ".join(f"{x},{y(p[3])}" for x, p in zip(xs, points, strict=True))
    ucl = " ".join(f"{x},{y(p[4])}" for x, p in zip(xs, points, strict=True))
    ticks = [(y(v), f"{v:.5g}") for v in (points[0][3], center, points[0][4])] if points else []
    return Plot(name, WIDTH, HEIGHT, dots, line, y(center), lcl, ucl, ticks)


def chart_plots(view: quality.ChartView) -> list[Plot]:
    """One plot per series of a characteristic's chart, signals marked."""
    chart = view.chart
    if chart is None:
        return []
    out = []
    for s in chart.series:
        flagged = {p for sig in view.signals if sig.series == s.name for p in sig.violation.points}
        rows = [(s.start + i, chart.subgroups[s.start + i].lot, v, s.lcl[i], s.ucl[i]) for i, v in enumerate(s.values)]
        out.append(plot(s.name, rows, s.center, flagged))
    return out


@router.get("/quality", response_class=HTMLResponse)
def quality_page(page: PageDep, member: str = "", item: str = "", characteristic: str = "") -> HTMLResponse:
    """Characteristics we may see, one control chart with capability, and our quality notices."""
    assert page.user is not None
    user, store, now = page.user, page.runtime.store, page.runtime.now()
    found = readable(page, DataScope.QUALITY, lambda code: quality.characteristics(store, user, code, now))
    choices = [(m, spec, n) for m, specs in found for spec, n in specs if n]
    chosen = next(
        (c for c in choices if (c[0].code, c[1].item, c[1].code) == (member, item, characteristic)),
        choices[0] if choices else None,
    )
    view = None
    if chosen is not None:
        view = quality.chart(store, user, chosen[0].code, chosen[1].item, chosen[1].code, now)
    notes = [n for n in notices.notifications(store, user) if n.kind == "quality"]
    return render(
        page,
        "quality.html",
        choices=choices,
        chosen=chosen,
        view=view,
        plots=chart_plots(view) if view else [],
        notes=notes,
        rule_text=RULE_TEXT,
        name=lambda m: member_name(m, page.lang),
        risk=risk_block(page, chosen[0].code if chosen else user.member),
    )


@router.get("/quality/notices/{note_id}", response_class=HTMLResponse)
def notice_page(note_id: str, page: PageDep) -> HTMLResponse:
    """A quality notice with its chart evidence; its recipient can acknowledge or close it."""
    assert page.user is not None
    try:
        evidence = quality.evidence(page.runtime.store, page.user, note_id, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    note = next((n for n in notices.notifications(page.runtime.store, page.user) if n.id == note_id), None)
    rows = [(p.index, p.lot, p.value, evidence.lcl, evidence.ucl) for p in evidence.points]
    figure = plot(evidence.series, rows, evidence.center, set(evidence.flagged))
    return render(page, "quality_notice.html", note=note, evidence=evidence, plot=figure, rule_text=RULE_TEXT)


@router.post("/quality/notices/{note_id}")
def notice_action(
    note_id: str, page: PageDep, action: Annotated[str, Form()], csrf: Annotated[str, Form()] = ""
) -> Response:
    """Acknowledge or close a quality notice from its page (``acknowledge``/``close``, or their statuses)."""
    assert page.user is not None
    try:
        check_csrf(page, csrf)
        notices.answer(page.runtime.store, page.user, note_id, action, page.runtime.now())
    except OneFactoryError as exc:
        return error(page, exc)
    return see_other(f"/quality/notices/{note_id}?done={notification_action(action)}")
