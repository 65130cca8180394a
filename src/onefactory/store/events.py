"""The append-only event log: every change, who made it, when, and its idempotency key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select

from onefactory.model import OrderEvent

from ._repo import Repo
from .schema import events


class Events(Repo):
    """Append and read events; never update or delete."""

    def append(self, batch: Sequence[OrderEvent], idempotency_key: str | None = None) -> None:
        """Append events; the key (if any) goes on the first one, per acting member."""
        rows = [_row(e, idempotency_key if i == 0 else None) for i, e in enumerate(batch)]
        if rows:
            self.conn.execute(insert(events), rows)

    def seen(self, member: str, idempotency_key: str) -> str | None:
        """The stream an idempotency key was used on by ``member``, or None."""
        stmt = select(events.c.stream).where(
            events.c.actor_member == member, events.c.idempotency_key == idempotency_key
        )
        return self.conn.execute(stmt).scalar_one_or_none()

    def of(self, stream: str) -> list[OrderEvent]:
        """Events of one stream (an order id) in order."""
        stmt = select(events).where(events.c.stream == stream).order_by(events.c.seq)
        return [_event(r) for r in self.conn.execute(stmt).mappings()]

    def count(self) -> int:
        """Number of events."""
        return int(self.conn.execute(select(func.count()).select_from(events)).scalar_one())


def _row(event: OrderEvent, key: str | None) -> dict[str, Any]:
    return {
        "stream": event.order_id,
        "kind": event.kind,
        "actor_member": event.actor_member,
        "actor_user": event.actor_user,
        "at": event.at,
        "line_no": event.line_no,
        "reason": event.reason,
        "data": event.data,
        "idempotency_key": key,
    }


def _event(row: Any) -> OrderEvent:
    return OrderEvent(
        row["stream"],
        row["kind"],
        row["actor_member"],
        row["actor_user"],
        row["at"],
        row["line_no"],
        row["reason"],
        dict(row["data"]),
    )
