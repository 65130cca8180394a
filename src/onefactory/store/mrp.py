"""Stored MRP runs: one header row, planned orders and allocations as rows (read per member)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from onefactory.model import Allocation, MrpOrder, MrpResult, MrpRun, NotFound

from ._repo import Repo, to_row
from .mrp_tables import mrp_allocations, mrp_orders, mrp_runs


class MrpRuns(Repo):
    """MRP results of the cluster, newest last."""

    def add(self, run_id: str, created_at: datetime, created_by: str, result: MrpResult) -> None:
        """Store a run with all its planned orders and allocations."""
        s = result.settings
        body = {
            "start": s.start.isoformat(),
            "buckets": s.buckets,
            "bucket_days": s.bucket_days,
            "timezone": s.timezone,
            "warnings": list(result.warnings),
        }
        self._insert_many(mrp_runs, [{"id": run_id, "created_at": created_at, "created_by": created_by, "body": body}])
        orders = [{**to_row(o), "run_id": run_id, "seq": n, "kind": o.kind.value, "pegged_to": list(o.pegged_to)}
                  for n, o in enumerate(result.orders)]  # fmt: skip
        self._insert_many(mrp_orders, orders)
        allocations = [
            {**to_row(a), "run_id": run_id, "seq": n, "supply_kind": a.supply_kind.value,
             "customer_orders": list(a.customer_orders)}
            for n, a in enumerate(result.allocations)
        ]  # fmt: skip
        self._insert_many(mrp_allocations, allocations)

    def latest_id(self) -> str | None:
        """Id of the newest run, or None."""
        stmt = select(mrp_runs.c.id).order_by(mrp_runs.c.created_at.desc(), mrp_runs.c.id.desc()).limit(1)
        return self.conn.execute(stmt).scalar_one_or_none()

    def get(self, run_id: str, member: str | None = None) -> MrpRun:
        """A run; with ``member``, only that member's planned orders and allocations."""
        head = self.conn.execute(select(mrp_runs).where(mrp_runs.c.id == run_id)).mappings().first()
        if head is None:
            raise NotFound(f"no MRP run {run_id!r}")
        body = head["body"]
        return MrpRun(
            head["id"], head["created_at"], head["created_by"], datetime.fromisoformat(body["start"]),
            body["buckets"], body["bucket_days"], body["timezone"],
            tuple(_order(r) for r in self._rows(mrp_orders, run_id, member)),
            tuple(_allocation(r) for r in self._rows(mrp_allocations, run_id, member)),
            tuple(body["warnings"]),
        )  # fmt: skip

    def _rows(self, table: Any, run_id: str, member: str | None) -> list[Mapping[str, Any]]:
        stmt = select(table).where(table.c.run_id == run_id).order_by(table.c.seq)
        if member is not None:
            stmt = stmt.where(table.c.member == member)
        return list(self.conn.execute(stmt).mappings())


def _order(row: Mapping[str, Any]) -> MrpOrder:
    fields = {k: row[k] for k in MrpOrder.__dataclass_fields__ if k != "pegged_to"}
    return MrpOrder(**fields, pegged_to=tuple(row["pegged_to"]))


def _allocation(row: Mapping[str, Any]) -> Allocation:
    fields = {k: row[k] for k in Allocation.__dataclass_fields__ if k != "customer_orders"}
    return Allocation(**fields, customer_orders=tuple(row["customer_orders"]))
