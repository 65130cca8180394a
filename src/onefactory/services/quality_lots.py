"""Lots as the defect-risk model sees them, built from the store: each production order is a
lot whose telemetry window is its start..end on its resource; its inspections give the outcome
(failed if any result is out of specification); a lot without inspections is open."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime

from onefactory.model import InspectionResult, InvalidData, LotRecord, ProductionOrder, ProductionStatus, Reading
from onefactory.quality.predict import LotWindow, telemetry_features
from onefactory.store import Unit

MAX_SAMPLES_PER_RESOURCE = 2_000_000


def outcomes(results: list[InspectionResult]) -> dict[str, tuple[bool, datetime]]:
    """Per lot: failed (any result out of specification) and the time of its last inspection."""
    failed: dict[str, bool] = defaultdict(bool)
    last: dict[str, datetime] = {}
    for r in results:
        failed[r.lot] = failed[r.lot] or not r.passed
        last[r.lot] = max(last.get(r.lot, r.at), r.at)
    return {lot: (failed[lot], last[lot]) for lot in last}


def _windows(orders: list[ProductionOrder]) -> list[LotWindow]:
    return [LotWindow(p.code, p.resource or "", p.start, p.end) for p in orders]


def _readings(tx: Unit, member: str, orders: list[ProductionOrder]) -> list[Reading]:
    """Samples of every resource over the span of its lots (one query per resource)."""
    spans: dict[str, tuple[datetime, datetime]] = {}
    for p in orders:
        if p.resource:
            lo, hi = spans.get(p.resource, (p.start, p.end))
            spans[p.resource] = (min(lo, p.start), max(hi, p.end))
    found: list[Reading] = []
    for resource, (since, until) in sorted(spans.items()):
        found.extend(tx.readings.range(member, resource, since=since, until=until, limit=MAX_SAMPLES_PER_RESOURCE))
    return found


def lot_records(tx: Unit, member: str, item: str = "", *, lot: str = "", open_only: bool = False) -> list[LotRecord]:
    """Every non-cancelled production lot of ``member`` (of ``item``, or only ``lot``, or only
    the lots not yet inspected, if given), oldest first, with telemetry features and the
    inspection outcome where known. Telemetry is read only for the lots asked for. An
    ``item`` missing from the member's item master is refused (field ``item``)."""
    if item and tx.items.find(member, item) is None:
        raise InvalidData(f"{member} has no item {item!r} in its item master", field="item")
    known = outcomes(tx.inspections.of(member, item or None))
    orders = [
        p
        for p in tx.production.of(member)
        if p.status is not ProductionStatus.CANCELLED
        and (not item or p.item == item)
        and (not lot or p.code == lot)
        and not (open_only and p.code in known)
    ]
    frame = telemetry_features(_readings(tx, member, orders), _windows(orders)).frame
    records = []
    for p, (_, row) in zip(orders, frame.iterrows(), strict=True):
        failed, at = known.get(p.code, (None, p.end))
        features = {str(k): float(v) for k, v in row.items() if not math.isnan(v)}
        records.append(LotRecord(member, p.code, at, features, failed, p.item))
    return sorted(records, key=lambda r: (r.at, r.lot))
