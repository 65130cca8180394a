"""The demo's quality data: a supplier process measured on real SECOM data (pure).

SAMJIN's control board ``PT-0008`` (sold to LEAD on ``PO-LEAD-0002``) is given
an X-bar/R chart of one process measurement. The values are SECOM feature 21
(UCI SECOM, CC BY 4.0) of the first 250 production entities in time order,
packaged in ``data/secom_lots.csv``; five consecutive entities make one lot.
The limits are fitted on the first 20 lots; the real process then drifts down,
which breaks Nelson run rules, raises a quality alarm and sends LEAD a
quality notice with the chart as evidence. The specification limits are not in
the source: the demo sets them (see ``SPEC``). Times keep the source's spacing,
shifted so that the 300 entities of the file (these 250, then the open lots of
``demo.quality_risk``) end ten minutes before ``now``.

Example:
    >>> from datetime import UTC, datetime
    >>> results = demo_inspections(datetime(2026, 3, 2, 9, tzinfo=UTC))
    >>> len(results), results[0].lot, results[0].value
    (250, 'SJ-0801', Decimal('-5419'))
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal
from importlib import resources

from onefactory.model import Characteristic, ChartKind, InspectionResult, ItemCode, MemberCode, RuleSet

DATA_FILE = "secom_lots.csv"
MEASURED = 250
"""Entities whose feature 21 is inspected (lots SJ-0801 .. SJ-0850); the rest are still open."""
LAST_BEFORE_NOW = timedelta(minutes=10)
SUPPLIER, ITEM, CODE = MemberCode("SAMJIN"), ItemCode("PT-0008"), "secom_f21"
LOT_SIZE = 5
SPEC = (Decimal(-9000), Decimal(-1000), Decimal(-5000))
"""(lsl, usl, target) set for the demo; SECOM publishes no specification limits."""


def demo_characteristic() -> Characteristic:
    """The measured characteristic of SAMJIN's control board."""
    lsl, usl, target = SPEC
    return Characteristic(
        SUPPLIER,
        ITEM,
        CODE,
        ChartKind.XBAR_R,
        lsl,
        usl,
        target,
        "",
        subgroup_size=LOT_SIZE,
        baseline=20,
        rules=RuleSet.NELSON,
        name="Process measurement 21 (SECOM, anonymised)",
    )


def demo_inspections(now: datetime) -> list[InspectionResult]:
    """The 250 measurements as inspection results of 50 lots."""
    rows = secom_rows()
    lsl, usl, _ = SPEC
    return [
        InspectionResult(SUPPLIER, ITEM, lot_code(i // LOT_SIZE), CODE, Decimal(r["f21"]), at, lsl, usl)
        for i, (r, at) in enumerate(zip(rows[:MEASURED], entity_times(rows, now), strict=False))
    ]


def lot_code(k: int) -> str:
    """The code of the ``k``-th lot (0-based)."""
    return f"SJ-{801 + k:04d}"


def secom_rows() -> list[dict[str, str]]:
    """The packaged SECOM entities in time order (timestamp, label, measurements as text)."""
    text = resources.files(__package__).joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def entity_times(rows: list[dict[str, str]], now: datetime) -> list[datetime]:
    """Every packaged entity's time (``rows`` from :func:`secom_rows`), in the source's spacing,
    the last ten minutes before ``now``."""
    times = [datetime.fromisoformat(r["timestamp"]) for r in rows]
    shift = now.replace(tzinfo=None) - LAST_BEFORE_NOW - times[-1]
    return [(t + shift).replace(tzinfo=now.tzinfo) for t in times]
