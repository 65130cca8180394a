"""A supplier's production lots with telemetry and inspections, written through the store."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest

from onefactory.model import InspectionResult, ProductionOrder, Reading

from support import NOW

MEMBER = "SUP-KR1"
INSPECTED, OPEN = 160, 12


def _lot_readings(lot: int, start, temp: float, rng) -> list[Reading]:
    out = []
    for k in range(6):
        ts = start + timedelta(minutes=10 * k)
        out.append(Reading(MEMBER, "M1", "temp_c", ts, float(temp + rng.normal(0, 0.3))))
        out.append(Reading(MEMBER, "M1", "pressure_bar", ts, float(5 + rng.normal(0, 0.2))))
    return out


@pytest.fixture
def lots(seeded):
    """160 inspected lots (fail when the run was hot) and 12 open lots of SUP-KR1 on resource M1.

    The last open lot ran hot (temperature about 66 C)."""
    rng = np.random.default_rng(7)
    first = NOW - timedelta(hours=INSPECTED + OPEN + 1)
    orders, readings, results = [], [], []
    temps = np.r_[rng.uniform(54, 68, INSPECTED + OPEN - 1), 66.0]
    for i, temp in enumerate(temps):
        start = first + timedelta(hours=i)
        code = f"L{i:04d}"
        orders.append(ProductionOrder(MEMBER, code, "BRK-1", Decimal(100), "M1", start, start + timedelta(hours=1)))
        readings += _lot_readings(i, start, temp, rng)
        if i < INSPECTED:
            failed = temp + rng.normal(0, 1.0) > 63
            value = Decimal("1.30") if failed else Decimal("1.00")
            results.append(
                InspectionResult(
                    MEMBER,
                    "BRK-1",
                    code,
                    "thickness",
                    value,
                    start + timedelta(hours=1, minutes=5),
                    lsl=Decimal("0.90"),
                    usl=Decimal("1.10"),
                )
            )
    with seeded.write() as tx:
        tx.production.put_many(orders)
        tx.readings.append_many(readings)
        tx.inspections.append_many(results)
    return seeded
