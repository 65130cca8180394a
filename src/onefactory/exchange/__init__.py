"""Between companies: the shared order lifecycle and the goods flowing against it
(``lifecycle``, ``flows``), which orders serve which (``pegging``), and who
may see whose data (``visibility``).
All pure: the store persists what these functions return.
"""

from .flows import ReceiptCheck, asn_excess, flow_status, receipt_tolerance, receive, reissue, ship
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
from .pegging import PEG_ATTRIBUTE, Tier, serving_orders, sub_tiers
from .visibility import FOREIGN_ORDER, can_read, reading_basis, shown_refs

__all__ = [
    "FOREIGN_ORDER",
    "PEG_ATTRIBUTE",
    "Actor",
    "ReceiptCheck",
    "Tier",
    "Transition",
    "accept_change",
    "actor_for",
    "asn_excess",
    "can_read",
    "cancel",
    "close",
    "confirm",
    "decline_change",
    "flow_status",
    "reading_basis",
    "receipt_tolerance",
    "receive",
    "reissue",
    "reject",
    "request_change",
    "serving_orders",
    "shown_refs",
    "ship",
    "start_production",
    "sub_tiers",
]
