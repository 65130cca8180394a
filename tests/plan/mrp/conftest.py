"""Readers of the MRP hazard files (../shared/hazards) into domain values."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from onefactory.model import (
    BomLine,
    Item,
    ItemKind,
    ItemPlanning,
    Member,
    MemberRole,
    MrpDemand,
    MrpSettings,
    MrpSupply,
    SupplyKind,
)

from support import shared_path

START = datetime(2026, 6, 1, tzinfo=UTC)


def rows(case: str, name: str) -> list[dict[str, str]]:
    """The rows of one hazard file."""
    with shared_path("hazards", case, name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def members(*codes: str, zone: str = "UTC") -> list[Member]:
    """Members in one time zone."""
    return [Member(c, c, MemberRole.TIER1, zone) for c in codes]


def items(case: str) -> list[Item]:
    """items.csv with its owner_member column."""
    return [
        Item(
            r["owner_member"],
            r["item_code"],
            r["description"],
            r["uom"],
            ItemKind(r["item_type"]),
            Decimal(r["lead_time_days"]),
        )
        for r in rows(case, "items.csv")
    ]


def on_hand(case: str) -> list[MrpSupply]:
    """Opening stock of items.csv."""
    return [
        MrpSupply("on-hand", r["owner_member"], r["item_code"], Decimal(r["on_hand"]), SupplyKind.ON_HAND)
        for r in rows(case, "items.csv")
        if Decimal(r["on_hand"] or 0) > 0
    ]


def bom(case: str, name: str, member: str) -> list[BomLine]:
    """A BOM file as one member's lines."""
    return [
        BomLine(member, r["parent_item"], r["component_item"], Decimal(r["qty_per"]), r["uom"], line_no=n)
        for n, r in enumerate(rows(case, name), start=1)
    ]


def demands(case: str, zone: str = "UTC") -> list[MrpDemand]:
    """demand.csv: customer orders on the owner of the item."""
    owner = {r["item_code"]: r["owner_member"] for r in rows(case, "items.csv")}
    out = []
    for r in rows(case, "demand.csv"):
        due = datetime.fromisoformat(r.get("due_date") or r["due"])
        due = due if due.tzinfo else due.replace(tzinfo=UTC)
        out.append(MrpDemand(f"{r['order_id']}/1", owner[r["item_code"]], r["item_code"], Decimal(r["qty"]), due))
    return out


class HazardFiles:
    """The readers above, handed to tests as one fixture."""

    rows = staticmethod(rows)
    members = staticmethod(members)
    items = staticmethod(items)
    on_hand = staticmethod(on_hand)
    bom = staticmethod(bom)
    demands = staticmethod(demands)


@pytest.fixture
def hz() -> HazardFiles:
    """Readers of the hazard files."""
    return HazardFiles()


@pytest.fixture
def weekly() -> Callable[..., MrpSettings]:
    """Settings of 8 weekly buckets from 2026-06-01 (UTC), as the hazard cases ask."""

    def make(*plans: ItemPlanning, buckets: int = 8, days: int = 7) -> MrpSettings:
        return MrpSettings(START, buckets=buckets, bucket_days=days, timezone="UTC", items=plans)

    return make
