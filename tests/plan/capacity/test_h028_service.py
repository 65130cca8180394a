"""H028 through the store and the API: the second plan keeps the first plan's earmarks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from onefactory.model import (
    Item,
    ItemKind,
    Member,
    MemberRole,
    MovementKind,
    OrderLine,
    SharedOrder,
    StockMovement,
    User,
    UserRole,
)
from onefactory.services import access

from support import auth

KST = ZoneInfo("Asia/Seoul")


def seed_h028(store) -> None:
    with store.write() as tx:
        for code in ("LEAD-P1", "LEAD-P2"):
            tx.members.add(Member(code, f"Lead plant {code[-1]}", MemberRole.LEAD))
        tx.items.put_many([Item("SUP-A", "P-28", "Bracket", "pcs", ItemKind.BUY, Decimal(30))])
        tx.stock.apply(
            [StockMovement("SUP-A", "P-28", Decimal(100), MovementKind.OPENING, datetime(2026, 5, 1, tzinfo=KST))]
        )
        created = datetime(2026, 5, 20, tzinfo=KST)
        for order_id, buyer, seller, qty, due, priority in (
            ("SO-28-1", "LEAD-P1", "SUP-A", 120, date(2026, 6, 10), "1"),
            ("SO-28-2", "LEAD-P2", "SUP-A", 80, date(2026, 6, 10), "2"),
            ("PO-28-1", "SUP-A", "SUP-B", 50, date(2026, 6, 5), "5"),
        ):
            line = OrderLine(1, "P-28", Decimal(qty), due, "pcs", attributes={"priority": priority})
            tx.orders.add(SharedOrder(order_id, buyer, seller, (line,), created))
    for code in ("LEAD-P1", "LEAD-P2"):
        access.create_user(store, User(f"{code.lower()}-admin", code, code, UserRole.MEMBER_ADMIN), f"tok-{code}")


def test_h028_second_plan_through_the_api_does_not_count_earmarked_supply_again(client, seeded):
    seed_h028(seeded)
    first = client.post("/api/v1/plans", json={"orders": ["SO-28-1"]}, headers=auth("LEAD-P1"))
    assert first.status_code == 201, first.text
    one = first.json()
    assert [(f["demand_id"], f["on_time_qty"], f["late_qty"]) for f in one["fulfilment"]] == [("SO-28-1/1", "120", "0")]
    second = client.post(
        "/api/v1/plans", json={"orders": ["SO-28-2"], "reserve_plan": one["id"]}, headers=auth("LEAD-P2")
    )
    assert second.status_code == 201, second.text
    two = second.json()
    (met,) = two["fulfilment"]
    assert (met["demand_id"], met["on_time_qty"], met["late_qty"], met["short_qty"]) == ("SO-28-2/1", "30", "50", "0")
    assert met["late_days"] == 21
    assert datetime.fromisoformat(met["completed_at"]) == datetime(2026, 7, 1, tzinfo=KST)
    earmarked = [Decimal(a["qty"]) for plan in (one, two) for a in plan["allocations"]]
    assert sum(earmarked) == 150
    (buy,) = [o for o in two["orders"] if o["kind"] == "buy"]
    assert (buy["member"], buy["qty"], buy["pegged_to"]) == ("SUP-A", "50", ["SO-28-2/1"])
    seen_by_supplier = client.get(f"/api/v1/plans/{two['id']}", headers=auth("SUP-A")).json()
    assert [(f["demand_id"], f["late_qty"]) for f in seen_by_supplier["fulfilment"]] == [("SO-28-2/1", "50")]
    seen_by_plant = client.get(f"/api/v1/plans/{two['id']}", headers=auth("LEAD-P2")).json()
    assert [(f["demand_id"], f["late_qty"]) for f in seen_by_plant["fulfilment"]] == [("SO-28-2/1", "50")]
    outsider = client.get(f"/api/v1/plans/{two['id']}", headers=auth("SUP-KR1")).json()
    assert outsider["fulfilment"] == [] and outsider["orders"] == []
