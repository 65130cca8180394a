"""Use cases of the shared order: create, act on lines, ship, receive, read.

Each write runs in one transaction that updates the current state and appends
the events; a request repeated with the same idempotency key changes nothing
and returns the first result. The key is bound to a fingerprint of the request
(member, operation, command without server-set times), so the same key on a
different request raises :class:`IdempotencyKeyReused` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from onefactory import exchange as ex
from onefactory.model import (
    ZERO,
    AccessLogEntry,
    DataScope,
    Forbidden,
    IdempotencyKeyReused,
    InvalidData,
    LineStatus,
    MovementKind,
    NotFound,
    OrderEvent,
    PreconditionFailed,
    Receipt,
    SharedOrder,
    Shipment,
    StockMovement,
    User,
    UserRole,
    fingerprint,
    plain,
)
from onefactory.store import Store, Unit

from .access import check_read, require_write

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # stands in for server-set times in a request's fingerprint

ACTIONS: dict[str, Callable[..., ex.Transition]] = {
    "confirm": ex.confirm,
    "reject": ex.reject,
    "request_change": ex.request_change,
    "accept_change": ex.accept_change,
    "decline_change": ex.decline_change,
    "start_production": ex.start_production,
    "close": ex.close,
    "cancel": ex.cancel,
}


@dataclass(frozen=True, slots=True)
class OrderView:
    """An order with its history and the goods moved against it."""

    order: SharedOrder
    events: list[OrderEvent]
    shipments: list[Shipment]
    receipts: list[Receipt]


@dataclass(slots=True)
class Params:
    """Optional parameters of a line action."""

    qty: Decimal | None = None
    on_date: date | None = None
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _visible(tx: Unit, user: User, order_id: str, now: datetime) -> SharedOrder:
    order = tx.orders.find(order_id)
    if order is None or (order.side_of(user.member) is None and user.role is not UserRole.CLUSTER_OPERATOR):
        raise NotFound(f"no order {order_id!r}")
    if order.side_of(user.member) is None:
        entries = [
            AccessLogEntry(owner, user.member, user.id, f"order {order_id}", "cluster-operator", now)
            for owner in (order.buyer, order.seller)
        ]
        tx.access_log.append_many(entries)
    return order


def _replayed(tx: Unit, member: str, key: str | None, request: str) -> str | None:
    """The stream a key first wrote, if this is a repeat; a different request with the key is refused."""
    if not key or (use := tx.events.seen(member, key)) is None:
        return None
    if use.fingerprint is not None and use.fingerprint != request:
        raise IdempotencyKeyReused(key)
    return use.stream


def create(
    store: Store, user: User, order: SharedOrder, now: datetime, idempotency_key: str | None = None
) -> SharedOrder:
    """The buyer issues an order to a seller; it is at once the seller's sales order."""
    require_write(user)
    if order.buyer != user.member:
        raise Forbidden(f"{user.member} can only issue orders as buyer, not for {order.buyer}")
    request = fingerprint(user.member, "orders.create", replace(order, created_at=EPOCH))
    with store.write() as tx:
        if stream := _replayed(tx, user.member, idempotency_key, request):
            return tx.orders.get(stream)
        tx.members.get(order.seller)
        check_known_items(tx, order)
        check_whole_units(tx, order)
        tx.orders.add(order)
        event = OrderEvent(order.id, "issued", user.member, user.id, now, None, "", {"lines": len(order.lines)})
        tx.events.append([event], idempotency_key, request)
    return order


def act(
    store: Store,
    user: User,
    order_id: str,
    line_no: int,
    action: str,
    params: Params,
    now: datetime,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> SharedOrder:
    """Apply one lifecycle action to one line."""
    require_write(user)
    fn = ACTIONS.get(action)
    if fn is None:
        raise InvalidData(f"unknown action {action!r}; one of {', '.join(ACTIONS)}", field="action")
    command = {"order_id": order_id, "line_no": line_no, "params": params, "expected_version": expected_version}
    request = fingerprint(user.member, f"orders.{action}", command)
    with store.write() as tx:
        if stream := _replayed(tx, user.member, idempotency_key, request):
            return tx.orders.get(stream)
        order = _visible(tx, user, order_id, now)
        _check_version(order, expected_version)
        actor = ex.actor_for(order, user.member, user.id)
        step = fn(order, line_no, actor, now, **_kwargs(action, params))
        tx.orders.save(step.order, order.version)
        tx.events.append(step.events, idempotency_key, request)
    return step.order


def _kwargs(action: str, p: Params) -> dict[str, Any]:
    if action in ("confirm", "request_change"):
        return {"qty": p.qty, "on_date": p.on_date, "reason": p.reason}
    return {"reason": p.reason}


def _check_version(order: SharedOrder, expected: int | None) -> None:
    if expected is not None and expected != order.version:
        raise PreconditionFailed(f"order {order.id} is at version {order.version}, not {expected}; reload and retry")


def get(store: Store, user: User, order_id: str, now: datetime) -> OrderView:
    """An order with events, shipments and receipts, if the caller is a party."""
    with store.write() as tx:
        order = _visible(tx, user, order_id, now)
        return OrderView(order, tx.events.of(order_id), tx.shipments.of_order(order_id), tx.receipts.of_order(order_id))


def tiers(store: Store, user: User, order_id: str, now: datetime) -> list[ex.Tier]:
    """The orders under ``order_id``, tier by tier, as far as the caller may see them.

    The caller sees orders it is a party to, and the orders that a member which
    granted it ``production`` placed with its own suppliers (each such read is
    logged for that member). Suppliers whose orders stay hidden show as not shared.
    """
    from .cluster import supply_links

    links = supply_links(store)
    with store.write() as tx:
        order = _visible(tx, user, order_id, now)
        member = None if user.role is UserRole.CLUSTER_OPERATOR else user.member
        visible = {o.id: o for o in tx.orders.of_member(member, limit=100_000, but=order_id)}
        for owner in _production_sharers(tx, user):
            placed = [o for o in tx.orders.of_member(owner, limit=100_000, but=order_id) if o.buyer == owner]
            if placed:
                check_read(tx, user, owner, DataScope.PRODUCTION, f"orders pegged under {order_id}", now)
                visible.update({o.id: o for o in placed})
    return ex.sub_tiers(order, list(visible.values()), links)  # the order never serves itself


def _production_sharers(tx: Unit, user: User) -> list[str]:
    grants = tx.grants.active()
    return sorted({g.owner for g in grants if g.owner != user.member and g.covers(user.member, DataScope.PRODUCTION)})


def page(store: Store, user: User, limit: int, offset: int) -> tuple[list[SharedOrder], int]:
    """Orders where the caller's member is buyer or seller (all for an operator)."""
    member = None if user.role is UserRole.CLUSTER_OPERATOR else user.member
    with store.read() as tx:
        return tx.orders.of_member(member, limit=limit, offset=offset), tx.orders.count_of_member(member)


def ship(store: Store, user: User, shipment: Shipment, now: datetime, idempotency_key: str | None = None) -> Shipment:
    """The seller sends an ASN; each line moves its order line on; over-delivery is refused."""
    request = fingerprint(user.member, "shipments.create", replace(shipment, shipped_at=EPOCH))
    with store.write() as tx:
        if _replayed(tx, user.member, idempotency_key, request):
            return tx.shipments.find(shipment.number) or shipment
        return ship_in(tx, user, shipment, now, idempotency_key, request)


def ship_in(
    tx: Unit,
    user: User,
    shipment: Shipment,
    now: datetime,
    idempotency_key: str | None = None,
    request: str | None = None,
) -> Shipment:
    """:func:`ship` inside the caller's transaction; ``request`` is the fingerprint kept with the key."""
    require_write(user)
    if shipment.seller != user.member:
        raise Forbidden(f"{user.member} cannot ship for {shipment.seller}")
    tx.shipments.add(shipment)
    for order_id in dict.fromkeys(sl.order_id for sl in shipment.lines):
        order = _party_order(tx, user, order_id, now, shipment.buyer)
        step = ex.ship(order, shipment, ex.actor_for(order, user.member, user.id), now)
        tx.orders.save(step.order, order.version)
        tx.events.append(step.events, idempotency_key, request)
        idempotency_key = None
    return shipment


def receive(
    store: Store,
    user: User,
    receipt: Receipt,
    now: datetime,
    idempotency_key: str | None = None,
    location: str = "RECEIVING",
    *,
    tolerance_pct: Decimal = ZERO,
) -> Receipt:
    """The buyer posts a goods receipt: order lines, stock by lot, and over-receipt flags.

    ``tolerance_pct`` is the over-receipt tolerance of lines that set none (the setting
    ``receipt_over_tolerance_pct``): beyond it a receipt is refused and changes nothing."""
    request = fingerprint(
        user.member, "receipts.create", {"receipt": replace(receipt, received_at=EPOCH), "location": location}
    )
    with store.write() as tx:
        if stream := _replayed(tx, user.member, idempotency_key, request):
            return next((r for r in tx.receipts.of_order(stream) if r.number == receipt.number), receipt)
        return receive_in(tx, user, receipt, now, idempotency_key, location, request, tolerance_pct=tolerance_pct)


def receive_in(
    tx: Unit,
    user: User,
    receipt: Receipt,
    now: datetime,
    idempotency_key: str | None = None,
    location: str = "RECEIVING",
    request: str | None = None,
    *,
    tolerance_pct: Decimal = ZERO,
) -> Receipt:
    """:func:`receive` inside the caller's transaction; ``request`` is the fingerprint kept with the key."""
    require_write(user)
    if receipt.buyer != user.member:
        raise Forbidden(f"{user.member} cannot receive for {receipt.buyer}")
    flags: list[str] = []
    moves: list[StockMovement] = []
    for order_id in dict.fromkeys(rl.order_id for rl in receipt.lines):
        order = _party_order(tx, user, order_id, now, None)
        actor = ex.actor_for(order, user.member, user.id)
        step, checks = ex.receive(order, receipt, actor, now, tolerance_pct=tolerance_pct)
        flags += [f"over-receipt +{plain(c.over_qty)} on {c.order_id} line {c.line_no}" for c in checks if c.over_qty]
        flags += [
            f"received {plain(c.beyond_shipped)} more than shipped on {c.order_id} line {c.line_no} (no ASN cited)"
            for c in checks
            if c.beyond_shipped
        ]
        tx.orders.save(step.order, order.version)
        tx.events.append(step.events, idempotency_key, request)
        idempotency_key = None
        moves += [
            StockMovement(
                user.member,
                order.line(rl.line_no).item,
                rl.qty,
                MovementKind.RECEIPT,
                now,
                location,
                rl.lot or "",
                receipt.number,
            )
            for rl in receipt.lines
            if rl.order_id == order_id
        ]
    flags += _asn_flags(tx, receipt, tolerance_pct)
    stored = replace(receipt, flags=tuple(flags))
    tx.receipts.add(stored)
    tx.stock.apply(moves)
    return stored


def _asn_flags(tx: Unit, receipt: Receipt, default_pct: Decimal) -> list[str]:
    """Flags of receipts beyond what an ASN shipped; beyond its tolerance (the largest of its
    order lines', each its own or ``default_pct``) the receipt is refused."""
    flags = []
    for asn in dict.fromkeys(rl.shipment for rl in receipt.lines if rl.shipment):
        shipment = tx.shipments.find(asn)
        if shipment is None:
            raise InvalidData(f"receipt {receipt.number} refers to unknown ASN {asn!r}", field="shipment")
        _same_orders(receipt, shipment)
        shipped_orders = {oid: tx.orders.find(oid) for oid in dict.fromkeys(sl.order_id for sl in shipment.lines)}
        pct = max(_line_tolerance(shipped_orders[sl.order_id], sl.line_no, default_pct) for sl in shipment.lines)
        receiving = sum((rl.qty for rl in receipt.lines if rl.shipment == asn), ZERO)
        try:
            excess = ex.asn_excess(shipment, tx.receipts.received_against(asn), receiving, pct)
        except InvalidData as exc:
            raise InvalidData(f"receipt {receipt.number}: {exc}", field=exc.field) from exc
        if excess:
            shipped = sum((sl.qty for sl in shipment.lines), ZERO)
            flags.append(f"over-receipt +{plain(excess)} against {asn} (shipped {plain(shipped)})")
    return flags


def _same_orders(receipt: Receipt, shipment: Shipment) -> None:
    """Refuse a receipt line citing an ASN that shipped other orders than the line's."""
    shipped = list(dict.fromkeys(sl.order_id for sl in shipment.lines))
    for rl in receipt.lines:
        if rl.shipment == shipment.number and rl.order_id not in shipped:
            raise InvalidData(
                f"receipt {receipt.number} cites ASN {shipment.number} for order {rl.order_id}, "
                f"but that ASN ships order {', '.join(shipped)}",
                field="shipment",
            )


def _line_tolerance(order: SharedOrder | None, line_no: int, default_pct: Decimal) -> Decimal:
    lines = {x.line_no: x for x in order.lines} if order else {}
    return ex.receipt_tolerance(lines[line_no], default_pct) if line_no in lines else default_pct


def _party_order(tx: Unit, user: User, order_id: str, now: datetime, buyer: str | None) -> SharedOrder:
    order = _visible(tx, user, order_id, now)
    if buyer is not None and order.buyer != buyer:
        raise InvalidData(f"order {order_id} was issued by {order.buyer}, not {buyer}", field="order_id")
    return order


def check_known_items(tx: Unit, order: SharedOrder) -> None:
    """Refuse lines whose item is not in the buyer's item master, naming every such line by its
    number; ``field`` is ``lines[i].item`` for the first, ``i`` its place in ``order.lines`` (0-based,
    as the body posted them).

    The shared order is the buyer's purchase order: its lines name the buyer's items (in the
    cluster the buyer lists a bought part under the code its supplier makes it as)."""
    known = {i.code for i in tx.items.of(order.buyer)}
    unknown = [(n, line) for n, line in enumerate(order.lines) if line.item not in known]
    if unknown:
        lines = "; ".join(f"line {x.line_no}: {x.item!r}" for _, x in unknown)
        raise InvalidData(
            f"order {order.id}: {order.buyer} has no such item in its item master (add the item first): {lines}",
            field=f"lines[{unknown[0][0]}].item",
        )


def check_whole_units(tx: Unit, order: SharedOrder) -> None:
    """Refuse a fractional quantity of an item that the seller (or buyer) counts in whole units,
    naming the line by its number; ``field`` is ``lines[i].qty``, ``i`` its place in ``order.lines``."""
    for n, line in enumerate(order.lines):
        item = tx.items.find(order.seller, line.item) or tx.items.find(order.buyer, line.item)
        if item is None or not item.whole_units or line.uom != item.uom or line.qty == line.qty.to_integral_value():
            continue
        raise InvalidData(
            f"line {line.line_no}: {item.code} is counted in whole {item.uom}; "
            f"qty {plain(line.qty)} is not a whole number",
            field=f"lines[{n}].qty",
        )


def upsert(tx: Unit, user: User, order: SharedOrder, now: datetime) -> list[OrderEvent]:
    """Store an imported order: new, or merged into the stored one (re-issue rules)."""
    if order.buyer != user.member:
        raise Forbidden(f"{user.member} can only import orders it issues as buyer, not {order.buyer}'s")
    stored = tx.orders.find(order.id)
    check_whole_units(tx, order)
    if stored is None:
        tx.members.get(order.seller)
        tx.orders.add(order)
        events = [
            OrderEvent(order.id, "issued", user.member, user.id, now, None, "imported", {"lines": len(order.lines)})
        ]
    else:
        step = ex.reissue(stored, order, ex.actor_for(stored, user.member, user.id), now)
        if step.events:
            tx.orders.save(step.order, stored.version)
        events = list(step.events)
    tx.events.append(events)
    return events


def cancel_lines(
    tx: Unit, user: User, order_id: str, line_nos: list[int], now: datetime, reason: str
) -> list[OrderEvent]:
    """Cancel stored open lines (already cancelled or unknown lines change nothing)."""
    order = tx.orders.find(order_id)
    events: list[OrderEvent] = []
    if order is None or not line_nos:
        return events
    actor = ex.actor_for(order, user.member, user.id)
    current = order
    for line_no in line_nos:
        if line_no in {x.line_no for x in current.lines} and current.line(line_no).status is not LineStatus.CANCELLED:
            step = ex.cancel(current, line_no, actor, now, reason)
            current, events = step.order, events + list(step.events)
    if events:
        tx.orders.save(replace(current, version=order.version + 1), order.version)
        tx.events.append(events)
    return events
