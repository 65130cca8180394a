"""Notifications are answered by their recipient only; alarms follow telemetry grants."""

from onefactory.model import Alarm, AlarmStatus, Notification, Severity

from support import NOW, auth


def test_recipient_acknowledges_then_closes_a_notification(client, seeded):
    with seeded.write() as tx:
        tx.notifications.add(Notification("n-1", "LEAD", "SUP-A", "quality", "Lot 7 out of spec", NOW))
    assert client.post("/api/v1/notifications/n-1/acknowledge", headers=auth("LEAD")).status_code == 404
    assert client.get("/api/v1/notifications", headers=auth("SUP-B")).json() == []
    assert (
        client.post("/api/v1/notifications/n-1/acknowledge", headers=auth("SUP-A")).json()["status"] == "acknowledged"
    )
    assert client.post("/api/v1/notifications/n-1/close", headers=auth("SUP-A")).json()["status"] == "closed"
    assert [n["status"] for n in client.get("/api/v1/notifications", headers=auth("LEAD")).json()] == ["closed"]


def test_alarms_are_shared_under_a_telemetry_grant_only(client, seeded):
    with seeded.write() as tx:
        tx.alarms.add(Alarm("a-1", "SUP-A", "PRESS-1", "stuck", Severity.MAJOR, AlarmStatus.RAISED, NOW, "stuck"))
    assert client.get("/api/v1/members/SUP-A/alarms", headers=auth("LEAD")).status_code == 403
    client.post("/api/v1/grants", json={"grantee": "LEAD", "scope": "telemetry"}, headers=auth("SUP-A"))
    assert [a["id"] for a in client.get("/api/v1/members/SUP-A/alarms", headers=auth("LEAD")).json()] == ["a-1"]
