"""The quality notice page: its recipient acknowledges, then closes; a closed notice stays closed and
a bad action is shown on the error page."""

from __future__ import annotations

import re

import pytest

from onefactory.model import ChartKind, ChartPoint, Notification, QualityEvidence

from .conftest import NOW


@pytest.fixture
def note_id(runtime) -> str:
    """SUP-A's quality notice to LEAD, with a three-point chart."""
    points = tuple(ChartPoint(i, f"L{i}", NOW, v) for i, v in enumerate([10.0, 10.1, 11.2]))
    evidence = QualityEvidence(
        "nt-q1", "SUP-A", "LEAD", "P-100", "bore", ChartKind.I_MR, "x", "nelson-1", "one point beyond 3 sigma",
        10.05, 9.5, 10.6, points, (2,),
    )  # fmt: skip
    with runtime.store.write() as tx:
        tx.notifications.add(Notification("nt-q1", "SUP-A", "LEAD", "quality", "SPC signal on P-100 bore", NOW))
        tx.quality_evidence.add(evidence)
    return "nt-q1"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_the_recipient_acknowledges_then_closes_and_sees_who_did(login, note_id):
    client = login("LEAD")
    csrf = csrf_of(client.get(f"/quality/notices/{note_id}").text)
    done = client.post(f"/quality/notices/{note_id}", data={"action": "acknowledge", "csrf": csrf})
    assert (done.status_code, done.headers["location"]) == (303, f"/quality/notices/{note_id}?done=acknowledge")
    page = client.get(f"/quality/notices/{note_id}").text
    assert re.search(r'id="notice-status">([^<]+)<', page).group(1) == "acknowledged"
    assert re.search(r'id="notice-acknowledged">acknowledged by lead-admin at \d{4}-\d\d-\d\d \d\d:\d\d KST<', page)
    assert client.post(f"/quality/notices/{note_id}", data={"action": "closed", "csrf": csrf}).status_code == 303
    assert (
        re.search(r'id="notice-status">([^<]+)<', client.get(f"/quality/notices/{note_id}").text).group(1) == "closed"
    )


@pytest.mark.parametrize(
    ("action", "status", "detail"),
    [
        ("open", 422, "unknown action &#39;open&#39;; use acknowledge or close"),
        ("bogus", 422, "unknown action &#39;bogus&#39;; use acknowledge or close"),
        ("acknowledge", 409, "notification nt-q1 is closed; it cannot be acknowledged again"),
    ],
)
def test_a_closed_notice_stays_closed_and_bad_actions_show_the_error_page(login, note_id, action, status, detail):
    client = login("LEAD")
    csrf = csrf_of(client.get(f"/quality/notices/{note_id}").text)
    assert client.post(f"/quality/notices/{note_id}", data={"action": "close", "csrf": csrf}).status_code == 303
    refused = client.post(f"/quality/notices/{note_id}", data={"action": action, "csrf": csrf})
    assert (refused.status_code, refused.headers["content-type"]) == (status, "text/html; charset=utf-8")
    assert detail in refused.text
    assert (
        re.search(r'id="notice-status">([^<]+)<', client.get(f"/quality/notices/{note_id}").text).group(1) == "closed"
    )


def test_the_notice_list_form_takes_the_api_names_and_refuses_others_on_the_error_page(login, note_id):
    client = login("LEAD")
    csrf = csrf_of(client.get("/alarms").text)
    bad = client.post(f"/notifications/{note_id}", data={"action": "open", "csrf": csrf})
    assert (bad.status_code, bad.headers["content-type"]) == (422, "text/html; charset=utf-8")
    done = client.post(f"/notifications/{note_id}", data={"action": "acknowledge", "csrf": csrf})
    assert (done.status_code, done.headers["location"]) == (303, "/alarms?done=notice-acknowledged")
    assert client.post(f"/notifications/{note_id}", data={"action": "close", "csrf": csrf}).status_code == 303
    back = client.post(f"/notifications/{note_id}", data={"action": "acknowledged", "csrf": csrf})
    assert back.status_code == 409 and "it cannot be acknowledged again" in back.text
