"""The demo platform turns its replayed real telemetry (SKAB pump, NAB press) into alarms
that put real demo customer orders at risk; the customer gets a disruption notice."""

from __future__ import annotations

import time

from onefactory.config import Settings
from onefactory.platform import Platform

from support import free_port


def test_replayed_sensor_data_raises_an_alarm_that_puts_the_leads_order_at_risk(tmp_path):
    settings = Settings(data_dir=tmp_path, mqtt_port=free_port(), replay_rate_hz=50, demo=True, alarm_tick_s=0.5)
    platform = Platform(settings)
    platform.start()
    try:
        store = platform.runtime.store
        deadline = time.monotonic() + 60
        found = []
        while time.monotonic() < deadline and not found:
            time.sleep(0.5)
            with store.read() as tx:
                found = [a for a in tx.alarms.of("SEOHAN") if a.rule and a.signal.startswith("pump_vibration")]
        assert found, f"no alarm from the replay after 60 s: {platform.alarms.stats}"
        alarm = found[-1]
        assert (alarm.resource, alarm.rule) == ("MODLINE-1", "robust-z")  # SKAB's labelled rotor imbalance
        with store.read() as tx:
            risks = tx.risks.of_alarm(alarm.id)
            notes = [n for n in tx.notifications.for_member("LEAD") if n.refs.get("alarm") == alarm.id]
        assert [(m.order_id, m.buyer, m.via) for m in risks] == [("PO-LEAD-0001", "LEAD", "MO-SEOHAN-0001")]
        assert [(n.kind, n.sender, n.recipient) for n in notes][:1] == [("disruption", "SEOHAN", "LEAD")]
        assert platform.alarms.stats.errors == 0
    finally:
        platform.stop()
