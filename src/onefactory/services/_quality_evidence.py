"""The evidence and wording of a quality notice (pure helpers of ``quality``)."""

from __future__ import annotations

from onefactory.model import Characteristic, ChartPoint, MemberCode, QualityEvidence
from onefactory.quality.spc import RULE_TEXT, Chart, Signal

WINDOW = 40
"""Points of the chart a notice shows: the latest ones, and back to the first flagged point."""


def notice_text(spec: Characteristic, signal: Signal) -> str:
    """One line saying what broke which rule, with the limits."""
    unit = f" {spec.unit}" if spec.unit else ""
    return (
        f"{spec.item} {spec.code} ({spec.chart.value}, {signal.series}) at lot {signal.lot}: "
        f"{signal.value:.6g}{unit}; {RULE_TEXT.get(signal.rule, signal.rule)} ({signal.rule}); "
        f"limits {signal.lcl:.6g} .. {signal.ucl:.6g}, center {signal.center:.6g}"
    )


def evidence_of(
    note_id: str, recipient: str, spec: Characteristic, chart: Chart, found: list[Signal]
) -> QualityEvidence:
    """The chart window around the signals: limits, points, the flagged points and the rule."""
    series_name = found[0].series
    series = next(s for s in chart.series if s.name == series_name)
    mine = [s for s in found if s.series == series_name]
    end = series.start + len(series.values)
    flagged = sorted({p for s in mine for p in s.violation.points})
    first = max(series.start, min(flagged[0], end - WINDOW))
    points = tuple(
        ChartPoint(i, chart.subgroups[i].lot, chart.subgroups[i].at, series.values[i - series.start])
        for i in range(first, end)
    )
    head = mine[0]
    return QualityEvidence(
        note_id,
        spec.member,
        MemberCode(recipient),
        spec.item,
        spec.code,
        spec.chart,
        series_name,
        head.rule,
        RULE_TEXT.get(head.rule, head.rule),
        head.center,
        head.lcl,
        head.ucl,
        points,
        tuple(flagged),
        spec.unit,
        float(spec.lsl) if spec.lsl is not None else None,
        float(spec.usl) if spec.usl is not None else None,
        {"rules": ", ".join(dict.fromkeys(s.rule for s in found)), "signal_index": str(head.index)},
    )
