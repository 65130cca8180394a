"""Alarm pages: the list with acknowledge and escalation state, notices answered from the
page, and the order page's "alarms putting this order at risk"."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from onefactory.model import ProductionOrder, Severity
from onefactory.monitor.alarms import Condition
from onefactory.services import alarms

from .conftest import NOW


@pytest.fixture
def alarm_id(runtime) -> str:
    """SUP-B's press alarm: PO-2001 (SUP-A buys from SUP-B) and PO-1001 above it are at risk."""
    mo = ProductionOrder(
        "SUP-B", "MO-B1", "P-100", Decimal(100), "PRESS-9", NOW, NOW + timedelta(days=2), serves_order="PO-2001"
    )
    with runtime.store.write() as tx:
        tx.production.put_many([mo])
    c = Condition("SUP-B", "PRESS-9", "temp_c", "temp-high", Severity.CRITICAL, 131.0, NOW, "temp_c 131 > 100")
    found = alarms.record_changes(runtime.store, [c], NOW)[0].alarm.id
    alarms.escalate_due(runtime.store, NOW + timedelta(minutes=16))
    return found


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="(\w+)"', html).group(1)


def test_owner_sees_escalation_state_and_acknowledges_from_the_page(login, alarm_id):
    client = login("SUP-B")
    page = client.get("/alarms").text
    row = page[page.index(f'id="alarm-{alarm_id}"') :].split("</tr>")[0]
    assert "Step 1: SUP-B · operator" in row and "Step 2: SUP-B · manager" in row
    assert 'data-action="acknowledge"' in row and "critical" in row
    done = client.post(f"/alarms/{alarm_id}", data={"action": "acknowledge", "csrf": csrf_of(page)})
    assert done.status_code == 303
    after = client.get(done.headers["location"]).text
    assert "Alarm acknowledged." in after
    row = after[after.index(f'id="alarm-{alarm_id}"') :].split("</tr>")[0]
    assert 'data-status="acknowledged"' in row and 'data-action="acknowledge"' not in row
    assert client.post(f"/alarms/{alarm_id}", data={"action": "clear", "csrf": "forged"}).status_code == 403


def test_escalation_roles_read_in_the_page_language(login, alarm_id):
    page = login("SUP-B", "ko").get("/alarms").text
    row = page[page.index(f'id="alarm-{alarm_id}"') :].split("</tr>")[0]
    assert "SUP-B · 작업자" in row and "SUP-B · 관리자" in row and "operator" not in row


def test_a_role_outside_the_catalogue_shows_as_configured() -> None:
    from onefactory.web._context import Page

    page = Page(request=None, runtime=None, user=None, lang="ko")  # type: ignore[arg-type]
    assert page.role("quality-engineer") == "품질 엔지니어"
    assert page.role("야간 반장") == "야간 반장"


def test_customer_answers_its_disruption_notice_and_cannot_ack_the_alarm(login, alarm_id):
    client = login("LEAD", "ko")
    page = client.get("/alarms").text
    assert "확인" in page and alarm_id in page
    assert f'action="/alarms/{alarm_id}"' not in page  # no buttons on another member's alarm
    note_id = re.search(r'id="notice-(nt-\w+)"', page).group(1)
    csrf = csrf_of(page)
    assert client.post(f"/notifications/{note_id}", data={"action": "acknowledged", "csrf": csrf}).status_code == 303
    closed = client.post(f"/notifications/{note_id}", data={"action": "closed", "csrf": csrf})
    assert "알림을 종료했습니다." in client.get(closed.headers["location"]).text
    assert client.post(f"/alarms/{alarm_id}", data={"action": "acknowledge", "csrf": csrf}).status_code == 403


def test_order_page_shows_the_alarm_putting_it_at_risk(login, alarm_id):
    page = login("LEAD").get("/orders/PO-1001").text
    section = page[page.index('id="order-alarms"') :].split("</section>")[0]
    assert "Alarms putting this order at risk" in section
    assert f'data-alarm="{alarm_id}"' in section and "PRESS-9" in section
    assert "served by PO-2001, which is at risk from supplier alarm" in section
    quiet = login("SUP-A").get("/orders/PO-9999")
    assert quiet.status_code == 404
