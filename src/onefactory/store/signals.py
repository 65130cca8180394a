"""Telemetry, dead letters, notifications, production orders and inspections."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from onefactory.model import (
    InspectionResult,
    NotFound,
    Notification,
    ProductionOrder,
    Reading,
)

from ._readings_bulk import append_rows
from ._repo import Repo, from_rows, to_row
from ._times import from_us, us
from .schema import dead_letters, inspections, notifications, production_orders, readings


class Readings(Repo):
    """Time series, written in batches; a redelivered sample is stored once."""

    def append_many(self, batch: list[Reading]) -> int:
        """Store a batch with set-based statements (COPY on PostgreSQL) and fold the
        new rows into the one-minute rollups. Returns how many readings were new: a
        redelivery (same key, time and value, e.g. a QoS 1 redelivery) is skipped and not counted."""
        stamps: dict[datetime, int] = {}  # the signals of one message share their time: convert it once
        rows = []
        for r in batch:
            ts_us = stamps.get(r.ts)
            if ts_us is None:
                ts_us = stamps[r.ts] = us(r.ts)
            rows.append((r.member, r.resource, r.signal, ts_us, r.value, r.site))
        return append_rows(self.conn, rows)

    def delete_before(self, cutoff: datetime) -> int:
        """Delete readings older than ``cutoff`` (retention); their rollups stay."""
        return int(self.conn.execute(delete(readings).where(readings.c.ts_us < us(cutoff))).rowcount)

    def range(
        self,
        member: str,
        resource: str,
        signal: str | None = None,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 5000,
    ) -> list[Reading]:
        """Readings of a resource in time order (newest ``limit`` in the range)."""
        stmt = select(readings).where(readings.c.member == member, readings.c.resource == resource)
        if signal is not None:
            stmt = stmt.where(readings.c.signal == signal)
        if since is not None:
            stmt = stmt.where(readings.c.ts_us >= us(since))
        if until is not None:
            stmt = stmt.where(readings.c.ts_us < us(until))
        rows = list(self.conn.execute(stmt.order_by(readings.c.ts_us.desc()).limit(limit)).mappings())
        return [_reading(r) for r in reversed(rows)]

    def signals(self, member: str) -> list[tuple[str, str, int]]:
        """(resource, signal, count) of a member."""
        stmt = (
            select(readings.c.resource, readings.c.signal, func.count())
            .where(readings.c.member == member)
            .group_by(readings.c.resource, readings.c.signal)
            .order_by(readings.c.resource, readings.c.signal)
        )
        return [(r, s, int(n)) for r, s, n in self.conn.execute(stmt)]

    def series(self) -> list[tuple[str, str, str]]:
        """Every stored (member, resource, signal), in one query."""
        stmt = (
            select(readings.c.member, readings.c.resource, readings.c.signal)
            .distinct()
            .order_by(readings.c.member, readings.c.resource, readings.c.signal)
        )
        return [(m, r, s) for m, r, s in self.conn.execute(stmt)]

    def recent_per_series(self, since: datetime, limit: int) -> dict[tuple[str, str, str], list[Reading]]:
        """The newest ``limit`` readings since ``since`` of every series, in time order, in one query
        (keyed by (member, resource, signal), in that order)."""
        key = (readings.c.member, readings.c.resource, readings.c.signal)
        rank = func.row_number().over(partition_by=key, order_by=(readings.c.ts_us.desc(), readings.c.value.desc()))
        ranked = select(readings, rank.label("rank")).where(readings.c.ts_us >= us(since)).subquery()
        stmt = select(ranked).where(ranked.c.rank <= limit)
        stmt = stmt.order_by(ranked.c.member, ranked.c.resource, ranked.c.signal, ranked.c.ts_us, ranked.c.value)
        found: dict[tuple[str, str, str], list[Reading]] = {}
        for row in self.conn.execute(stmt).mappings():
            found.setdefault((row["member"], row["resource"], row["signal"]), []).append(_reading(row))
        return found

    def count(self, member: str | None = None) -> int:
        """Number of stored readings."""
        stmt = select(func.count()).select_from(readings)
        if member is not None:
            stmt = stmt.where(readings.c.member == member)
        return int(self.conn.execute(stmt).scalar_one())


def _reading(row: Mapping[str, Any]) -> Reading:
    return Reading(row["member"], row["resource"], row["signal"], from_us(row["ts_us"]), row["value"], row["site"])


class DeadLetters(Repo):
    """Messages refused by the ingest, with their reason."""

    def append(self, member: str | None, topic: str, payload: bytes, reason: str, at: datetime) -> None:
        """Keep a refused message."""
        self.conn.execute(
            insert(dead_letters).values(member=member, topic=topic, payload=payload, reason=reason, at=at)
        )

    def of(self, member: str | None, limit: int = 100) -> list[dict[str, Any]]:
        """Refused messages of a member (all if None), newest first."""
        stmt = select(dead_letters).order_by(dead_letters.c.id.desc()).limit(limit)
        if member is not None:
            stmt = stmt.where(dead_letters.c.member == member)
        return [dict(r) for r in self.conn.execute(stmt).mappings()]


class Notifications(Repo):
    """Messages between members."""

    def add(self, note: Notification) -> None:
        """Store a new notification."""
        self._insert_many(notifications, [{**to_row(note), "status": note.status.value}])

    def for_member(self, member: str | None) -> list[Notification]:
        """Sent or received by ``member`` (all if None), newest first."""
        stmt = select(notifications).order_by(notifications.c.created_at.desc())
        if member is not None:
            stmt = stmt.where((notifications.c.recipient == member) | (notifications.c.sender == member))
        return from_rows(Notification, self.conn.execute(stmt).mappings())

    def unclosed(self, recipient: str, kind: str) -> list[Notification]:
        """Notices of ``kind`` to ``recipient`` it has not closed, newest first."""
        t = notifications
        stmt = select(t).where(t.c.recipient == recipient, t.c.kind == kind, t.c.status != "closed")
        return from_rows(Notification, self.conn.execute(stmt.order_by(t.c.created_at.desc())).mappings())

    def get(self, note_id: str, recipient: str) -> Notification:
        """One notification received by ``recipient``; NotFound otherwise."""
        t = notifications
        row = self.conn.execute(select(t).where(t.c.id == note_id, t.c.recipient == recipient)).mappings().first()
        if row is None:
            raise NotFound(f"no notification {note_id!r} for {recipient}")
        return from_rows(Notification, [row])[0]

    def answer(self, note: Notification) -> None:
        """Save a notification's status and who acknowledged or closed it, when."""
        t = notifications
        values = {k: getattr(note, k) for k in ("acknowledged_at", "acknowledged_by", "closed_at", "closed_by")}
        where = (t.c.id == note.id, t.c.recipient == note.recipient)
        res = self.conn.execute(update(t).where(*where).values(status=note.status.value, **values))
        if res.rowcount != 1:
            raise NotFound(f"no notification {note.id!r} for {note.recipient}")


class ProductionOrders(Repo):
    """Production orders of members."""

    def put_many(self, rows: list[ProductionOrder]) -> int:
        """Insert or replace by (member, code)."""
        return sum(
            self._replace_member_rows(production_orders, p.member, [{**to_row(p), "status": p.status.value}])
            for p in rows
        )

    def of(self, member: str | None = None, serves_order: str | None = None) -> list[ProductionOrder]:
        """Production orders, optionally of one member or serving one shared order."""
        stmt = select(production_orders).order_by(production_orders.c.start)
        if member is not None:
            stmt = stmt.where(production_orders.c.member == member)
        if serves_order is not None:
            stmt = stmt.where(production_orders.c.serves_order == serves_order)
        return from_rows(ProductionOrder, self.conn.execute(stmt).mappings())


class Inspections(Repo):
    """Quality inspection results."""

    def append_many(self, rows: list[InspectionResult]) -> int:
        """Store results."""
        return self._insert_many(inspections, [to_row(r) for r in rows])

    def of(self, member: str, item: str | None = None) -> list[InspectionResult]:
        """Results of a member, oldest first."""
        stmt = select(inspections).where(inspections.c.member == member).order_by(inspections.c.at)
        if item is not None:
            stmt = stmt.where(inspections.c.item == item)
        return from_rows(InspectionResult, self.conn.execute(stmt).mappings())
