"""The predicted-risk block of the quality page: every open lot's defect risk (an inline SVG bar),
its top drivers and the setting change that lowers it most, and the model in service."""

from __future__ import annotations

from typing import Any

from onefactory.model import Forbidden, NotFound
from onefactory.services import quality_risk

from ._context import Page

BAR_WIDTH = 120


def risk_block(page: Page, member: str) -> dict[str, Any] | None:
    """Context of ``_quality_risk.html`` for ``member``'s open lots; None when the caller may not see them."""
    assert page.user is not None
    store, now = page.runtime.store, page.runtime.now()
    try:
        versions = quality_risk.models(store, page.user, member, now)
        rows = quality_risk.open_lot_risks(store, page.user, member, now) if versions else []
    except Forbidden:
        return None
    except NotFound:
        rows = []
    active = next((v for v in versions if v.status == "active"), None)
    return {
        "template": "_quality_risk.html",
        "member": member,
        "model": active,
        "latest": versions[0] if versions else None,
        "rows": [_row(p) for p in rows],
        "bar_width": BAR_WIDTH,
    }


def _row(p: Any) -> dict[str, Any]:
    best = p.recommendations[0] if p.recommendations else None
    return {
        "lot": p.lot,
        "risk_pct": round(100 * p.risk, 1),
        "bar": round(BAR_WIDTH * p.risk, 1),
        "threshold_x": round(BAR_WIDTH * p.threshold, 1),
        "flagged": p.flagged,
        "drivers": [(d.feature, d.contribution > 0) for d in p.drivers],
        "advice": best,
        "after_pct": None if best is None else round(100 * best.risk_after, 1),
    }
