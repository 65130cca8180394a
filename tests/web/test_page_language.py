"""Korean pages hold no English internals: notice kinds, alarm rules, error pages and the
fixed sentences engines write (chart notes) read in the page language."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from onefactory.model import Characteristic, ChartKind, InspectionResult, Item, Severity, User, UserRole
from onefactory.monitor.alarms import Condition
from onefactory.services import alarms, quality

from .conftest import NOW


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="(\w+)"', html).group(1)


@pytest.fixture
def escalated(runtime) -> str:
    """A robust-z alarm of SUP-B, escalated to its operator and manager."""
    c = Condition("SUP-B", "PRESS-9", "temp_c", "robust-z", Severity.MAJOR, 131.0, NOW, "temp_c 131 anomalous")
    found = alarms.record_changes(runtime.store, [c], NOW)[0].alarm.id
    alarms.escalate_due(runtime.store, NOW + timedelta(minutes=16))
    return found


@pytest.mark.parametrize(("lang", "label"), [("ko", "에스컬레이션"), ("en", "escalation")])
def test_escalation_notices_name_their_kind(login, escalated, lang, label):
    page = login("SUP-B", lang).get("/alarms").text
    rows = re.findall(r'<tr id="notice-[^"]+">(.*?)</tr>', page, re.S)
    assert len(rows) == 2 and all(f"<td>{label}</td>" in row for row in rows)
    assert "notice_kind." not in page


def test_a_built_in_alarm_rule_shows_its_label_beside_the_rule_name(login, escalated):
    page = login("SUP-B", "ko").get("/alarms").text
    row = page[page.index(f'id="alarm-{escalated}"') :].split("</tr>")[0]
    cell = re.search(r'<td class="alarm-kind">(.*?)</td>', row, re.S).group(1)
    assert cell == '이상값 (로버스트 z 점수)<div class="muted small"><code>robust-z</code></div>'
    assert "temp_c 131 anomalous" in row  # the message is data, as the rule wrote it


def test_a_configured_rule_shows_under_its_own_name() -> None:
    from onefactory.web._context import Page

    page = Page(request=None, runtime=None, user=None, lang="ko")  # type: ignore[arg-type]
    assert (page.alarm_kind("stuck-sensor"), page.alarm_kind("press-temp-high")) == ("센서 값 고정", "press-temp-high")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ko", "양식이 만료되었습니다. 다시 시도해 주세요."), ("en", "The form expired; please try again.")],
)
def test_a_refused_form_token_reads_in_the_page_language(login, escalated, lang, expected):
    resp = login("SUP-B", lang).post(f"/alarms/{escalated}", data={"action": "clear", "csrf": "forged"})
    assert resp.status_code == 403
    assert expected in resp.text and "form token" not in resp.text


def test_an_invalid_form_gets_a_page_in_its_language_and_the_api_keeps_its_problem(login, escalated):
    client = login("SUP-B", "ko")
    csrf = csrf_of(client.get("/alarms").text)
    resp = client.post(f"/alarms/{escalated}?lang=ko", data={"action": "explode", "csrf": csrf})
    assert (resp.status_code, resp.headers["content-type"].split(";")[0]) == (422, "text/html")
    assert "양식이 완전하지 않거나 이 화면에 없는 값이 들어 있습니다. 다시 시도해 주세요." in resp.text
    assert "<code>항목: action</code>" in resp.text and "Input should be" not in resp.text
    api = client.post("/api/v1/orders", json={"nope": 1}, headers={"Authorization": "Bearer tok-lead-admin"})
    assert (api.status_code, api.headers["content-type"]) == (422, "application/problem+json")


def test_the_trial_limits_note_reads_in_korean(runtime, login):
    admin = User("supa", "SUP-A", "SUP-A admin", UserRole.MEMBER_ADMIN)
    spec = Characteristic("SUP-A", "P-100", "bore", ChartKind.I_MR, Decimal("9.4"), Decimal("10.6"), unit="mm")
    with runtime.store.write() as tx:
        tx.items.put_many([Item("SUP-A", "P-100", "Housing")])
    quality.define(runtime.store, admin, [spec])
    values = ["10.01", "9.98", "10.03", "9.97", "10.02"]
    results = [
        InspectionResult("SUP-A", "P-100", f"L{i}", "bore", Decimal(v), NOW + timedelta(hours=i))
        for i, v in enumerate(values)
    ]
    quality.record(runtime.store, admin, results, NOW + timedelta(hours=6))
    url = "/quality?member=SUP-A&item=P-100&characteristic=bore&lang="
    korean = login("SUP-A").get(url + "ko").text
    assert '<p class="banner warn">시험 관리한계: 5점으로 계산했습니다. 20점이 모이면 고정됩니다</p>' in korean
    assert "trial limits" not in korean
    english = login("SUP-A").get(url + "en").text
    assert '<p class="banner warn">trial limits from 5 points; they are held once 20 points exist</p>' in english


@pytest.mark.parametrize(("lang", "label"), [("ko", "최적"), ("en", "optimal")])
def test_the_plan_list_names_the_solver_status_in_the_page_language(runtime, login, lang, label):
    from onefactory.services import planning

    planner = User("lead-admin", "LEAD", "LEAD admin", UserRole.MEMBER_ADMIN)
    planning.run(runtime.store, planner, NOW, planning.PlanRequest(horizon_days=14))
    page = login("LEAD", lang).get("/plans").text
    row = re.search(r'<tbody><tr><td><a href="/plans/[^"]+">.*?</tr>', page, re.S).group(0)
    assert re.findall(r"<td>(.*?)</td>", row)[3] == label  # id, created, by, status, note
