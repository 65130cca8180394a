"""Request and response bodies of capacity plans and capable-to-promise."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from onefactory.api.numbers import Qty
from onefactory.model import CtpAnswer, Plan, plain
from onefactory.plan.capacity.compare import PlanComparison
from onefactory.services.planning import MAX_CTP_TIME_LIMIT_S


class PlanIn(BaseModel):
    """What to plan."""

    horizon_days: int = Field(60, ge=1, le=731)
    bucket_hours: int = Field(24, ge=1, le=168)
    orders: list[str] = Field(default_factory=list, description="only these order or demand ids (all when empty)")
    reserve_plan: str | None = Field(None, description="a saved plan whose earmarked supply and capacity stand")
    time_limit_s: float = Field(30, gt=0, le=600)
    note: str = ""


class CustomerOrderIn(BaseModel):
    """A line the lead firm's own customer ordered."""

    id: str = Field(min_length=1, max_length=120, description="'ORDER/LINE'")
    item: str = Field(min_length=1)
    qty: Qty
    due: AwareDatetime
    priority: int = Field(5, ge=1)
    customer: str = ""


class CtpIn(BaseModel):
    """Can the cluster deliver ``qty`` of ``item`` at ``member`` by ``by``?"""

    member: str
    item: str = Field(min_length=1)
    qty: Qty
    by: str = Field(description="a date (YYYY-MM-DD, start of that day at the member) or an aware ISO date-time")
    horizon_days: int = Field(60, ge=1, le=365)
    time_limit_s: float = Field(
        5.0, gt=0, le=MAX_CTP_TIME_LIMIT_S, description="seconds each LP of the answer may run (a 503 names the limit)"
    )


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: _value(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def plan_out(plan: Plan) -> dict[str, Any]:
    """A plan as JSON, with its headline figures.

    ``summary.lateness_days`` is the sum of ``late_days`` over the fulfilment rows;
    ``summary.late_qty_days`` weighs each row's days late by its late quantity."""
    body = _value(plan)
    body["summary"] = {
        "late_qty": plain(plan.late_qty),
        "short_qty": plain(plan.short_qty),
        "lateness_days": round(plan.lateness_days, 4),
        "late_qty_days": round(plan.late_qty_days, 4),
        "orders": len(plan.orders),
    }
    for row, f in zip(body["fulfilment"], plan.fulfilment, strict=True):
        row["late_days"] = round(f.late_days, 4)
    return body


def comparison_out(comparison: PlanComparison) -> dict[str, Any]:
    """A comparison as JSON."""
    body = _value(comparison)
    for row, d in zip(body["differences"], comparison.differences, strict=True):
        row["change"] = str(d.change)
    return body


def ctp_out(answer: CtpAnswer) -> dict[str, Any]:
    """A capable-to-promise answer as JSON."""
    return _value(answer)
