"""A unit of work: every repository bound to one connection (one transaction)."""

from __future__ import annotations

from sqlalchemy import Connection

from .access import AccessLog, Grants, Users
from .cluster import Members, Resources, Sites
from .events import Events
from .goods import Receipts, Shipments, Stock
from .masterdata import Boms, Items, Routings, Uoms
from .meta import Meta
from .orders import Orders
from .signals import Alarms, DeadLetters, Inspections, Notifications, ProductionOrders, Readings


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
        self.dead_letters = DeadLetters(conn)
        self.alarms = Alarms(conn)
        self.notifications = Notifications(conn)
        self.inspections = Inspections(conn)
        self.meta = Meta(conn)
