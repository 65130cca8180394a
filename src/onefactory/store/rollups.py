"""One-minute telemetry rollups: read by range, and trimmed by retention.

They are written together with the readings (``Readings.append_many``), never on their own."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from onefactory.model import Rollup

from ._readings_bulk import MINUTE_US
from ._repo import Repo
from ._times import from_us, us
from .telemetry_tables import reading_rollups as t


class Rollups(Repo):
    """Count, min, max, sum and first/last sample time per signal and minute."""

    def range(
        self,
        member: str,
        resource: str,
        signal: str | None = None,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1440,
    ) -> list[Rollup]:
        """Minutes starting in [floor(since), until) in time order (the newest ``limit``)."""
        stmt = select(t).where(t.c.member == member, t.c.resource == resource)
        if signal is not None:
            stmt = stmt.where(t.c.signal == signal)
        if since is not None:
            stmt = stmt.where(t.c.minute_us >= us(since) // MINUTE_US * MINUTE_US)
        if until is not None:
            stmt = stmt.where(t.c.minute_us < us(until))
        stmt = stmt.order_by(t.c.minute_us.desc(), t.c.signal.desc()).limit(limit)
        return [_rollup(r) for r in reversed(list(self.conn.execute(stmt).mappings()))]

    def count(self, member: str | None = None) -> int:
        """Number of stored minute rows."""
        stmt = select(func.count()).select_from(t)
        if member is not None:
            stmt = stmt.where(t.c.member == member)
        return int(self.conn.execute(stmt).scalar_one())

    def delete_before(self, cutoff: datetime) -> int:
        """Delete minutes that start before ``cutoff`` (retention)."""
        return int(self.conn.execute(delete(t).where(t.c.minute_us < us(cutoff))).rowcount)


def _rollup(row: Mapping[str, Any]) -> Rollup:
    return Rollup(
        row["member"],
        row["resource"],
        row["signal"],
        from_us(row["minute_us"]),
        int(row["samples"]),
        row["min_value"],
        row["max_value"],
        row["sum_value"],
        from_us(row["first_us"]),
        from_us(row["last_us"]),
    )
