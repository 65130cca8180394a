"""The pure domain model of a cluster: frozen values, enums and errors; no I/O.

Modules: ``errors`` (error tree), ``units`` (exact quantities), ``cluster``
(members, sites, resources, calendars), ``items`` (items, BOMs, routings),
``orders`` (shared order documents), ``logistics`` (shipments, receipts),
``inventory``, ``production``, ``telemetry`` (readings, alarms, quality,
notifications) and ``access`` (users, grants, access log).
"""

from .access import CLUSTER, AccessLogEntry, DataScope, Grant, User, UserRole
from .cluster import Calendar, Member, MemberRole, Resource, Shift, Site, check_code, check_timezone
from .errors import (
    BackendError,
    BrokerUnavailable,
    Conflict,
    Forbidden,
    ImportRejected,
    Infeasible,
    InvalidData,
    InvalidTransition,
    NotFound,
    OneFactoryError,
    RowError,
    SolverUnavailable,
    StoreUnavailable,
    Unauthorized,
)
from .ids import ItemCode, MemberCode, OrderId, ResourceCode, SiteCode, UserId
from .inventory import MovementKind, StockMovement, StockPosition
from .items import BomLine, Item, ItemKind, RoutingStep, find_bom_cycle
from .logistics import Receipt, ReceiptLine, Shipment, ShipmentLine
from .orders import TERMINAL, ChangeRequest, LineStatus, OrderEvent, OrderLine, SharedOrder, Side
from .production import ProductionOrder, ProductionStatus
from .telemetry import (
    Alarm,
    AlarmStatus,
    InspectionResult,
    Notification,
    NotificationStatus,
    Reading,
    Severity,
)
from .units import ZERO, UomConversion, UomTable, non_negative, positive, to_decimal

__all__ = [
    "CLUSTER",
    "ZERO",
    "TERMINAL",
    "AccessLogEntry",
    "Alarm",
    "AlarmStatus",
    "BackendError",
    "BomLine",
    "BrokerUnavailable",
    "Calendar",
    "ChangeRequest",
    "Conflict",
    "DataScope",
    "Forbidden",
    "Grant",
    "ImportRejected",
    "Infeasible",
    "InspectionResult",
    "InvalidData",
    "InvalidTransition",
    "Item",
    "ItemCode",
    "ItemKind",
    "LineStatus",
    "Member",
    "MemberCode",
    "MemberRole",
    "MovementKind",
    "NotFound",
    "Notification",
    "NotificationStatus",
    "OneFactoryError",
    "OrderEvent",
    "OrderId",
    "OrderLine",
    "ProductionOrder",
    "ProductionStatus",
    "Reading",
    "Receipt",
    "ReceiptLine",
    "Resource",
    "ResourceCode",
    "RoutingStep",
    "RowError",
    "Severity",
    "SharedOrder",
    "Shift",
    "Shipment",
    "ShipmentLine",
    "Side",
    "Site",
    "SiteCode",
    "SolverUnavailable",
    "StockMovement",
    "StockPosition",
    "StoreUnavailable",
    "Unauthorized",
    "UomConversion",
    "UomTable",
    "User",
    "UserId",
    "UserRole",
    "check_code",
    "check_timezone",
    "find_bom_cycle",
    "non_negative",
    "positive",
    "to_decimal",
]
