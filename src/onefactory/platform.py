"""Everything ``onefactory up`` runs besides the web server: the store, the demo
cluster on first start, the MQTT broker (embedded unless an external one is
given), telemetry ingest into the store (MQTT, and OPC UA when ``opcua_config`` is
set), the demo's live sensor replay, and the periodic telemetry retention step."""

from __future__ import annotations

import json
import logging
import secrets
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onefactory.config import Settings
from onefactory.model import InvalidData
from onefactory.monitor.rules import AlarmRules
from onefactory.runtime import Runtime, open_runtime, utc_now
from onefactory.services import telemetry
from onefactory.services.alarm_monitor import AlarmMonitor
from onefactory.services.retention import RetentionLoop

if TYPE_CHECKING:
    from onefactory.ingest import OpcUaCollector, OpcUaConfig
    from onefactory.ingest.cardinality import SeriesGuard

log = logging.getLogger(__name__)
SERVICE_USER = "onefactory"
BACKFILL = 288  # samples stored at start so charts have history (one day of 5-minute data)
OPCUA_WAIT_S = 3.0  # how long `up` waits for the first OPC UA session before going on without it


@dataclass
class Platform:
    """Starts and stops the platform's parts in order."""

    settings: Settings
    clock: Callable[[], datetime] = utc_now
    runtime: Runtime = field(init=False)
    demo_accounts: list[tuple[str, str]] = field(default_factory=list)
    _stops: list[Callable[[], None]] = field(default_factory=list)
    alarms: AlarmMonitor = field(init=False)
    guard: SeriesGuard = field(init=False)
    retention: RetentionLoop = field(init=False)
    _backfill: bool = False
    opcua: OpcUaCollector | None = None  # set when ``opcua_config`` is; its ``stats`` show connects and gaps

    def start(self) -> None:
        """Open the store, load the demo if needed, start telemetry."""
        opcua = self._opcua_config()  # a bad mapping file stops `up` before anything runs
        self.runtime = open_runtime(self.settings, self.clock)
        self._load_demo()
        self._make_alarms()
        self.guard = telemetry.open_guard(self.runtime.store, self.settings.series_limit)
        if self.settings.telemetry:
            self._start_broker()
            self._forward_alarms()
        self._stops.append(self.alarms.stop)  # stopped after the ingest, before the broker
        if self.settings.telemetry:
            self._start_ingest()
            self._start_replay()
        if opcua is not None:
            self._start_opcua(opcua)
        self.alarms.start()  # learns from stored history first, then takes the live stream
        self._start_retention()

    def stop(self) -> None:
        """Stop replay, ingest and broker (in that order), then close the store."""
        for stop in reversed(self._stops):
            try:
                stop()
            except Exception:  # a failing part must not keep the others running
                log.exception("stopping %s failed", stop)
        self._stops.clear()
        self.runtime.close()

    def _load_demo(self) -> None:
        from onefactory import demo

        store = self.runtime.store
        if demo.is_loaded(store):
            log.info("demo cluster already loaded; resuming from the stored state")
        elif self.settings.demo or self._store_is_empty():
            demo.load_demo(store, self.clock())
            self._backfill = True
            log.info("demo cluster loaded")
        if demo.is_loaded(store):
            accounts = demo.demo_accounts(demo.build_cluster()).accounts
            self.demo_accounts = [(a.token, f"{a.user.member} · {a.user.name} ({a.user.role.value})") for a in accounts]

    def _store_is_empty(self) -> bool:
        with self.runtime.store.read() as tx:
            return not tx.members.all()

    def _start_broker(self) -> None:
        if self.settings.mqtt_url:
            self.mqtt_url = self.settings.mqtt_url
            return
        from onefactory.ingest import EmbeddedBroker

        password = secrets.token_urlsafe(16)
        users = {SERVICE_USER: password, **self._member_logins()}
        broker = EmbeddedBroker(
            self.settings.mqtt_host,
            self.settings.mqtt_port,
            users=users,
            service_users=(SERVICE_USER,),
            denied=self.runtime.ingest.denied,
        )
        broker.start()
        self._stops.append(broker.stop)
        self.mqtt_url = f"mqtt://{SERVICE_USER}:{password}@{self.settings.mqtt_host}:{self.settings.mqtt_port}"
        log.info("embedded MQTT broker on %s (members log in with their code)", broker.url)

    def _member_logins(self) -> dict[str, str]:
        """Demo members publish as ``<CODE>`` / ``demo-<CODE>``, each only under ``of/<CODE>/#``."""
        from onefactory import demo

        if not demo.is_loaded(self.runtime.store):
            return {}
        with self.runtime.store.read() as tx:
            return {m.code: f"demo-{m.code}" for m in tx.members.all()}

    def _start_retention(self) -> None:
        """Delete telemetry past its retention now and then every ``retention_interval_s``."""
        loop = RetentionLoop(
            self.runtime.store,
            self.clock,
            readings_days=self.settings.readings_retention_days,
            rollups_days=self.settings.rollups_retention_days,
            interval_s=self.settings.retention_interval_s,
        )
        loop.start()
        self._stops.append(loop.stop)
        self.retention = loop

    def _make_alarms(self) -> None:
        """Alarm detection on the live stream, escalations and webhooks."""
        from onefactory.notify import HttpSender

        sender = HttpSender()
        self._stops.append(sender.close)
        self.alarms = AlarmMonitor(
            self.runtime.store,
            alarm_rules(self.settings.alarm_rules_file),
            sender,
            self.clock,
            tick_s=self.settings.alarm_tick_s,
        )

    def _forward_alarms(self) -> None:
        if not self.settings.alarm_forward_topic:
            return
        from onefactory.ingest import Publisher
        from onefactory.services.alarm_forwarding import ForwardRule

        self.alarms.forward_rule = ForwardRule(self.settings.alarm_forward_topic)
        # store and forward: alarms raised while the broker is unreachable go out after reconnecting
        publisher = Publisher(
            self.mqtt_url,
            client_id="onefactory-alarm-forward",
            buffered=True,
            max_packet_bytes=self.settings.mqtt_max_packet_bytes,
        ).connect()
        self._stops.append(publisher.close)
        self.alarms.publisher = publisher

    def _store_batch(self, batch: list[Any]) -> None:
        """Where every ingest's batches go: the series guard, the store, then the alarm monitor."""
        admitted = telemetry.store_guarded(self.runtime.store, self.guard, batch, self.clock(), self.runtime.ingest)
        self.alarms.feed_many(admitted)

    def _store_rejection(self, topic: str, payload: bytes, reason: str) -> None:
        telemetry.dead_letter(self.runtime.store, topic, payload, reason, self.clock(), self.runtime.ingest)

    def _start_ingest(self) -> None:
        from onefactory.ingest import TelemetrySubscriber

        sub = TelemetrySubscriber(
            self.mqtt_url,
            self._store_batch,
            self._store_rejection,
            client_id="onefactory-ingest",
            options=telemetry.decode_options(self.runtime.store),
            # the embedded broker speaks MQTT 3.1.1 only
            receive_maximum=self.settings.mqtt_receive_maximum if self.settings.mqtt_url else 0,
        )
        sub.start()
        self.runtime.parts["mqtt-ingest"] = sub.working
        self._stops.append(sub.stop)

    def _opcua_config(self) -> OpcUaConfig | None:
        if not self.settings.opcua_config:
            return None
        from onefactory.ingest import load_config

        return load_config(self.settings.opcua_config)

    def _start_opcua(self, config: OpcUaConfig) -> None:
        """Collect from the OPC UA server in the mapping file; a server that is down is retried, not fatal."""
        from onefactory.ingest import OpcUaCollector

        self.opcua = OpcUaCollector(config, self._store_batch, self._store_rejection)
        self.opcua.start()
        self._stops.append(self.opcua.stop)
        if self.opcua.wait_connected(OPCUA_WAIT_S):
            log.info("collecting %d OPC UA node(s) from %s", len(config.nodes), config.safe_endpoint)
        else:
            log.warning(
                "OPC UA server %s not reachable yet (%s); retrying in the background",
                config.safe_endpoint,
                self.opcua.stats.last_error or "no answer",
            )

    def _start_replay(self) -> None:
        from onefactory import demo
        from onefactory.ingest import Publisher, replay_series
        from onefactory.model import Reading

        publisher = Publisher(
            self.mqtt_url,
            client_id="onefactory-demo-replay",
            buffered=True,
            max_packet_bytes=self.settings.mqtt_max_packet_bytes,
        ).connect()
        self._stops.append(publisher.close)
        now = self.clock()
        for sig in demo.demo_series():
            rows = list(sig.rows)
            history, live = rows[:BACKFILL], rows[BACKFILL:]
            step = (rows[1][0] - rows[0][0]) if len(rows) > 1 else timedelta(minutes=5)
            back = [
                Reading(sig.member, sig.resource, sig.signal, now - step * (len(history) - i), v, sig.site)
                for i, (_, v) in enumerate(history)
            ]
            if self._backfill:  # history only with a fresh demo, never twice
                telemetry.store_batch(self.runtime.store, back)
            topic = f"of/{sig.member}/{sig.site}/{sig.resource}/{sig.signal}"
            speedup = max(step.total_seconds() * self.settings.replay_rate_hz, 1.0)
            handle = replay_series(publisher, topic, live, speedup=speedup, loop=True, clock=self.clock)
            self._stops.append(handle.stop)


def alarm_rules(path: Path | None) -> AlarmRules:
    """The alarm rules of a JSON or TOML file, or the built-in ones; InvalidData names the file."""
    from onefactory.monitor.rule_config import rules_from_config
    from onefactory.monitor.rules import default_rules

    if path is None:
        return default_rules()
    try:
        text = path.read_text(encoding="utf-8")
        config = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        return rules_from_config(config)
    except (OSError, ValueError) as exc:
        raise InvalidData(f"alarm rules file {path}: {exc}", field="alarm_rules_file") from exc
