"""Request and response bodies of the quality API; converted explicitly from ``model`` and
``quality.spc`` values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from onefactory import model as m
from onefactory.quality.spc import Capability, Chart, Index, Signal
from onefactory.services.quality import ChartView, RecordReport

ChartName = Literal["xbar_r", "xbar_s", "i_mr", "p", "np", "c", "u"]


class CharacteristicIn(BaseModel):
    """A characteristic of one of the caller's items, with its specification and chart settings."""

    item: str = Field(min_length=1)
    code: str = Field(min_length=1, max_length=200)
    chart: ChartName = "i_mr"
    lsl: Decimal | None = Field(None, allow_inf_nan=False)
    usl: Decimal | None = Field(None, allow_inf_nan=False)
    target: Decimal | None = Field(None, allow_inf_nan=False)
    unit: str = ""
    subgroup_size: int = Field(1, ge=1, le=25)
    baseline: int = Field(20, ge=2, le=1000)
    rules: Literal["nelson", "western-electric"] = "nelson"
    name: str = ""

    def to_domain(self, member: str) -> m.Characteristic:
        """The model characteristic of ``member``."""
        return m.Characteristic(member, self.item, self.code, **self.model_dump(exclude={"item", "code"}))


class InspectionIn(BaseModel):
    """One result: a measured ``value``, or ``defects`` found in ``sample_size`` units."""

    item: str = Field(min_length=1)
    lot: str = Field(min_length=1)
    characteristic: str = Field(min_length=1, max_length=200)
    value: Decimal | None = Field(None, allow_inf_nan=False)
    defects: int | None = Field(None, ge=0)
    sample_size: int | None = Field(None, ge=1)
    at: AwareDatetime
    lsl: Decimal | None = Field(None, allow_inf_nan=False)
    usl: Decimal | None = Field(None, allow_inf_nan=False)

    def to_domain(self, member: str) -> m.InspectionResult:
        """The model result of ``member``."""
        return m.InspectionResult(
            member, self.item, self.lot, self.characteristic, self.value, self.at, self.lsl, self.usl,
            self.defects, self.sample_size,
        )  # fmt: skip


class InspectionsIn(BaseModel):
    """A batch of results, stored and evaluated together."""

    results: list[InspectionIn] = Field(min_length=1, max_length=10_000)

    def to_domain(self, member: str) -> list[m.InspectionResult | m.InvalidData]:
        """The model results of ``member``, or why each could not be built: the service refuses
        the batch listing every bad result by its index (``results[1].sample_size``)."""
        return [_built(r, member) for r in self.results]


def _built(result: InspectionIn, member: str) -> m.InspectionResult | m.InvalidData:
    try:
        return result.to_domain(member)
    except m.InvalidData as exc:
        return exc


def signal_out(s: m.ControlSignal) -> dict[str, Any]:
    """A stored control signal as JSON."""
    return {
        "id": s.id,
        "item": s.item,
        "characteristic": s.characteristic,
        "chart": s.chart.value,
        "series": s.series,
        "rule": s.rule,
        "index": s.index,
        "lot": s.lot,
        "at": s.at,
        "value": s.value,
        "center": s.center,
        "lcl": s.lcl,
        "ucl": s.ucl,
        "points": list(s.points),
        "alarm_id": s.alarm_id,
    }


def report_out(r: RecordReport) -> dict[str, Any]:
    """What a batch of results did."""
    return {
        "stored": r.stored,
        "already_stored": r.already_stored,
        "duplicates": r.duplicates,
        "warnings": r.warnings,
        "signals": [signal_out(s) for s in r.signals],
        "alarms": r.alarms,
        "notices": r.notices,
    }


def characteristic_out(c: m.Characteristic, results: int | None = None) -> dict[str, Any]:
    """A characteristic as JSON (decimals as exact strings)."""
    out = {
        "member": c.member,
        "item": c.item,
        "code": c.code,
        "chart": c.chart.value,
        "lsl": _text(c.lsl),
        "usl": _text(c.usl),
        "target": _text(c.target),
        "unit": c.unit,
        "subgroup_size": c.subgroup_size,
        "baseline": c.baseline,
        "rules": c.rules.value,
        "name": c.name,
    }
    return out if results is None else {**out, "results": results}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _index(i: Index | None) -> dict[str, float] | None:
    return None if i is None else {"value": i.value, "low": i.low, "high": i.high}


def capability_out(c: Capability | None) -> dict[str, Any] | None:
    """Capability indices with their confidence intervals (null when undefined; ``note`` says why)."""
    if c is None:
        return None
    return {
        "n": c.n,
        "mean": c.mean,
        "sigma_within": c.sigma_within,
        "sigma_overall": c.sigma_overall,
        "confidence": c.confidence,
        "cp": _index(c.cp_ci),
        "cpk": _index(c.cpk_ci),
        "pp": _index(c.pp_ci),
        "ppk": _index(c.ppk_ci),
        "note": c.note,
    }


def _series(chart: Chart) -> list[dict[str, Any]]:
    out = []
    for s in chart.series:
        points = [
            {"index": s.start + i, "lot": chart.subgroups[s.start + i].lot, "at": chart.subgroups[s.start + i].at,
             "value": v, "lcl": s.lcl[i], "ucl": s.ucl[i]}
            for i, v in enumerate(s.values)
        ]  # fmt: skip
        out.append({"name": s.name, "center": s.center, "points": points})
    return out


def live_signal_out(s: Signal) -> dict[str, Any]:
    """A signal found on the chart as it stands."""
    return {
        "series": s.series,
        "rule": s.rule,
        "index": s.index,
        "points": list(s.violation.points),
        "lot": s.lot,
        "at": s.at,
        "value": s.value,
    }


def chart_out(view: ChartView) -> dict[str, Any]:
    """A control chart with limits, points, signals and capability."""
    chart = view.chart
    return {
        "characteristic": characteristic_out(view.spec),
        "results": view.results,
        "chart": view.spec.chart.value,
        "baseline_points": None if chart is None else chart.params.points,
        "sigma_within": None if chart is None else chart.params.sigma,
        "note": "fewer than 2 points: no chart yet" if chart is None else chart.note,
        "series": [] if chart is None else _series(chart),
        "signals": [live_signal_out(s) for s in view.signals],
        "capability": capability_out(view.capability),
    }


def evidence_out(e: m.QualityEvidence) -> dict[str, Any]:
    """The chart evidence attached to a quality notice."""
    return {
        "notification_id": e.notification_id,
        "sender": e.sender,
        "recipient": e.recipient,
        "item": e.item,
        "characteristic": e.characteristic,
        "chart": e.chart.value,
        "series": e.series,
        "rule": e.rule,
        "rule_text": e.rule_text,
        "center": e.center,
        "lcl": e.lcl,
        "ucl": e.ucl,
        "lsl": e.lsl,
        "usl": e.usl,
        "unit": e.unit,
        "points": [{"index": p.index, "lot": p.lot, "at": p.at, "value": p.value} for p in e.points],
        "flagged": list(e.flagged),
        "extra": e.extra,
    }


def notification_out(n: m.Notification) -> dict[str, Any]:
    """A notification as JSON, with who acknowledged and closed it, and when (null if not yet)."""
    return {
        "id": n.id,
        "sender": n.sender,
        "recipient": n.recipient,
        "kind": n.kind,
        "subject": n.subject,
        "body": n.body,
        "status": n.status.value,
        "created_at": n.created_at,
        "refs": n.refs,
        "acknowledged_at": n.acknowledged_at,
        "acknowledged_by": n.acknowledged_by or None,
        "closed_at": n.closed_at,
        "closed_by": n.closed_by or None,
    }


def notice_out(n: m.Notification, evidence: m.QualityEvidence | None = None) -> dict[str, Any]:
    """A quality notification, with its evidence when given."""
    out = notification_out(n)
    if evidence is not None:
        out["evidence"] = evidence_out(evidence)
    return out
