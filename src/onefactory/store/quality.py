"""Quality records: characteristics, the SPC evaluator state, control signals and the
evidence attached to quality notices (inspection results are in ``signals``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from onefactory.model import Characteristic, ChartPoint, ControlSignal, InspectionResult, NotFound, QualityEvidence

from ._repo import Repo, from_rows, to_row
from .schema import control_signals, inspections, quality_characteristics, quality_evidence, spc_states
from .signals import Inspections as _BaseInspections


class Inspections(_BaseInspections):
    """Inspection results, also read per characteristic in arrival order."""

    def of_characteristic(self, member: str, item: str, characteristic: str) -> list[InspectionResult]:
        """Results of one characteristic, oldest first (ties in arrival order)."""
        t = inspections
        stmt = (
            select(t)
            .where(t.c.member == member, t.c.item == item, t.c.characteristic == characteristic)
            .order_by(t.c.at, t.c.id)
        )
        return from_rows(InspectionResult, self.conn.execute(stmt).mappings())

    def between(
        self, member: str, item: str, characteristic: str, start: datetime, end: datetime
    ) -> list[InspectionResult]:
        """Results of one characteristic inspected from ``start`` to ``end`` (both included), oldest first."""
        t = inspections
        stmt = (
            select(t)
            .where(t.c.member == member, t.c.item == item, t.c.characteristic == characteristic)
            .where(t.c.at >= start, t.c.at <= end)
            .order_by(t.c.at, t.c.id)
        )
        return from_rows(InspectionResult, self.conn.execute(stmt).mappings())

    def keys(self, member: str) -> list[tuple[str, str, int]]:
        """(item, characteristic, count) of a member's results."""
        t = inspections
        stmt = (
            select(t.c.item, t.c.characteristic, func.count())
            .where(t.c.member == member)
            .group_by(t.c.item, t.c.characteristic)
            .order_by(t.c.item, t.c.characteristic)
        )
        return [(i, c, int(n)) for i, c, n in self.conn.execute(stmt)]


class Characteristics(Repo):
    """Characteristics of items with their specification and chart settings."""

    def put_many(self, rows: Sequence[Characteristic]) -> int:
        """Insert or replace by (member, item, code)."""
        for c in rows:
            where = [quality_characteristics.c[k] == getattr(c, k) for k in ("member", "item", "code")]
            self.conn.execute(delete(quality_characteristics).where(*where))
        return self._insert_many(quality_characteristics, [_characteristic_row(c) for c in rows])

    def of(self, member: str, item: str | None = None) -> list[Characteristic]:
        """Characteristics of a member (of one item), by item then code."""
        t = quality_characteristics
        stmt = select(t).where(t.c.member == member).order_by(t.c.item, t.c.code)
        if item is not None:
            stmt = stmt.where(t.c.item == item)
        return from_rows(Characteristic, self.conn.execute(stmt).mappings())

    def find(self, member: str, item: str, code: str) -> Characteristic | None:
        """One characteristic, if defined."""
        found = [c for c in self.of(member, item) if c.code == code]
        return found[0] if found else None


def _characteristic_row(c: Characteristic) -> dict[str, Any]:
    return {**to_row(c), "chart": c.chart.value, "rules": c.rules.value}


class SpcStates(Repo):
    """The incremental evaluator state of each characteristic (plain JSON)."""

    def get(self, member: str, item: str, characteristic: str) -> dict[str, Any] | None:
        """The saved state, if any."""
        t = spc_states
        stmt = select(t.c.state).where(t.c.member == member, t.c.item == item, t.c.characteristic == characteristic)
        row = self.conn.execute(stmt).first()
        return None if row is None else dict(row[0])

    def put(self, member: str, item: str, characteristic: str, state: dict[str, Any]) -> None:
        """Save (insert or replace) the state."""
        t = spc_states
        where = (t.c.member == member, t.c.item == item, t.c.characteristic == characteristic)
        if self.conn.execute(update(t).where(*where).values(state=state)).rowcount == 0:
            self.conn.execute(insert(t).values(member=member, item=item, characteristic=characteristic, state=state))

    def drop(self, member: str, item: str, characteristic: str) -> None:
        """Forget the state (the next evaluation starts from the stored history)."""
        t = spc_states
        self.conn.execute(delete(t).where(t.c.member == member, t.c.item == item, t.c.characteristic == characteristic))


class ControlSignals(Repo):
    """Run-rule violations found on control charts."""

    def add_many(self, rows: Sequence[ControlSignal]) -> int:
        """Store signals."""
        return self._insert_many(control_signals, [_signal_row(s) for s in rows])

    def of(self, member: str, item: str | None = None, characteristic: str | None = None) -> list[ControlSignal]:
        """Signals of a member, oldest point first."""
        t = control_signals
        stmt = select(t).where(t.c.member == member).order_by(t.c.point_index, t.c.series, t.c.rule)
        if item is not None:
            stmt = stmt.where(t.c.item == item)
        if characteristic is not None:
            stmt = stmt.where(t.c.characteristic == characteristic)
        return [_signal(r) for r in self.conn.execute(stmt).mappings()]

    def last_lots(self, alarm_ids: Sequence[str]) -> dict[str, str]:
        """The lot of each alarm's latest signal point (alarms without signals are left out)."""
        t = control_signals
        stmt = select(t.c.alarm_id, t.c.lot).where(t.c.alarm_id.in_(list(alarm_ids))).order_by(t.c.at, t.c.point_index)
        return {alarm_id: lot for alarm_id, lot in self.conn.execute(stmt)}


def _signal_row(s: ControlSignal) -> dict[str, Any]:
    row = {**to_row(s), "chart": s.chart.value, "points": list(s.points), "point_index": s.index}
    del row["index"]
    return row


def _signal(row: Mapping[str, Any]) -> ControlSignal:
    data = {k: v for k, v in row.items() if k != "point_index"}
    return ControlSignal(**data, index=row["point_index"])


class Evidence(Repo):
    """The chart evidence a quality notice carries."""

    def add(self, evidence: QualityEvidence) -> None:
        """Store the evidence of one notice."""
        self.conn.execute(
            insert(quality_evidence).values(
                notification_id=evidence.notification_id,
                sender=evidence.sender,
                recipient=evidence.recipient,
                evidence=_evidence_json(evidence),
            )
        )

    def get(self, notification_id: str) -> QualityEvidence:
        """The evidence of a notice; NotFound if it has none."""
        t = quality_evidence
        row = self.conn.execute(select(t.c.evidence).where(t.c.notification_id == notification_id)).first()
        if row is None:
            raise NotFound(f"no quality evidence for notification {notification_id!r}")
        return _evidence(dict(row[0]))


def _evidence_json(e: QualityEvidence) -> dict[str, Any]:
    data = {**to_row(e), "chart": e.chart.value, "flagged": list(e.flagged)}
    data["points"] = [{"index": p.index, "lot": p.lot, "at": p.at.isoformat(), "value": p.value} for p in e.points]
    return data


def _evidence(data: dict[str, Any]) -> QualityEvidence:
    points = tuple(
        ChartPoint(p["index"], p["lot"], datetime.fromisoformat(p["at"]), p["value"]) for p in data["points"]
    )
    return QualityEvidence(**{**data, "points": points, "flagged": tuple(data["flagged"])})
