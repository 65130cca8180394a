"""Shipments (ASN) by sellers and goods receipts by buyers."""

from __future__ import annotations

from fastapi import APIRouter

from onefactory.api.deps import IdempotencyKey, RuntimeDep, UserDep
from onefactory.api.schemas import ReceiptIn, ReceiptOut, ShipmentIn, ShipmentOut
from onefactory.services import orders

router = APIRouter(tags=["goods"])


@router.post("/shipments", response_model=ShipmentOut, status_code=201)
def ship(body: ShipmentIn, rt: RuntimeDep, user: UserDep, key: IdempotencyKey = None) -> ShipmentOut:
    """Send an advance shipping notice; partial and repeated shipments are allowed."""
    shipment = orders.ship(rt.store, user, body.to_domain(user.member, rt.now()), rt.now(), key)
    return ShipmentOut.from_domain(shipment)


@router.post("/receipts", response_model=ReceiptOut, status_code=201)
def receive(body: ReceiptIn, rt: RuntimeDep, user: UserDep, key: IdempotencyKey = None) -> ReceiptOut:
    """Post a goods receipt. Less than shipped or agreed is fine; more is flagged up to the line's
    over-receipt tolerance (its own, else the setting receipt_over_tolerance_pct) and refused
    beyond it with a 422 naming the ordered, already received and attempted quantities."""
    tolerance = rt.settings.receipt_over_tolerance_pct
    receipt = orders.receive(
        rt.store, user, body.to_domain(user.member, rt.now()), rt.now(), key, tolerance_pct=tolerance
    )
    return ReceiptOut.from_domain(receipt)
