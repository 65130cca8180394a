"""Imported stock, movements, shipments and receipts share the domain's quantity bound."""

from __future__ import annotations

from datetime import UTC, datetime

from onefactory.model import ImportRejected
from onefactory.onboard import ImportOptions, parse

NOW = datetime(2026, 3, 2, tzinfo=UTC)
HUGE = "2000000000000"


def errors(kind: str, text: str, **options: object) -> list[tuple[int, str | None, str]]:
    try:
        parse(kind, text.encode(), "f.csv", member="SUP-KR1", options=ImportOptions(**options))
    except ImportRejected as exc:
        return [(e.row, e.column, e.reason) for e in exc.errors]
    return []


def test_a_stock_count_or_movement_over_the_bound_is_refused_naming_the_row():
    count = errors("inventory", f"item,location,qty\nA,W,5\nB,W,{HUGE}\n", inventory_mode="snapshot")
    assert count == [(2, "qty", f"qty must be at most 1000000000000, got {HUGE}")]
    move = errors("inventory", f"item,location,delta\nA,W,-{HUGE}\n", inventory_mode="movement", received_at=NOW)
    assert move == [(1, "delta", f"delta must be at most 1000000000000, got -{HUGE}")]


def test_a_shipped_or_received_quantity_with_too_many_decimals_is_refused():
    asn = errors(
        "shipments", "asn_id,order_id,line_no,qty,shipped_at\nASN-1,PO-1,1,0.1234567,2026-03-02T09:00Z\n", buyer="LEAD"
    )
    assert asn == [(1, "qty", "qty must have at most 6 decimal places, got 0.1234567")]
    receipt = "receipt_id,asn_id,order_id,line_no,qty,received_at\nGR-1,ASN-1,PO-1,1,1.0000001,2026-03-03T09:00Z\n"
    assert errors("receipts", receipt) == [(1, "qty", "qty must have at most 6 decimal places, got 1.0000001")]
