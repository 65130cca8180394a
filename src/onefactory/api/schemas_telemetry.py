"""Response models of telemetry rollups (readings are ``schemas.ReadingOut``)."""

from __future__ import annotations

import math
from datetime import datetime

from pydantic import BaseModel

from onefactory import model as m


class RollupOut(BaseModel):
    """One minute of one signal: samples, extremes, mean and sum, first and last sample time.
    ``mean`` lies within [min, max]; ``sum`` is null when it overflowed a float, and ``mean``
    too unless the minute's samples were all equal."""

    signal: str
    minute: datetime
    count: int
    min: float
    max: float
    mean: float | None
    sum: float | None
    first_ts: datetime
    last_ts: datetime

    @classmethod
    def from_domain(cls, r: m.Rollup) -> RollupOut:
        """Convert a stored rollup."""
        return cls(
            signal=r.signal,
            minute=r.minute,
            count=r.samples,
            min=r.min_value,
            max=r.max_value,
            mean=r.mean,
            sum=r.sum_value if math.isfinite(r.sum_value) else None,
            first_ts=r.first_ts,
            last_ts=r.last_ts,
        )
