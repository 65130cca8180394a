"""Response models of telemetry rollups (readings are ``schemas.ReadingOut``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from onefactory import model as m


class RollupOut(BaseModel):
    """One minute of one signal: samples, extremes, mean and sum, first and last sample time."""

    signal: str
    minute: datetime
    count: int
    min: float
    max: float
    mean: float
    sum: float
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
            sum=r.sum_value,
            first_ts=r.first_ts,
            last_ts=r.last_ts,
        )
