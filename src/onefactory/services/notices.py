"""Notifications between members and alarms on resources, as their owners and
recipients see them."""

from __future__ import annotations

from datetime import datetime

from onefactory.model import Alarm, DataScope, Notification, NotificationStatus, User
from onefactory.store import Store

from .access import check_read, require_write


def notifications(store: Store, user: User) -> list[Notification]:
    """Notifications the caller's member sent or received, newest first."""
    with store.read() as tx:
        return tx.notifications.for_member(user.member)


def set_notification_status(store: Store, user: User, note_id: str, status: str) -> Notification:
    """The recipient acknowledges or closes a notification."""
    require_write(user)
    new = NotificationStatus(status)
    with store.write() as tx:
        tx.notifications.set_status(note_id, user.member, new)
        return next(n for n in tx.notifications.for_member(user.member) if n.id == note_id)


def alarms(store: Store, user: User, member: str, now: datetime) -> list[Alarm]:
    """Alarms on ``member``'s resources: own, or under a telemetry grant (logged)."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.TELEMETRY, "alarms", now)
        return tx.alarms.of(member)


def dead_letters(store: Store, user: User, limit: int = 100) -> list[dict[str, object]]:
    """Telemetry messages refused for the caller's member, with their reason."""
    with store.read() as tx:
        return tx.dead_letters.of(user.member, limit)
