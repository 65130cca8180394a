"""Notifications between members and alarms on resources, as their owners and
recipients see them."""

from __future__ import annotations

from datetime import datetime

from onefactory.model import Alarm, DataScope, Notification, User
from onefactory.store import Store

from .access import check_read, require_write


def notifications(store: Store, user: User) -> list[Notification]:
    """Notifications the caller's member sent or received, newest first."""
    with store.read() as tx:
        return tx.notifications.for_member(user.member)


def answer(store: Store, user: User, note_id: str, action: str, now: datetime) -> Notification:
    """The recipient acknowledges or closes a notification; the answer keeps the user and time.

    ``action`` is ``acknowledge`` or ``close`` (``acknowledged``/``closed`` are read the same).
    The lifecycle is open -> acknowledged -> closed, open -> closed allowed; repeating the
    current step is a no-op and a step back raises InvalidTransition (HTTP 409) naming
    the current status.
    """
    require_write(user)
    with store.write() as tx:
        note = tx.notifications.get(note_id, user.member)
        answered = note.answered(action, user.id, now)
        if answered is not note:
            tx.notifications.answer(answered)
        return answered


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
