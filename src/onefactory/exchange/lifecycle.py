"""Line-level lifecycle of a shared order (pure).

```
proposed ─confirm─> confirmed | partially_confirmed ──start──> in_production
    └─reject─> rejected          │   ▲                               │
                                 request_change ─> change_requested  │
                                 │   └─accept─> accepted ─start──────┤
                                 └─decline─> (previous state)        │
            ship (ASN, repeatable) ─> partially_shipped ─> shipped ──┘
            receive (repeatable) ─> partially_received ─> received ─close─> closed
cancel: from any open state before anything shipped.
```

Every function takes the current order and returns a :class:`Transition`:
the new order (version + 1) and the events that explain it. Nothing here
reads a clock: the caller passes ``at``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from onefactory.model import (
    ZERO,
    ChangeRequest,
    InvalidData,
    InvalidTransition,
    LineStatus,
    MemberCode,
    OrderEvent,
    OrderLine,
    SharedOrder,
    Side,
    plain,
)

S = LineStatus
CONFIRMABLE = frozenset({S.PROPOSED})
COMMITTED = frozenset({S.CONFIRMED, S.PARTIALLY_CONFIRMED, S.ACCEPTED})
CHANGEABLE = COMMITTED | {S.IN_PRODUCTION}
SHIPPABLE = CHANGEABLE | {S.PARTIALLY_SHIPPED, S.PARTIALLY_RECEIVED}
RECEIVABLE = SHIPPABLE | {S.SHIPPED}
CLOSABLE = frozenset({S.RECEIVED, S.PARTIALLY_RECEIVED, S.SHIPPED, S.PARTIALLY_SHIPPED})
CANCELLABLE = frozenset({S.PROPOSED, S.CHANGE_REQUESTED, S.IN_PRODUCTION}) | COMMITTED


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a member, one of its users, and that member's side of the order."""

    member: MemberCode
    user: str
    side: Side


@dataclass(frozen=True, slots=True)
class Transition:
    """The order after a step, and the events that record the step."""

    order: SharedOrder
    events: tuple[OrderEvent, ...]


def actor_for(order: SharedOrder, member: MemberCode, user: str) -> Actor:
    """The actor for ``member`` on ``order``; refuses a member that is not a party."""
    side = order.side_of(member)
    if side is None:
        raise InvalidTransition(f"member {member!r} is not a party to order {order.id}")
    return Actor(member, user, side)


def _require(line: OrderLine, allowed: frozenset[LineStatus], action: str, order_id: str) -> None:
    if line.status not in allowed:
        ok = ", ".join(sorted(s.value for s in allowed))
        raise InvalidTransition(
            f"cannot {action} line {line.line_no} of order {order_id}: it is {line.status.value} (allowed from: {ok})"
        )


def _require_side(actor: Actor, side: Side, action: str) -> None:
    if actor.side is not side:
        raise InvalidTransition(f"only the {side.value} may {action}; {actor.member} is the {actor.side.value}")


def _event(
    order: SharedOrder, kind: str, actor: Actor, at: datetime, line_no: int | None, reason: str = "", **data: object
) -> OrderEvent:
    payload = {k: _plain(v) for k, v in data.items() if v is not None}
    return OrderEvent(order.id, kind, actor.member, actor.user, at, line_no, reason, payload)


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal | date) else value


def _with_line(order: SharedOrder, line: OrderLine) -> SharedOrder:
    lines = tuple(line if old.line_no == line.line_no else old for old in order.lines)
    return replace(order, lines=lines, version=order.version + 1)


def _one(order: SharedOrder, line: OrderLine, event: OrderEvent) -> Transition:
    return Transition(_with_line(order, line), (event,))


def confirm(
    order: SharedOrder,
    line_no: int,
    actor: Actor,
    at: datetime,
    *,
    qty: Decimal | None = None,
    on_date: date | None = None,
    reason: str = "",
) -> Transition:
    """Seller confirms a line fully, or partially (less quantity or another date)."""
    line = order.line(line_no)
    _require_side(actor, Side.SELLER, "confirm")
    _require(line, CONFIRMABLE, "confirm", order.id)
    qty = line.qty if qty is None else qty
    on_date = on_date or line.due_date
    if not ZERO < qty <= line.qty:
        raise InvalidData(f"confirmed qty must be > 0 and <= ordered {plain(line.qty)}, got {plain(qty)}", field="qty")
    full = qty == line.qty and on_date == line.due_date
    status = S.CONFIRMED if full else S.PARTIALLY_CONFIRMED
    new = replace(line, status=status, confirmed_qty=qty, confirmed_date=on_date)
    return _one(order, new, _event(order, status.value, actor, at, line_no, reason, qty=qty, date=on_date))


def reject(order: SharedOrder, line_no: int, actor: Actor, at: datetime, reason: str) -> Transition:
    """Seller declines a proposed line; a reason is required."""
    line = order.line(line_no)
    _require_side(actor, Side.SELLER, "reject")
    _require(line, CONFIRMABLE, "reject", order.id)
    if not reason.strip():
        raise InvalidData("a rejection needs a reason", field="reason")
    return _one(order, replace(line, status=S.REJECTED), _event(order, "rejected", actor, at, line_no, reason))


def request_change(
    order: SharedOrder,
    line_no: int,
    actor: Actor,
    at: datetime,
    *,
    qty: Decimal | None = None,
    on_date: date | None = None,
    reason: str = "",
) -> Transition:
    """Either side proposes a new quantity and/or date for a committed line."""
    line = order.line(line_no)
    _require(line, CHANGEABLE, "request a change of", order.id)
    if qty is None and on_date is None:
        raise InvalidData("a change request needs a new qty or date", field="qty")
    if qty is not None and (qty <= 0 or qty < line.shipped_qty):
        raise InvalidData(
            f"new qty must be > 0 and >= shipped {plain(line.shipped_qty)}, got {plain(qty)}", field="qty"
        )
    change = ChangeRequest(actor.side, qty, on_date, reason, line.status)
    new = replace(line, status=S.CHANGE_REQUESTED, change=change)
    return _one(order, new, _event(order, "change_requested", actor, at, line_no, reason, qty=qty, date=on_date))


def accept_change(order: SharedOrder, line_no: int, actor: Actor, at: datetime, reason: str = "") -> Transition:
    """The other side accepts a pending change: the line takes the new qty and date."""
    line = order.line(line_no)
    change = _pending(line, actor, order.id, "accept")
    qty = change.qty if change.qty is not None else line.agreed_qty
    on_date = change.due_date or line.confirmed_date or line.due_date
    new = replace(
        line, status=S.ACCEPTED, change=None, qty=qty, confirmed_qty=qty, confirmed_date=on_date, due_date=on_date
    )
    return _one(order, new, _event(order, "accepted", actor, at, line_no, reason, qty=qty, date=on_date))


def decline_change(order: SharedOrder, line_no: int, actor: Actor, at: datetime, reason: str = "") -> Transition:
    """The other side declines a pending change: the line returns to its previous state."""
    line = order.line(line_no)
    change = _pending(line, actor, order.id, "decline")
    new = replace(line, status=change.previous_status, change=None)
    return _one(order, new, _event(order, "change_declined", actor, at, line_no, reason))


def _pending(line: OrderLine, actor: Actor, order_id: str, action: str) -> ChangeRequest:
    _require(line, frozenset({S.CHANGE_REQUESTED}), f"{action} a change of", order_id)
    assert line.change is not None
    if line.change.by is actor.side:
        raise InvalidTransition(f"the {actor.side.value} asked for this change; the other side must {action} it")
    return line.change


def start_production(order: SharedOrder, line_no: int, actor: Actor, at: datetime, reason: str = "") -> Transition:
    """Seller reports that production of a committed line has started."""
    line = order.line(line_no)
    _require_side(actor, Side.SELLER, "start production")
    _require(line, COMMITTED, "start production of", order.id)
    return _one(
        order, replace(line, status=S.IN_PRODUCTION), _event(order, "in_production", actor, at, line_no, reason)
    )


def close(order: SharedOrder, line_no: int, actor: Actor, at: datetime, reason: str = "") -> Transition:
    """Buyer closes a line; a shortfall against the agreed quantity is recorded."""
    line = order.line(line_no)
    _require_side(actor, Side.BUYER, "close")
    _require(line, CLOSABLE, "close", order.id)
    shortfall = max(line.agreed_qty - line.received_qty, ZERO)
    event = _event(order, "closed", actor, at, line_no, reason, shortfall=shortfall)
    return _one(order, replace(line, status=S.CLOSED), event)


def cancel(order: SharedOrder, line_no: int, actor: Actor, at: datetime, reason: str) -> Transition:
    """Either side cancels an open line before anything was shipped."""
    line = order.line(line_no)
    _require(line, CANCELLABLE, "cancel", order.id)
    if line.shipped_qty > 0 or line.received_qty > 0:
        raise InvalidTransition(f"line {line_no} of order {order.id} has goods shipped; close it instead")
    if not reason.strip():
        raise InvalidData("a cancellation needs a reason", field="reason")
    return _one(
        order, replace(line, status=S.CANCELLED, change=None), _event(order, "cancelled", actor, at, line_no, reason)
    )
