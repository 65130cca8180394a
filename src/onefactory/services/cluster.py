"""Reading the cluster: the member directory, supply links, and a member's own
data (stock, items, resources, production, telemetry and its rollups) under sharing grants."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from onefactory.model import (
    DataScope,
    Item,
    Member,
    MemberRole,
    ProductionOrder,
    Reading,
    Resource,
    Rollup,
    StockPosition,
    User,
    UserRole,
    check_range,
)
from onefactory.store import Store

from .access import check_read


@dataclass(frozen=True, slots=True)
class SupplyLink:
    """``supplier`` sells to ``customer``: from orders and cross-member BOM lines."""

    supplier: str
    customer: str
    open_lines: int


@dataclass(frozen=True, slots=True)
class Overview:
    """The cluster at a glance."""

    members: list[Member]
    links: list[SupplyLink]
    orders_by_status: dict[str, int]


def overview(store: Store, user: User | None = None) -> Overview:
    """Members and who supplies whom; the directory is visible to every member.

    The lead firm and the cluster operator (and the hub itself: ``user`` None) see every supply
    link with its open order lines and the cluster's lines by status; another member sees only
    the links it is a party to and the lines of orders it is a party to."""
    with store.read() as tx:
        members = tx.members.all()
        party = None if user is None or sees_all_orders(user, members) else user.member
        orders = tx.orders.of_member(party, limit=100_000)
        boms = [b for b in tx.boms.of(None) if party is None or party in (b.supplier, b.member)]
    pairs: Counter[tuple[str, str]] = Counter()
    statuses: Counter[str] = Counter()
    for order in orders:
        live = [line for line in order.lines if line.open_qty > 0]
        pairs[(order.seller, order.buyer)] += len(live)
        statuses.update(line.status.value for line in order.lines)
    for line in boms:
        if line.supplier and line.supplier != line.member:
            pairs.setdefault((line.supplier, line.member), 0)
    links = [SupplyLink(s, c, n) for (s, c), n in sorted(pairs.items())]
    return Overview(members, links, dict(sorted(statuses.items())))


def supply_links(store: Store) -> list[tuple[str, str]]:
    """Every (supplier, customer) of an order or a BOM line naming a supplier, as the lead firm's
    overview lists them, without reading order lines (for tiers below a long order)."""
    with store.read() as tx:
        pairs = set(tx.orders.pairs())
        pairs |= {(b.supplier, b.member) for b in tx.boms.of(None) if b.supplier and b.supplier != b.member}
    return sorted(pairs)


def sees_all_orders(user: User, members: list[Member]) -> bool:
    """Whether ``user`` sees the activity of every order in the cluster: the cluster operator
    and the lead firm's users."""
    if user.role is UserRole.CLUSTER_OPERATOR:
        return True
    return any(m.code == user.member and m.role is MemberRole.LEAD for m in members)


def stock(store: Store, user: User, member: str, now: datetime, item: str | None = None) -> list[StockPosition]:
    """Stock of ``member``: own, or under an inventory grant (the read is logged)."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.INVENTORY, f"stock{'/' + item if item else ''}", now)
        return tx.stock.of(member, item)


def items(store: Store, user: User, member: str, now: datetime) -> list[Item]:
    """Item master of ``member`` under an items grant."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.ITEMS, "items", now)
        return tx.items.of(member)


def resources(store: Store, user: User, member: str, now: datetime) -> list[Resource]:
    """Resources of ``member`` under a capacity grant."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.CAPACITY, "resources", now)
        return tx.resources.of(member)


def production(store: Store, user: User, member: str, now: datetime) -> list[ProductionOrder]:
    """Production orders of ``member`` under a production grant."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.PRODUCTION, "production orders", now)
        return tx.production.of(member)


def signals(store: Store, user: User, member: str, now: datetime) -> list[tuple[str, str, int]]:
    """(resource, signal, count) of ``member`` under a telemetry grant."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.TELEMETRY, "telemetry signals", now)
        return tx.readings.signals(member)


def telemetry(
    store: Store,
    user: User,
    member: str,
    resource: str,
    now: datetime,
    *,
    signal: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 2000,
    names: tuple[str, str] = ("since", "until"),
) -> list[Reading]:
    """Readings of a resource of ``member`` under a telemetry grant; [since, until) is checked
    first, an error naming the bounds by ``names`` (the query parameters they came as)."""
    check_range(since, until, names)
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.TELEMETRY, f"telemetry {resource}", now)
        return tx.readings.range(member, resource, signal, since=since, until=until, limit=limit)


def rollups(
    store: Store,
    user: User,
    member: str,
    resource: str,
    now: datetime,
    *,
    signal: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 1440,
) -> list[Rollup]:
    """One-minute rollups of a resource of ``member`` (minutes starting in [start, end)),
    under a telemetry grant; a foreign read is logged for the owner."""
    check_range(start, end)
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.TELEMETRY, f"telemetry rollups {resource}", now)
        return tx.rollups.range(member, resource, signal, since=start, until=end, limit=limit)


def members(store: Store) -> list[Member]:
    """The member directory (visible to every member)."""
    with store.read() as tx:
        return tx.members.all()


def zone_of(store: Store, member: str) -> str:
    """The member's time zone (an IANA name): the dashboard shows its users times in it."""
    with store.read() as tx:
        return tx.members.get(member).timezone
