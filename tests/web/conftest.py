"""A tiny three-member cluster seeded through the services, and clients logged in as its users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from onefactory.api import create_app
from onefactory.config import Settings
from onefactory.model import (
    Alarm,
    AlarmStatus,
    Item,
    Member,
    MovementKind,
    OrderLine,
    Reading,
    Severity,
    SharedOrder,
    StockMovement,
    User,
    UserRole,
)
from onefactory.runtime import Runtime, open_runtime
from onefactory.services import access, orders
from onefactory.store import Store

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
TOKENS = {"LEAD": "tok-lead-admin", "SUP-A": "tok-supa-admin", "SUP-B": "tok-supb-admin"}
MEMBERS = [
    Member("LEAD", "Hanbit Motors", "lead", name_ko="한빛모터스"),
    Member("SUP-A", "Daesung Parts", "tier1", name_ko="대성부품"),
    Member("SUP-B", "Mirae Metal", "tier2", name_ko="미래금속"),
]


def _order(order_id: str, buyer: str, seller: str, lines: list[tuple[str, int]]) -> SharedOrder:
    rows = tuple(OrderLine(n, item, Decimal(qty), date(2026, 3, 20)) for n, (item, qty) in enumerate(lines, 1))
    return SharedOrder(order_id, buyer, seller, rows, NOW)


def seed(store: Store) -> dict[str, User]:
    """Members LEAD / SUP-A / SUP-B, one admin each, PO-1001 LEAD->SUP-A and PO-2001 SUP-A->SUP-B,
    stock of SUP-A and SUP-B, SUP-B's inventory and SUP-A's telemetry granted to LEAD, readings, an alarm."""
    with store.write() as tx:
        for member in MEMBERS:
            tx.members.add(member)
        bought = [("LEAD", "P-100"), ("LEAD", "P-200"), ("SUP-A", "P-100")]  # what each buyer orders
        tx.items.put_many([Item(member, code, whole_units=False) for member, code in bought])
    users = {code: User(f"{code.lower()}-admin", code, f"{code} admin", UserRole.MEMBER_ADMIN) for code in TOKENS}
    for code, user in users.items():
        access.create_user(store, user, TOKENS[code])
    orders.create(store, users["LEAD"], _order("PO-1001", "LEAD", "SUP-A", [("P-100", 100), ("P-200", 50)]), NOW)
    orders.create(store, users["SUP-A"], _order("PO-2001", "SUP-A", "SUP-B", [("P-100", 100)]), NOW)
    access.grant(store, users["SUP-B"], "LEAD", "inventory", NOW)
    access.grant(store, users["SUP-A"], "LEAD", "telemetry", NOW)
    _seed_facts(store)
    return users


def _seed_facts(store: Store) -> None:
    """Stock, readings and an alarm have no write service yet; they go in as the ingest would."""
    moves = [
        StockMovement("SUP-A", "P-100", Decimal(40), MovementKind.OPENING, NOW, "WH-1", "L-A1"),
        StockMovement("SUP-B", "BLANK-9", Decimal(700), MovementKind.OPENING, NOW, "YARD", "L-B7"),
    ]
    readings = [
        Reading("SUP-A", "PRESS-1", "temp_c", NOW - timedelta(seconds=30 * i), 60 + (i % 7) * 0.8) for i in range(40)
    ]
    alarm = Alarm(
        "al-1", "SUP-A", "PRESS-1", "threshold", Severity.MAJOR, AlarmStatus.RAISED, NOW, "temp_c above 80", "temp_c"
    )
    with store.write() as tx:
        tx.stock.apply(moves)
        tx.readings.append_many(readings)
        tx.alarms.add(alarm)


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    rt = open_runtime(Settings(store_url="sqlite://"))
    seed(rt.store)
    yield rt
    rt.close()


@pytest.fixture
def app(runtime: Runtime):
    return create_app(runtime)


@pytest.fixture
def login(app):
    """``login("SUP-A")`` -> a TestClient holding that member admin's cookie."""
    clients: list[TestClient] = []

    def make(member: str | None, lang: str = "en") -> TestClient:
        client = TestClient(app, follow_redirects=False, headers={"Accept-Language": lang})
        if member:
            client.cookies.set("onefactory_token", TOKENS[member])
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
