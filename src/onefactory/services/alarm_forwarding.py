"""Forwarding alarms to an MQTT topic built from the member and the machine name.

Machine names are user data and may hold a tab, NUL, ``#``, ``+``, a newline or
70 KB of text; put in a topic as they are, the broker disconnects the client and
a QoS 1 client replays the bad packet after every reconnect. Every value put in
the template therefore goes through ``ingest.safe_level`` (percent-encoding,
a hashed cut for long text), so every alarm is published on a valid topic, and
Korean names stay readable: ``프레스-5`` -> ``alarms/SUP-KR1/프레스-5``.

Example:
    >>> from datetime import datetime, UTC
    >>> from onefactory.model import Alarm
    >>> a = Alarm("al-1", "SUP-KR1", "M-193", "temp-high", "major", "raised", datetime(2026, 3, 1, tzinfo=UTC))
    >>> forward_topic(ForwardRule(), a, "Press#1")
    'alarms/SUP-KR1/Press%231'
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from onefactory.ingest import safe_level
from onefactory.ingest.topics import split_topic
from onefactory.model import Alarm, BrokerUnavailable, InvalidData
from onefactory.store import Store, Unit

from .alarms import Change, alarm_payload

FIELDS = frozenset({"member", "resource", "machine_name", "signal", "severity", "kind"})
FORWARDED = frozenset({"raised", "re-raised"})


class Publisher(Protocol):
    """Publishes one MQTT message (``ingest.Publisher``)."""

    def publish(self, topic: str, payload: bytes | str, qos: int | None = None, retain: bool = False) -> None: ...


@dataclass(frozen=True, slots=True)
class ForwardRule:
    """Publish raised alarms on ``topic_template`` with ``qos``."""

    topic_template: str = "alarms/{member}/{machine_name}"
    qos: int = 1

    def __post_init__(self) -> None:
        names = {f for _, f, _, _ in string.Formatter().parse(self.topic_template) if f is not None}
        unknown = names - FIELDS
        if unknown:
            raise InvalidData(
                f"topic template field {sorted(unknown)[0]!r} unknown; use {sorted(FIELDS)}", field="topic_template"
            )
        if self.qos not in (0, 1, 2):
            raise InvalidData(f"qos must be 0, 1 or 2, got {self.qos}", field="qos")


@dataclass(frozen=True, slots=True)
class Forwarded:
    """The outcome for one alarm: its topic, or why it was not published."""

    alarm_id: str
    topic: str
    error: str = ""


def forward_topic(rule: ForwardRule, alarm: Alarm, machine_name: str) -> str:
    """The topic for ``alarm``; every value is made a safe topic level."""
    values = {
        "member": alarm.member,
        "resource": alarm.resource,
        "machine_name": machine_name or alarm.resource,
        "signal": alarm.signal or "-",
        "severity": alarm.severity.value,
        "kind": alarm.kind,
    }
    topic = rule.topic_template.format(**{k: safe_level(v) for k, v in values.items()})
    split_topic(topic)  # the template itself may still be bad: refuse it here, never at the broker
    return topic


def forward(store: Store, publisher: Publisher, rule: ForwardRule, changes: Sequence[Change]) -> list[Forwarded]:
    """Publish newly raised alarms; one outcome per alarm (a failure never stops the others)."""
    raised = [c.alarm for c in changes if c.kind in FORWARDED]
    with store.read() as tx:
        names = {a.id: _name(tx, a) for a in raised}
    out = []
    for alarm in raised:
        try:
            topic = forward_topic(rule, alarm, names[alarm.id])
            publisher.publish(topic, json.dumps(alarm_payload(alarm), ensure_ascii=False), qos=rule.qos)
        except (InvalidData, BrokerUnavailable) as exc:
            out.append(Forwarded(alarm.id, "", str(exc)))
            continue
        out.append(Forwarded(alarm.id, topic))
    return out


def _name(tx: Unit, alarm: Alarm) -> str:
    resource = tx.resources.find(alarm.member, alarm.resource)
    return resource.name if resource is not None and resource.name else alarm.resource
