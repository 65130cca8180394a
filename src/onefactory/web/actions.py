"""Which line actions a member may take on an order now (pure).

The answer is found by dry-running the lifecycle rules of ``exchange`` on the
current order, so the buttons can never disagree with what the server accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from onefactory import exchange as ex
from onefactory.model import InvalidData, InvalidTransition, OrderLine, SharedOrder

ORDER = (
    "confirm",
    "reject",
    "accept_change",
    "decline_change",
    "start_production",
    "request_change",
    "close",
    "cancel",
)
NEEDS_REASON = frozenset({"reject", "cancel"})
NEEDS_CHANGE = frozenset({"request_change"})
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def allowed_actions(order: SharedOrder, member: str, lines: Sequence[OrderLine] | None = None) -> dict[int, list[str]]:
    """For each line number (of ``lines``, by default every line), the actions ``member`` may
    take, in a stable order. A line step depends on that line alone, so each line is tried on an
    order holding only that line: the time does not grow with the order's other lines."""
    lines = order.lines if lines is None else lines
    if order.side_of(member) is None:
        return {line.line_no: [] for line in lines}
    actor = ex.actor_for(order, member, "preview")  # type: ignore[arg-type]
    alone = {line.line_no: replace(order, lines=(line,)) for line in lines}
    return {n: [a for a in ORDER if _try(one, n, a, actor)] for n, one in alone.items()}


def _try(order: SharedOrder, line_no: int, action: str, actor: ex.Actor) -> bool:
    fns = {
        "confirm": ex.confirm,
        "reject": ex.reject,
        "request_change": ex.request_change,
        "accept_change": ex.accept_change,
        "decline_change": ex.decline_change,
        "start_production": ex.start_production,
        "close": ex.close,
        "cancel": ex.cancel,
    }
    kwargs: dict[str, object] = {}
    if action in NEEDS_REASON:
        kwargs["reason"] = "preview"
    if action in NEEDS_CHANGE:
        kwargs["qty"] = order.line(line_no).agreed_qty
    try:
        fns[action](order, line_no, actor, _EPOCH, **kwargs)
    except (InvalidTransition, InvalidData):
        return False
    return True
