"""Between companies: the shared order lifecycle and the goods flowing against it
(``lifecycle``, ``flows``), and who may see whose data (``visibility``).
All pure: the store persists what these functions return.
"""

from .flows import ReceiptCheck, flow_status, receive, reissue, ship
from .lifecycle import (
    Actor,
    Transition,
    accept_change,
    actor_for,
    cancel,
    close,
    confirm,
    decline_change,
    reject,
    request_change,
    start_production,
)
from .visibility import can_read, reading_basis

__all__ = [
    "Actor",
    "ReceiptCheck",
    "Transition",
    "accept_change",
    "actor_for",
    "can_read",
    "cancel",
    "close",
    "confirm",
    "decline_change",
    "flow_status",
    "reading_basis",
    "receive",
    "reissue",
    "reject",
    "request_change",
    "ship",
    "start_production",
]
