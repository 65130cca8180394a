"""A unit of work: every repository bound to one connection (one transaction)."""

from __future__ import annotations

from sqlalchemy import Connection

from .access import AccessLog, Grants, Users
from .alarms import AlarmEvents, Alarms, Escalations, RiskMarks, Webhooks
from .cluster import Members, Resources, Sites
from .events import Events
from .goods import Receipts, Shipments, Stock
from .masterdata import Boms, Items, Routings, Uoms
from .meta import Meta
from .mrp import MrpRuns
from .orders import Orders
from .plans import Calendars, CustomerOrders, Plans
from .quality import Characteristics, ControlSignals, Evidence, Inspections, SpcStates
from .quality_models import QualityModels
from .rollups import Rollups
from .signals import DeadLetters, Notifications, ProductionOrders, Readings


class Unit:
    """Repositories grouped by aggregate, sharing one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.members = Members(conn)
        self.sites = Sites(conn)
        self.resources = Resources(conn)
        self.items = Items(conn)
        self.boms = Boms(conn)
        self.routings = Routings(conn)
        self.uoms = Uoms(conn)
        self.users = Users(conn)
        self.grants = Grants(conn)
        self.access_log = AccessLog(conn)
        self.events = Events(conn)
        self.orders = Orders(conn)
        self.shipments = Shipments(conn)
        self.receipts = Receipts(conn)
        self.stock = Stock(conn)
        self.production = ProductionOrders(conn)
        self.readings = Readings(conn)
        self.rollups = Rollups(conn)
        self.dead_letters = DeadLetters(conn)
        self.alarms = Alarms(conn)
        self.alarm_events = AlarmEvents(conn)
        self.escalations = Escalations(conn)
        self.risks = RiskMarks(conn)
        self.webhooks = Webhooks(conn)
        self.notifications = Notifications(conn)
        self.inspections = Inspections(conn)
        self.characteristics = Characteristics(conn)
        self.spc_states = SpcStates(conn)
        self.control_signals = ControlSignals(conn)
        self.quality_evidence = Evidence(conn)
        self.calendars = Calendars(conn)
        self.customer_orders = CustomerOrders(conn)
        self.plans = Plans(conn)
        self.mrp = MrpRuns(conn)
        self.quality_models = QualityModels(conn)
        self.meta = Meta(conn)
