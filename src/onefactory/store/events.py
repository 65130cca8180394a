"""The append-only event log: every change, who made it, when, and its idempotency key.

The first event of a keyed request carries the key and the request's fingerprint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select

from onefactory.model import KeyUse, OrderEvent

from ._repo import Repo
from .schema import events


class Events(Repo):
    """Append and read events; never update or delete."""

    def append(
        self, batch: Sequence[OrderEvent], idempotency_key: str | None = None, fingerprint: str | None = None
    ) -> None:
        """Append events; the key and fingerprint (if any) go on the first one, per acting member."""
        rows = [_row(e) for e in batch]
        if rows and idempotency_key:
            rows[0] |= {"idempotency_key": idempotency_key, "request_fingerprint": fingerprint}
        if rows:
            self.conn.execute(insert(events), rows)

    def seen(self, member: str, idempotency_key: str) -> KeyUse | None:
        """What ``member`` first used an idempotency key for, or None."""
        stmt = select(events.c.stream, events.c.request_fingerprint).where(
            events.c.actor_member == member, events.c.idempotency_key == idempotency_key
        )
        row = self.conn.execute(stmt).one_or_none()
        return None if row is None else KeyUse(row.stream, row.request_fingerprint)

    def of(self, stream: str) -> list[OrderEvent]:
        """Events of one stream (an order id) in order."""
        stmt = select(events).where(events.c.stream == stream).order_by(events.c.seq)
        return [_event(r) for r in self.conn.execute(stmt).mappings()]

    def count(self) -> int:
        """Number of events."""
        return int(self.conn.execute(select(func.count()).select_from(events)).scalar_one())


def _row(event: OrderEvent) -> dict[str, Any]:
    return {
        "stream": event.order_id,
        "kind": event.kind,
        "actor_member": event.actor_member,
        "actor_user": event.actor_user,
        "at": event.at,
        "line_no": event.line_no,
        "reason": event.reason,
        "data": event.data,
        "idempotency_key": None,
        "request_fingerprint": None,
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
