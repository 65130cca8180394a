"""A three-tier chain for alarm tests (importable as ``alarm_cluster``).

LEAD orders P-1 from SUP-A (PO-1); SUP-A orders P-1 from SUP-KR1 (PO-2);
SUP-KR1 makes it on press M-1 (MO-1 serves PO-2). SUP-B is a bystander.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from onefactory.model import OrderLine, ProductionOrder, Resource, SharedOrder, User, UserRole
from onefactory.services import orders
from onefactory.store import Store

from support import NOW, seed_items, seed_members


def admin(member: str) -> User:
    """The seeded admin of a member (token ``tok-<MEMBER>``)."""
    return User(f"{member.lower()}-admin", member, f"Admin {member}", UserRole.MEMBER_ADMIN)


def order(order_id: str, buyer: str, seller: str, item: str = "P-1") -> SharedOrder:
    """A one-line order due in two weeks."""
    return SharedOrder(order_id, buyer, seller, (OrderLine(1, item, Decimal(100), date(2026, 6, 15)),), NOW)


def seed_chain(store: Store) -> Store:
    """Members and their admins, the two orders, the press and its production order."""
    seed_members(store)
    seed_items(store, "SUP-A", "P-1")
    seed_items(store, "SUP-B", "Z-9")
    orders.create(store, admin("LEAD"), order("PO-1", "LEAD", "SUP-A"), NOW)
    orders.create(store, admin("SUP-A"), order("PO-2", "SUP-A", "SUP-KR1"), NOW)
    orders.create(store, admin("SUP-B"), order("PO-9", "SUP-B", "SUP-EU1", "Z-9"), NOW)
    mo = ProductionOrder(
        "SUP-KR1", "MO-1", "P-1", Decimal(100), "M-1", NOW, NOW + timedelta(days=3), serves_order="PO-2"
    )
    done = ProductionOrder(
        "SUP-KR1", "MO-0", "P-1", Decimal(5), "M-1", NOW - timedelta(days=9), NOW - timedelta(days=8), "done", "PO-9"
    )
    with store.write() as tx:
        tx.resources.put_many([Resource("SUP-KR1", "M-1", "Press 1"), Resource("SUP-KR1", "M-2", "프레스-2")])
        tx.production.put_many([mo, done])
    return store
