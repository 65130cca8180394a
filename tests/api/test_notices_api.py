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


def _closed(client, seeded, kind="disruption"):
    with seeded.write() as tx:
        tx.notifications.add(Notification("n-9", "SUP-A", "LEAD", kind, "PO-1 at risk", NOW))
    assert client.post("/api/v1/notifications/n-9/close", headers=auth("LEAD")).status_code == 200


def test_a_closed_notification_cannot_be_acknowledged_again(client, seeded):
    _closed(client, seeded)
    again = client.post("/api/v1/notifications/n-9/acknowledge", headers=auth("LEAD"))
    assert again.status_code == 409
    assert again.json()["detail"] == "notification n-9 is closed; it cannot be acknowledged again"
    [note] = client.get("/api/v1/notifications", headers=auth("LEAD")).json()
    assert (note["status"], note["acknowledged_by"], note["closed_by"]) == ("closed", None, "lead-admin")


def test_an_answer_records_who_and_when_and_a_repeat_changes_nothing(client, seeded):
    with seeded.write() as tx:
        tx.notifications.add(Notification("n-8", "SUP-A", "LEAD", "disruption", "PO-1 at risk", NOW))
    first = client.post("/api/v1/notifications/n-8/acknowledge", headers=auth("LEAD")).json()
    assert (first["status"], first["acknowledged_by"], first["acknowledged_at"]) == (
        "acknowledged", "lead-admin", NOW.isoformat().replace("+00:00", "Z"),
    )  # fmt: skip
    assert (first["closed_by"], first["closed_at"]) == (None, None)
    assert client.post("/api/v1/notifications/n-8/acknowledge", headers=auth("LEAD")).json() == first
    closed = client.post("/api/v1/notifications/n-8/close", headers=auth("LEAD")).json()
    assert (closed["status"], closed["acknowledged_by"], closed["closed_by"]) == ("closed", "lead-admin", "lead-admin")
    assert client.post("/api/v1/notifications/n-8/close", headers=auth("LEAD")).json() == closed
