"""Example alarms and notifications of the demo scenario (pure).

They show how a machine condition at a tier-2 supplier reaches the orders above
it: GAON's press that makes a part for SEOHAN's module raised a temperature
alarm, which GAON's operator acknowledged, GAON told SEOHAN that ``PO-SEOHAN-0001`` is at
risk, and SEOHAN passed a notice on to LEAD for ``PO-LEAD-0001``. ``load`` records the risk
marks as the platform would have when the alarm was raised. Times are relative to ``now``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from onefactory.model import Alarm, AlarmStatus, MemberCode, Notification, NotificationStatus, ResourceCode, Severity


def demo_alarms(now: datetime) -> tuple[Alarm, ...]:
    """One acknowledged and one open alarm on supplier machines."""
    return (
        Alarm(
            "al-demo-01",
            MemberCode("GAON"),
            ResourceCode("PRESS-1"),
            "high-temperature",
            Severity.MAJOR,
            AlarmStatus.ACKNOWLEDGED,
            now - timedelta(hours=3),
            "machine_temp above its control limit for 40 min",
            "machine_temp",
            acknowledged_at=now - timedelta(hours=2, minutes=50),
            acknowledged_by="gaon.operator",
        ),
        Alarm(
            "al-demo-02",
            MemberCode("SEOHAN"),
            ResourceCode("MODLINE-1"),
            "vibration",
            Severity.MINOR,
            AlarmStatus.RAISED,
            now - timedelta(minutes=50),
            "pump vibration rising on the module line",
            "pump_vibration_1_g",
        ),
    )


def demo_notifications(now: datetime) -> tuple[Notification, ...]:
    """Disruption notices passed up the tiers."""
    return (
        Notification(
            "nt-demo-01",
            MemberCode("GAON"),
            MemberCode("SEOHAN"),
            "disruption",
            "PRESS-1 overheating: PO-SEOHAN-0001 may ship 1 day late",
            now - timedelta(hours=2, minutes=30),
            "Alarm al-demo-01 on PRESS-1; the press is running at reduced speed.",
            NotificationStatus.ACKNOWLEDGED,
            {"order": "PO-SEOHAN-0001", "alarm": "al-demo-01"},
            acknowledged_at=now - timedelta(hours=2, minutes=10),
            acknowledged_by="seohan.admin",
        ),
        Notification(
            "nt-demo-02",
            MemberCode("SEOHAN"),
            MemberCode("LEAD"),
            "disruption",
            "Module MD-0001 for PO-LEAD-0001 at risk (tier-2 press alarm)",
            now - timedelta(hours=2),
            "Our supplier GAON reported a press alarm; we are checking stock of PT-0001.",
            NotificationStatus.OPEN,
            {"order": "PO-LEAD-0001", "alarm": "al-demo-01", "cause": "nt-demo-01"},
        ),
    )
