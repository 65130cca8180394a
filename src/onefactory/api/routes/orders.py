"""Shared orders: issue, read, act on lines (optimistic concurrency via If-Match: a stale
version answers 412 Precondition Failed, a step the line's state does not allow 409)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from onefactory.api.deps import IdempotencyKey, Limit, Offset, RuntimeDep, UserDep
from onefactory.api.schemas import ActionIn, OrderDetail, OrderIn, OrderOut, Page
from onefactory.model import InvalidData
from onefactory.services import orders

router = APIRouter(prefix="/orders", tags=["orders"])


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise InvalidData(f'If-Match must be an order version like "3", got {if_match!r}', field="If-Match")
    return int(text)


@router.get("", response_model=Page[OrderOut])
def list_orders(rt: RuntimeDep, user: UserDep, limit: Limit = 50, offset: Offset = 0) -> Page[OrderOut]:
    """Orders where the caller's member is buyer or seller."""
    rows, total = orders.page(rt.store, user, limit, offset)
    return Page(items=[OrderOut.from_domain(o) for o in rows], total=total, limit=limit, offset=offset)


@router.post("", response_model=OrderOut, status_code=201)
def issue(body: OrderIn, rt: RuntimeDep, user: UserDep, response: Response, key: IdempotencyKey = None) -> OrderOut:
    """Issue an order as buyer; it is the seller's sales order at once."""
    order = orders.create(rt.store, user, body.to_domain(user.member, rt.now()), rt.now(), key)
    response.headers["ETag"] = f'"{order.version}"'
    return OrderOut.from_domain(order)


@router.get("/{order_id}", response_model=OrderDetail)
def read(order_id: str, rt: RuntimeDep, user: UserDep, response: Response) -> OrderDetail:
    """One order with its history, shipments and receipts."""
    view = orders.get(rt.store, user, order_id, rt.now())
    response.headers["ETag"] = f'"{view.order.version}"'
    return OrderDetail.from_view(view)


LINE_ACTION_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "The line's state does not allow this step (the detail names the state)"},
    412: {"description": "If-Match names a version other than the order's current one; reload and retry"},
}


@router.post("/{order_id}/lines/{line_no}/{action}", response_model=OrderOut, responses=LINE_ACTION_ERRORS)
def line_action(
    order_id: str,
    line_no: int,
    action: str,
    rt: RuntimeDep,
    user: UserDep,
    response: Response,
    body: ActionIn | None = None,
    key: IdempotencyKey = None,
    if_match: Annotated[str | None, Header()] = None,
) -> OrderOut:
    """confirm, reject, request_change, accept_change, decline_change, start_production, close or cancel.

    Send the order's ETag as ``If-Match`` to act only on the version you read: a stale one
    is refused with 412 Precondition Failed and changes nothing."""
    body = body or ActionIn()
    params = orders.Params(body.qty, body.due_date, body.reason)
    order = orders.act(
        rt.store,
        user,
        order_id,
        line_no,
        action,
        params,
        rt.now(),
        expected_version=_version(if_match),
        idempotency_key=key,
    )
    response.headers["ETag"] = f'"{order.version}"'
    return OrderOut.from_domain(order)


def _tier(t: Any) -> dict[str, Any]:
    return {
        "supplier": t.supplier,
        "customer": t.customer,
        "shared": t.shared,
        "orders": [OrderOut.from_domain(o).model_dump(mode="json") for o in t.orders],
        "children": [_tier(c) for c in t.children],
    }


@router.get("/{order_id}/tiers")
def tiers(order_id: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Every tier under an order: the suppliers' orders that serve it, as far as they are shared."""
    return [_tier(t) for t in orders.tiers(rt.store, user, order_id, rt.now())]
