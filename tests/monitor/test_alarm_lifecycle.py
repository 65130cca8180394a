"""The alarm state machine, deduplication and escalation timing (pure, injected clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from onefactory.model import AlarmStatus, InvalidData, InvalidTransition, Severity
from onefactory.monitor.alarms import Condition, acknowledge, clear, condition_ended, raise_one
from onefactory.monitor.escalation import (
    CUSTOMER,
    DEFAULT_POLICY,
    OWNER,
    EscalationPolicy,
    EscalationStep,
    due_indexes,
    policy_from_rows,
    resolve_targets,
)

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


def cond(minute: float = 0, value: float = 91.0, severity: str = "major", rule: str = "temp-high") -> Condition:
    return Condition("SUP-KR1", "M-1", "temp_c", rule, Severity(severity), value, T0 + timedelta(minutes=minute))


def test_first_condition_raises_a_new_alarm():
    alarm, kind = raise_one(None, cond(), "al-1")
    assert (kind, alarm.id, alarm.status, alarm.count, alarm.last_seen) == ("raised", "al-1", AlarmStatus.RAISED, 1, T0)
    assert alarm.dedup_key == "SUP-KR1/M-1/temp_c/temp-high"


def test_repeat_updates_count_last_seen_and_worst_severity_not_a_new_alarm():
    alarm, _ = raise_one(None, cond(), "al-1")
    alarm, kind = raise_one(alarm, cond(5, 99.0, "critical"), "al-2")
    alarm, kind2 = raise_one(alarm, cond(7, 93.0, "minor"), "al-3")
    assert (kind, kind2) == ("repeated", "repeated")
    assert (alarm.id, alarm.count, alarm.value) == ("al-1", 3, 93.0)
    assert alarm.last_seen == T0 + timedelta(minutes=7)
    assert alarm.severity is Severity.CRITICAL
    assert alarm.raised_at == T0


def test_other_rule_on_the_same_signal_does_not_join_the_alarm():
    alarm, _ = raise_one(None, cond(), "al-1")
    with pytest.raises(InvalidData, match="does not belong"):
        raise_one(alarm, cond(rule="temp-rate"), "al-2")


def test_ack_then_clear():
    alarm, _ = raise_one(None, cond(), "al-1")
    acked = acknowledge(alarm, "kim", T0 + timedelta(minutes=2))
    assert (acked.status, acked.acknowledged_by) == (AlarmStatus.ACKNOWLEDGED, "kim")
    done = clear(acked, "lee", T0 + timedelta(minutes=9))
    assert (done.status, done.acknowledged_by, done.cleared_at) == (
        AlarmStatus.CLEARED,
        "kim",
        T0 + timedelta(minutes=9),
    )
    with pytest.raises(InvalidTransition):
        acknowledge(done, "kim", T0)
    with pytest.raises(InvalidTransition):
        clear(done, "kim", T0)


def test_condition_ending_unacknowledged_waits_for_an_ack_and_a_repeat_re_raises():
    alarm, _ = raise_one(None, cond(), "al-1")
    quiet = condition_ended(alarm, T0 + timedelta(minutes=4))
    assert quiet is not None and quiet.status is AlarmStatus.CLEARED_UNACKNOWLEDGED
    back, kind = raise_one(quiet, cond(6), "al-2")
    assert (kind, back.id, back.status, back.count, back.cleared_at) == (
        "re-raised",
        "al-1",
        AlarmStatus.RAISED,
        2,
        None,
    )
    acked = acknowledge(condition_ended(back, T0 + timedelta(minutes=8)), "kim", T0 + timedelta(minutes=9))
    assert acked.status is AlarmStatus.CLEARED


def test_condition_ending_after_ack_clears_and_then_a_new_alarm_starts():
    alarm, _ = raise_one(None, cond(), "al-1")
    done = condition_ended(acknowledge(alarm, "kim", T0), T0 + timedelta(minutes=3))
    assert done.status is AlarmStatus.CLEARED and condition_ended(done, T0) is None
    fresh, kind = raise_one(done, cond(10), "al-2")
    assert (kind, fresh.id, fresh.count) == ("raised", "al-2", 1)


def test_person_clearing_a_raised_alarm_acknowledges_it_too():
    alarm, _ = raise_one(None, cond(), "al-1")
    done = clear(alarm, "kim", T0 + timedelta(minutes=1))
    assert (done.status, done.acknowledged_by, done.acknowledged_at) == (
        AlarmStatus.CLEARED,
        "kim",
        T0 + timedelta(minutes=1),
    )


def test_escalation_fires_each_step_once_when_its_time_is_up_without_ack():
    alarm, _ = raise_one(None, cond(), "al-1")
    assert due_indexes(alarm, DEFAULT_POLICY, set(), T0) == [0]
    assert due_indexes(alarm, DEFAULT_POLICY, {0}, T0 + timedelta(minutes=14, seconds=59)) == []
    assert due_indexes(alarm, DEFAULT_POLICY, {0}, T0 + timedelta(minutes=15)) == [1]
    assert due_indexes(alarm, DEFAULT_POLICY, {0, 1}, T0 + timedelta(minutes=45)) == [2]


def test_acknowledged_alarm_escalates_only_by_time_until_cleared():
    alarm, _ = raise_one(None, cond(), "al-1")
    acked = acknowledge(alarm, "kim", T0 + timedelta(minutes=1))
    assert due_indexes(acked, DEFAULT_POLICY, {0}, T0 + timedelta(minutes=239)) == []
    assert due_indexes(acked, DEFAULT_POLICY, {0}, T0 + timedelta(minutes=240)) == [3]
    done = clear(acked, "kim", T0 + timedelta(minutes=100))
    assert due_indexes(done, DEFAULT_POLICY, set(), T0 + timedelta(days=1)) == []


def test_targets_cross_companies():
    step_owner, step_customer = EscalationStep(0, OWNER, "operator"), EscalationStep(30, CUSTOMER, "quality-engineer")
    assert resolve_targets(step_owner, "SUP-KR1", ["SUP-A"]) == ["SUP-KR1"]
    assert resolve_targets(step_customer, "SUP-KR1", ["LEAD", "SUP-A", "SUP-KR1"]) == ["LEAD", "SUP-A"]
    assert resolve_targets(EscalationStep(5, "SUP-B", "manager"), "SUP-KR1", []) == ["SUP-B"]


def test_policy_from_rows_names_the_bad_field():
    policy = policy_from_rows([{"after_min": "0", "target": "@owner", "role": "operator"}])
    assert policy.steps == (EscalationStep(0.0, OWNER, "operator"),)
    with pytest.raises(InvalidData, match="lacks 'role'"):
        policy_from_rows([{"after_min": 5, "target": "@owner"}])
    with pytest.raises(InvalidData, match="after_min must be a number, got 'soon'"):
        policy_from_rows([{"after_min": "soon", "target": "@owner", "role": "x"}])
    with pytest.raises(InvalidData, match="time order"):
        EscalationPolicy((EscalationStep(10, OWNER, "a"), EscalationStep(5, OWNER, "b")))
    with pytest.raises(InvalidData, match="until"):
        EscalationStep(5, OWNER, "a", until="never")  # type: ignore[arg-type]


def test_a_new_alarm_keeps_the_data_time_and_the_platform_time_apart():
    seen = datetime(2026, 3, 1, 4, 50, tzinfo=UTC)
    c = Condition("SUP-A", "PRESS-1", "temp_c", "temp-high", Severity.MAJOR, 150.0, seen, "temp_c 150 > 80")
    alarm, _ = raise_one(None, c, "al-1", seen + timedelta(hours=2))
    assert (alarm.raised_at, alarm.recorded_at) == (seen, seen + timedelta(hours=2))
    assert raise_one(None, c, "al-2")[0].recorded_at == seen
