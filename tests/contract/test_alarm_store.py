"""The alarm store's batch reads and writes for the monitor, over every store."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from onefactory.model import Alarm, AlarmStatus, Member, MemberRole, Severity

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _alarm(id_, resource, signal, rule, minutes, status=AlarmStatus.RAISED, member="SUP-A"):
    at = AT + timedelta(minutes=minutes)
    return Alarm(id_, member, resource, rule, Severity.MAJOR, status, at, "", signal, rule, last_seen=at, value=1.0)


def test_active_alarms_of_a_members_resources_come_in_one_read_by_key_newest_first_and_move_seen_writes_them(
    any_store,
):
    with any_store.write() as tx:
        for code in ("SUP-A", "SUP-B"):
            tx.members.add(Member(code, code, MemberRole.TIER2, "UTC"))
        tx.alarms.add(_alarm("a1", "M-1", "temp", "robust", 0, AlarmStatus.CLEARED))
        tx.alarms.add(_alarm("a2", "M-1", "temp", "robust", 5, AlarmStatus.ACKNOWLEDGED))
        tx.alarms.add(_alarm("a3", "M-1", "temp", "robust", 9))  # a second open one: the newest wins
        tx.alarms.add(_alarm("a4", "M-2", "rpm", "stuck", 1))
        tx.alarms.add(_alarm("a5", "M-3", "rpm", "stuck", 1))  # a resource not asked for
        tx.alarms.add(_alarm("b1", "M-1", "temp", "robust", 1, member="SUP-B"))
    with any_store.read() as tx:
        active = tx.alarms.active_of("SUP-A", ["M-1", "M-2", "M-1"])
        assert tx.alarms.active_of("SUP-A", []) == {}
    assert {key: a.id for key, a in active.items()} == {("M-1", "temp", "robust"): "a3", ("M-2", "rpm", "stuck"): "a4"}
    seoul = datetime(2026, 6, 1, 18, 30, 15, 250_000, tzinfo=ZoneInfo("Asia/Seoul"))
    moved = [active[("M-1", "temp", "robust")], active[("M-2", "rpm", "stuck")]]
    with any_store.write() as tx:
        tx.alarms.move_seen([replace(moved[0], last_seen=seoul, value=175.5), replace(moved[1], value=-2.0)])
        tx.alarms.move_seen([])
    with any_store.read() as tx:
        got = {a.id: (a.last_seen, a.value, a.status) for a in tx.alarms.many(["a2", "a3", "a4", "b1"])}
    assert got == {
        "a2": (AT + timedelta(minutes=5), 1.0, AlarmStatus.ACKNOWLEDGED),
        "a3": (datetime(2026, 6, 1, 9, 30, 15, 250_000, tzinfo=UTC), 175.5, AlarmStatus.RAISED),
        "a4": (AT + timedelta(minutes=1), -2.0, AlarmStatus.RAISED),
        "b1": (AT + timedelta(minutes=1), 1.0, AlarmStatus.RAISED),
    }
    assert got["a3"][0].tzinfo == UTC
