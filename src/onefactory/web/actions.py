"""Which line actions a member may take on an order now (pure).

The answer is found by dry-running the lifecycle rules of ``exchange`` on the
current order, so the buttons can never disagree with what the server accepts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from onefactory import exchange as ex
from onefactory.model import InvalidData, InvalidTransition, SharedOrder

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


def allowed_actions(order: SharedOrder, member: str) -> dict[int, list[str]]:
    """For each line number, the actions ``member`` may take, in a stable order."""
    if order.side_of(member) is None:
        return {line.line_no: [] for line in order.lines}
    actor = ex.actor_for(order, member, "preview")  # type: ignore[arg-type]
    return {line.line_no: [a for a in ORDER if _try(order, line.line_no, a, actor)] for line in order.lines}


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
