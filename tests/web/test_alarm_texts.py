"""Alarm messages and notices the platform writes (in English, as data) read in Korean on Korean
pages; English pages, the API and texts the catalogue does not know keep them as written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from alarm_cluster import seed_chain
from onefactory.ingest.cardinality import Trip
from onefactory.model import Reading
from onefactory.monitor.rules import ThresholdRule, default_rules
from onefactory.services import alarms, telemetry
from onefactory.web.notes import translate

from support import NOW


def test_threshold_messages_read_in_korean():
    rule = ThresholdRule("temp-high", "temp_c", above=80, below=5)
    hot, cold = (Reading("SUP-A", "PRESS-1", "temp_c", NOW, v) for v in (85.25, 1.5))
    assert [translate("ko", rule.describe(r)) for r in (hot, cold)] == [
        "temp_c 85.25: 상한 80 초과 (temp-high)",
        "temp_c 1.5: 하한 5 미만 (temp-high)",
    ]


def test_a_detector_message_reads_in_korean():
    rules = default_rules()
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    calm = [Reading("SUP-A", "M-1", "temp", t0 + timedelta(seconds=i), 60 + (i * 7 % 5) * 0.3) for i in range(150)]
    rules.evaluate_many(calm)
    spike = [Reading("SUP-A", "M-1", "temp", t0 + timedelta(seconds=200 + i), 150.0 + i) for i in range(3)]
    (raised,) = rules.evaluate_many(spike)
    score = raised.message.split("score ")[1].split(" ")[0]
    assert translate("ko", raised.message) == f"temp 152: 이상 감지 (점수 {score} ≥ 6, robust-z)"


def test_the_series_limit_message_reads_in_korean():
    condition = telemetry._limit_condition(Trip("SUP-A", "M-77", "sn-991", 500), NOW)
    assert translate("ko", condition.message) == (
        "회원사 SUP-A의 시계열 한도 500개에 도달했습니다: M-77/sn-991 같은 새 시계열은 거부하고 집계합니다 "
        "(리소스나 신호 이름에 일련번호가 들어 있나요?)"
    )


@pytest.fixture
def notes(store):
    """The disruption notices (the press's order and the one a tier above) and the escalation notice
    (the default policy's first step calls the operator at once)."""
    seed_chain(store)
    message = ThresholdRule("temp-high", "temp", above=100).describe(Reading("SUP-KR1", "M-1", "temp", NOW, 150.0))
    c = alarms.Condition("SUP-KR1", "M-1", "temp", "robust-z", "major", 150.0, NOW, message)
    alarm_id = alarms.record_changes(store, [c], NOW)[0].alarm.id
    alarms.escalate_due(store, NOW + timedelta(minutes=1))
    with store.read() as tx:
        found = sorted(tx.notifications.for_member(None), key=lambda n: (n.kind, n.refs.get("depth", "")))
    return alarm_id, [(n.kind, n.subject, n.body) for n in found]


def test_disruption_and_escalation_notices_read_in_korean(notes):
    alarm_id, found = notes
    korean = [(kind, translate("ko", subject), translate("ko", body)) for kind, subject, body in found]
    assert korean == [
        (
            "disruption",
            "PO-2 위험: M-1의 중대 알람 (이상값 (로버스트 z 점수))",
            f"SUP-KR1/M-1의 알람 {alarm_id} (이상값 (로버스트 z 점수)); MO-1에서 이 주문의 P-1을(를) 생산합니다",
        ),
        (
            "disruption",
            "PO-1 위험: 한 단계 아래 공급사의 중대 알람",
            f"공급 주문 PO-2이(가) 공급사 알람 {alarm_id}으로 위험합니다",
        ),
        (
            "escalation",
            "작업자에게 에스컬레이션: M-1의 중대 알람 (이상값 (로버스트 z 점수)), 0분 동안 확인 없음",
            "temp 150: 상한 100 초과 (temp-high)",
        ),
    ]
    assert [(kind, translate("en", s), translate("en", b)) for kind, s, b in found] == found


def test_texts_the_catalogue_does_not_know_are_shown_as_written():
    assert translate("ko", "please check the press, Kim") == "please check the press, Kim"
