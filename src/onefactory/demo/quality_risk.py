"""The demo's defect-risk data: SAMJIN's SMT line as production lots on real SECOM data (pure).

Every lot of SAMJIN's control board ``PT-0008`` is a production order on ``SMT-2``, a line
the demo adds beside the planned ``SMT-1``. The
packaged ``data/secom_lots.csv`` holds the first 300 SECOM production entities in time order
(UCI SECOM, CC BY 4.0): six process measurements and the line-test result of each. Five
consecutive entities make one lot, as in ``demo.quality``:

- lots ``SJ-0801`` .. ``SJ-0850`` (entities 1-250) are done: their measurements are the SMT
  line's telemetry during the lot, and their line tests are the lot's inspection (an np
  chart: failed boards out of 5);
- lots ``SJ-0851`` .. ``SJ-0860`` (entities 251-300) are open: telemetry only, not yet
  tested. Their risk is predicted.

Times are the SPC demo's: the source's spacing, the last entity ten minutes before ``now``.
A lot runs from its first entity to its last; the line test is recorded at its end.

The six measurements were chosen without looking at the labels: the ones with the most
distinct values and no missing value among the 300 entities (ties by column number). SECOM
is anonymised, so which parameters an operator may set is not known; the demo declares the
first two as controllable within the range seen in the done lots (``controls``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from onefactory.model import (
    Characteristic,
    ChartKind,
    ControlRange,
    InspectionResult,
    ProductionOrder,
    ProductionStatus,
    Reading,
    Resource,
    RuleSet,
)

from .quality import CODE, ITEM, LOT_SIZE, MEASURED, SUPPLIER, entity_times, lot_code, secom_rows

RESOURCE, SITE = "SMT-2", "GUMI"
"""A second SMT line beside the planned ``SMT-1``, so the lots' telemetry is theirs alone."""
LINE_TEST = "line_test"
DONE_LOTS = MEASURED // LOT_SIZE
LAST_SAMPLE = timedelta(minutes=1)
"""A lot ends this long after its last entity's measurement."""


@dataclass(frozen=True, slots=True)
class RiskDemo:
    """What the store gets: lots, their telemetry and line tests, and the controllable ranges."""

    line: Resource
    lots: tuple[ProductionOrder, ...]
    readings: tuple[Reading, ...]
    line_tests: tuple[InspectionResult, ...]
    controls: tuple[ControlRange, ...]


def line_test_characteristic() -> Characteristic:
    """Failed boards per lot of five, from SECOM's line test (pass/fail per entity)."""
    return Characteristic(
        SUPPLIER,
        ITEM,
        LINE_TEST,
        ChartKind.NP,
        None,
        None,
        None,
        "boards",
        subgroup_size=LOT_SIZE,
        baseline=20,
        rules=RuleSet.WESTERN_ELECTRIC,
        name="Line test (SECOM pass/fail)",
    )


def risk_demo(now: datetime) -> RiskDemo:
    """Lots, telemetry, line tests and controls of the demo, with times relative to ``now``."""
    rows = secom_rows()
    times = entity_times(rows, now)
    signals = [c for c in rows[0] if c.startswith("f") and c != CODE.removeprefix("secom_")]
    lots = [_lot(k, times[k * LOT_SIZE : (k + 1) * LOT_SIZE]) for k in range(len(rows) // LOT_SIZE)]
    readings = [
        Reading(SUPPLIER, RESOURCE, f"secom_{s}", at, float(r[s]), SITE)
        for r, at in zip(rows, times, strict=True)
        for s in signals
    ]
    tests = [_line_test(lot, rows[k * LOT_SIZE : (k + 1) * LOT_SIZE]) for k, lot in enumerate(lots[:DONE_LOTS])]
    done = rows[:MEASURED]
    controls = [
        ControlRange(f"secom_{s}.mean", min(float(r[s]) for r in done), max(float(r[s]) for r in done))
        for s in signals[:2]
    ]
    line = Resource(SUPPLIER, RESOURCE, "SMT line 2 (SECOM lots)", SITE, "line")
    return RiskDemo(line, tuple(lots), tuple(readings), tuple(tests), tuple(controls))


def _lot(k: int, times: list[datetime]) -> ProductionOrder:
    status = ProductionStatus.DONE if k < DONE_LOTS else ProductionStatus.STARTED
    end = times[-1] + LAST_SAMPLE
    return ProductionOrder(SUPPLIER, lot_code(k), ITEM, Decimal(LOT_SIZE), RESOURCE, times[0], end, status)


def _line_test(lot: ProductionOrder, rows: list[dict[str, str]]) -> InspectionResult:
    failed = sum(r["label"] == "1" for r in rows)
    return InspectionResult(
        SUPPLIER, ITEM, lot.code, LINE_TEST, None, lot.end, None, None, defects=failed, sample_size=LOT_SIZE
    )
