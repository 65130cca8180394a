"""Checking a batch of inspection results before it is stored (private to ``quality``).

A result's identity is (member, item, characteristic, lot, time, measurement),
where the measurement is the value, or the defect count with its sample size.
The specification limits are not part of it: a result sent again with other
limits is the same result. The model has no sample number, so two equal
measurements of one lot at one time can only be told apart by their count:

* Sent again: the k-th equal result of a batch is already stored when the store
  holds at least k results with its identity. It is skipped and counted in
  ``already_stored``, so re-importing a file or re-posting a batch stores nothing.
* Repeated in one batch: the chart kind decides, not the subgroup size. On a
  chart of single values (I-MR and the count charts p, np, c, u, whatever their
  ``subgroup_size``) one lot has one result per time, so an exact repeat is a
  duplicate: stored once, counted in ``duplicates`` and warned. On an X-bar chart
  (X-bar/R, X-bar/S) equal readings of one lot at one time are ordinary (a
  gauge's resolution makes ties), so a repeat is kept as another measurement of
  the subgroup, with a warning (given only when the repeat is stored).

On an X-bar chart the readings of one lot at one time are one subgroup: more than
its ``subgroup_size`` (counting those already stored) are refused, each surplus
reading named, since the chart would leave them out of that point.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from onefactory.model import (
    Characteristic,
    ChartKind,
    InspectionResult,
    InvalidData,
    ResultError,
    check_defectives,
    check_inspected_at,
)
from onefactory.store import Unit

Where = Callable[[int], str]
"""Names the i-th result of a batch for messages: ``results[1]`` (API) or ``row 2`` (file)."""
Key = tuple[str, str, str]
Identity = tuple[str, str, str, str, object, Decimal | None, int | None, int | None]
SHOWN = 10
SUBGROUP_CHARTS = frozenset({ChartKind.XBAR_R, ChartKind.XBAR_S})
"""The charts whose points are subgroups of several measurements of one lot."""


def in_body(i: int) -> str:
    """The API's name of the i-th result of a batch."""
    return f"results[{i}]"


def identity(r: InspectionResult) -> Identity:
    """What makes a result the same result (see the module docstring)."""
    return (r.member, r.item, r.characteristic, r.lot, r.at, r.value, r.defects, r.sample_size)


@dataclass
class Intake:
    """The results of a batch that are new, and what was left out or is worth a warning."""

    new: list[InspectionResult] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)
    """The batch position of each new result."""
    already_stored: int = 0
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)


Entry = InspectionResult | InvalidData
"""A result of a batch, or why it could not be built (the API builds each result of a body)."""


def unbuilt(entries: Sequence[Entry], where: Where) -> list[ResultError]:
    """The entries that are not results, each named by where it is and its field."""
    return [
        ResultError(i, where(i), field_at(where(i), e.field or "value"), str(e))
        for i, e in enumerate(entries)
        if isinstance(e, InvalidData)
    ]


def check_items(tx: Unit, results: Sequence[tuple[int, InspectionResult]], where: Where) -> list[ResultError]:
    """Every result of an item missing from its member's item master (``results`` are (index, result))."""
    found: dict[tuple[str, str], bool] = {}
    out = []
    for i, r in results:
        key = (r.member, r.item)
        if key not in found:
            found[key] = tx.items.find(*key) is not None
        if not found[key]:
            reason = f"{r.member} has no item {r.item!r} in its item master (add the item first)"
            out.append(ResultError(i, where(i), field_at(where(i), "item"), reason, r.item))
    return out


def check_counts(
    results: Sequence[tuple[int, InspectionResult]], charts: dict[Key, ChartKind], where: Where
) -> list[ResultError]:
    """Every result on a p or np chart with more defective units than its sample."""
    out = []
    for i, r in results:
        if charts[(r.member, r.item, r.characteristic)].counts_defectives:
            try:
                check_defectives(r.defects, r.sample_size)
            except InvalidData as exc:
                out.append(
                    ResultError(i, where(i), field_at(where(i), "defects"), str(exc), f"{r.defects}/{r.sample_size}")
                )
    return out


def check_kinds(
    results: Sequence[tuple[int, InspectionResult]], charts: dict[Key, ChartKind], where: Where
) -> list[ResultError]:
    """Every result that does not fit its chart: a count on a measured chart, a value on a count chart."""
    out = []
    for i, r in results:
        chart = charts[(r.member, r.item, r.characteristic)]
        if chart.is_variable and r.value is None:
            reason = f"{r.item}/{r.characteristic} is on an {chart.value} chart of measured values; send a value"
            out.append(ResultError(i, where(i), field_at(where(i), "value"), reason, f"defects {r.defects}"))
        elif not chart.is_variable and r.defects is None:
            reason = f"{r.item}/{r.characteristic} is on a {chart.value} chart of defect counts; send defects"
            out.append(ResultError(i, where(i), field_at(where(i), "defects"), reason, str(r.value)))
    return out


def check_times(results: Sequence[tuple[int, InspectionResult]], now: datetime, where: Where) -> list[ResultError]:
    """Every result timed before 1990 or more than 24 h after ``now``, when it is received."""
    out = []
    for i, r in results:
        try:
            check_inspected_at(r.at, now)
        except InvalidData as exc:
            out.append(ResultError(i, where(i), field_at(where(i), "at"), str(exc), r.at.isoformat()))
    return out


def check_subgroups(
    tx: Unit, new: Sequence[tuple[int, InspectionResult]], specs: dict[Key, Characteristic], where: Where
) -> list[ResultError]:
    """Every new reading beyond the subgroup size of its lot and time on an X-bar chart
    (``new`` are (index, result); readings already stored count first)."""
    held: Counter[tuple[Key, str, datetime]] = Counter()
    for key, group in by_characteristic([r for _, r in new]).items():
        if specs[key].chart in SUBGROUP_CHARTS:
            times = {r.at for r in group}
            stored = tx.inspections.between(*key, min(times), max(times))
            held.update((key, r.lot, r.at) for r in stored if r.at in times)
    out = []
    for i, r in new:
        key = (r.member, r.item, r.characteristic)
        if specs[key].chart not in SUBGROUP_CHARTS:
            continue
        held[(key, r.lot, r.at)] += 1
        n, count = specs[key].subgroup_size, held[(key, r.lot, r.at)]
        if count > n:
            reason = (
                f"lot {r.lot} at {r.at.isoformat()} has {count} readings of {r.item}/{r.characteristic}, more than"
                f" the subgroup size {n} of its {specs[key].chart.value} chart (send at most {n} per lot and time)"
            )
            out.append(ResultError(i, where(i), field_at(where(i), "value"), reason, str(r.value)))
    return out


def undefined(tx: Unit, charts: dict[Key, ChartKind]) -> list[str]:
    """A warning for each characteristic that is not defined (charted with the default for its results)."""
    return [
        f"characteristic {code!r} of item {item} is not defined: charted on {chart.value} with default settings"
        " (define it to set its chart and limits)"
        for (member, item, code), chart in charts.items()
        if tx.characteristics.find(member, item, code) is None
    ]


def field_at(label: str, name: str) -> str:
    """The field ``name`` of a result: ``results[1].item`` in a batch, ``item`` in a file (row in the message)."""
    return f"{label}.{name}" if label.endswith("]") else name


def sift(tx: Unit, results: Sequence[InspectionResult], charts: dict[Key, ChartKind], where: Where) -> Intake:
    """Split a batch into new results and those already stored or repeated (see the module docstring)."""
    stored = _stored(tx, results)
    first: dict[Identity, int] = {}
    intake, repeats = Intake(), []
    for i, r in enumerate(results):
        key = identity(r)
        single = charts[key[:3]] not in SUBGROUP_CHARTS
        if key in first and single:
            repeats.append(f"{where(i)} repeats {where(first[key])} exactly; stored once")
            intake.duplicates += 1
            continue
        if stored[key] > 0:
            stored[key] -= 1
            intake.already_stored += 1
        else:
            if key in first:
                repeats.append(
                    f"{where(i)} repeats {where(first[key])} exactly; kept as another measurement of the lot's subgroup"
                )
            intake.new.append(r)
            intake.indexes.append(i)
        first.setdefault(key, i)
    intake.warnings += capped(repeats)
    return intake


def _stored(tx: Unit, results: Sequence[InspectionResult]) -> Counter[Identity]:
    """Identities of the stored results that share a characteristic and time span with the batch."""
    found: Counter[Identity] = Counter()
    for key, group in by_characteristic(results).items():
        times = [r.at for r in group]
        found.update(identity(r) for r in tx.inspections.between(*key, min(times), max(times)))
    return found


def by_characteristic(results: Sequence[InspectionResult]) -> dict[Key, list[InspectionResult]]:
    """The results of each (member, item, characteristic), in batch order."""
    groups: dict[Key, list[InspectionResult]] = {}
    for r in results:
        groups.setdefault((r.member, r.item, r.characteristic), []).append(r)
    return groups


def unknown_lots(tx: Unit, results: Sequence[InspectionResult]) -> list[str]:
    """A warning naming the lots that are not production orders of their member (they are stored anyway)."""
    known = {p.code for member in {r.member for r in results} for p in tx.production.of(member)}
    lots = sorted({r.lot for r in results} - known)
    if not lots:
        return []
    more = f" and {len(lots) - SHOWN} more" if len(lots) > SHOWN else ""
    return [f"lots that are not known production orders (stored anyway): {', '.join(lots[:SHOWN])}{more}"]


def capped(lines: list[str]) -> list[str]:
    """The first few of many similar warnings, and how many more there are."""
    return lines[:SHOWN] + ([f"... and {len(lines) - SHOWN} more like these"] if len(lines) > SHOWN else [])
