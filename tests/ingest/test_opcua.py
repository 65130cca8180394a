"""OpcUaCollector against a real in-process asyncua Server on a free localhost port (no mocks)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from asyncua import ua

from onefactory.config import Settings
from onefactory.ingest import OpcUaCollector, OpcUaConfig, OpcUaNode, load_config
from onefactory.model import OpcUaUnavailable
from onefactory.platform import Platform

from .conftest import Collector, free_port
from .opcua_server import LinkProxy, OpcUaTestServer

pytestmark = pytest.mark.timeout(60)
T0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


def node(name: str, signal: str, kind: str = "number") -> OpcUaNode:
    return OpcUaNode(f"ns=2;s={name}", "SUP-KR1", "M-061", signal, site="S1", kind=kind)  # type: ignore[arg-type]


def collector_for(server: OpcUaTestServer, nodes: list[OpcUaNode], sink: Collector, **kwargs) -> OpcUaCollector:
    config = OpcUaConfig(server.endpoint, tuple(nodes), sampling_interval_ms=50)
    kwargs.setdefault("flush_ms", 20)
    return OpcUaCollector(config, sink.on_batch, sink.on_reject, **kwargs)


@pytest.fixture
def server():
    variables = {
        "Temp": (0.0, ua.VariantType.Double),
        "Count": (0, ua.VariantType.UInt32),
        "Alarm": (False, ua.VariantType.Boolean),
        "Line1.M061.Alarm": (0, ua.VariantType.Int32),
        "Text": ("0", ua.VariantType.String),
    }
    running = OpcUaTestServer(free_port(), variables).start()
    yield running
    running.stop()


def settle(sink: Collector, count: int) -> None:
    """Wait for the first value of each of ``count`` nodes (sent on subscribing), then forget them."""
    assert sink.wait_for(lambda c: len(c.readings) + len(c.rejections) >= count)
    time.sleep(0.2)
    sink.readings.clear()
    sink.rejections.clear()


def test_values_written_on_the_server_arrive_as_readings_with_their_source_time(server, collector):
    nodes = [node("Temp", "temp_c"), node("Count", "counter"), node("Alarm", "alarm", "boolean")]
    with collector_for(server, nodes, collector) as opc:
        assert opc.wait_connected(10)
        settle(collector, 3)
        server.write("Temp", 21.5, T0)
        server.write("Count", 4_000_000_000, T0 + timedelta(seconds=1))
        server.write("Alarm", True, (T0 + timedelta(seconds=2)).astimezone(ZoneInfo("Asia/Seoul")))
        server.write("Temp", -3.25, T0 + timedelta(seconds=3))
        assert collector.wait_for(lambda c: len(c.readings) == 4)
    got = sorted((r.ts, r.member, r.site, r.resource, r.signal, r.value) for r in collector.readings)
    assert got == [
        (T0, "SUP-KR1", "S1", "M-061", "temp_c", 21.5),
        (T0 + timedelta(seconds=1), "SUP-KR1", "S1", "M-061", "counter", 4e9),
        (T0 + timedelta(seconds=2), "SUP-KR1", "S1", "M-061", "alarm", 1.0),
        (T0 + timedelta(seconds=3), "SUP-KR1", "S1", "M-061", "temp_c", -3.25),
    ]
    assert all(r.ts.tzinfo == UTC for r in collector.readings)
    assert collector.rejections == [] and opc.stats.connects == 1


def test_bad_values_are_rejected_with_reasons_naming_the_node_while_good_ones_flow(server, collector):
    """H006 over OPC UA (an Int32 123 on a boolean channel) plus H005's non-finite values."""
    nodes = [
        node("Temp", "temp"),
        node("Text", "temp_text"),
        node("Alarm", "pump_on"),
        node("Line1.M061.Alarm", "alarm", "boolean"),
    ]
    with collector_for(server, nodes, collector) as opc:
        assert opc.wait_connected(10)
        settle(collector, 4)
        before = (opc.stats.readings, opc.stats.rejections)
        writes = [
            ("Line1.M061.Alarm", 123),  # integer into a boolean channel: H006's OPC UA variant
            ("Temp", float("nan")),
            ("Text", "23,5"),
            ("Text", "test_data"),
            ("Alarm", True),  # boolean into a numeric channel
            ("Temp", float("inf")),
            ("Temp", 23.5),
            ("Text", "100.00"),  # a plain decimal in text is read, as the MQTT codec does
        ]
        for i, (name, value) in enumerate(writes):
            server.write(name, value, T0 + timedelta(seconds=i))
        server.write("Temp", 24.0, T0 + timedelta(seconds=9), status=ua.StatusCodes.BadSensorFailure)
        server.write("Temp", 24.5, T0 + timedelta(seconds=10))
        assert collector.wait_for(lambda c: len(c.readings) == 3 and len(c.rejections) == 7)
    assert sorted((r.signal, r.value) for r in collector.readings) == [
        ("temp", 23.5),
        ("temp", 24.5),
        ("temp_text", 100.0),
    ]
    reasons = {reason for _, _, reason in collector.rejections}
    assert reasons == {
        "node ns=2;s=Line1.M061.Alarm (alarm): type mismatch: boolean channel, server sent Int32 123",
        "node ns=2;s=Temp (temp): non-finite value nan (Double)",
        "node ns=2;s=Text (temp_text): decimal comma in '23,5'; send a JSON number with a point",
        "node ns=2;s=Text (temp_text): text 'test_data' is not a plain decimal number",
        "node ns=2;s=Alarm (pump_on): type mismatch: numeric channel, server sent Boolean true",
        "node ns=2;s=Temp (temp): non-finite value inf (Double)",
        "node ns=2;s=Temp (temp): status BadSensorFailure, not Good",
    }
    topic, payload, _ = next(r for r in collector.rejections if "Int32" in r[2])
    assert topic == "of/SUP-KR1/S1/M-061/alarm"  # filed under the member, like an MQTT dead letter
    assert json.loads(payload)["value"] == 123 and json.loads(payload)["node_id"] == "ns=2;s=Line1.M061.Alarm"
    assert (opc.stats.readings - before[0], opc.stats.rejections - before[1]) == (3, 7)


def test_a_bad_node_id_is_reported_by_name_and_the_other_nodes_still_subscribe(server, collector):
    nodes = [node("Nope", "ghost"), OpcUaNode("ns=x;s=Temp", "SUP-KR1", "M-061", "typo"), node("Temp", "temp")]
    with collector_for(server, nodes, collector) as opc:
        assert opc.wait_connected(10)
        settle(collector, 1)
        server.write("Temp", 22.0, T0)
        assert collector.wait_for(lambda c: len(c.readings) == 1)
        assert server.counts() == (1, 1)
    assert [(r.signal, r.value) for r in collector.readings] == [("temp", 22.0)]
    refused = opc.stats.refused_nodes
    assert set(refused) == {"ns=2;s=Nope", "ns=x;s=Temp"}
    assert "BadNodeIdUnknown" in refused["ns=2;s=Nope"] and "ns=2;s=Nope" in refused["ns=2;s=Nope"]
    assert "'ns=x;s=Temp' is not valid OPC UA syntax" in refused["ns=x;s=Temp"]


def test_no_server_at_start_raises_opcua_unavailable_naming_the_endpoint(collector):
    config = OpcUaConfig(f"opc.tcp://127.0.0.1:{free_port()}/none/", (node("Temp", "temp"),))
    opc = OpcUaCollector(config, collector.on_batch, collector.on_reject, timeout_s=1.0)
    with pytest.raises(OpcUaUnavailable, match=r"opc\.tcp://127\.0\.0\.1:\d+/none/"):
        opc.start(wait_s=1.5)
    assert opc.stats.connects == 0 and not opc.connected


def wall_clock() -> tuple[float, int]:
    """H023's server values: temp and counter are functions of seconds since midnight UTC."""
    s = time.time() % 86400
    return 20.0 + (s % 600) / 10.0, int(s)


def since_midnight(ts: datetime) -> int:
    return int((ts - ts.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds())


def test_h023_server_restart_collection_resumes_with_one_subscription_and_a_recorded_gap(shared, collector):
    """H023 with its node file and server values, times scaled down (60 s / 20 s / 60 s of the
    case become about 2 s of data, 3 s down plus the restart, 2 s of data) so the test stays under 20 s."""
    config = load_config(shared / "hazards" / "H023" / "nodes.json")
    port = free_port()
    opc_config = OpcUaConfig(f"opc.tcp://127.0.0.1:{port}/h023/", config.nodes, config.sampling_interval_ms)
    assert [n.node_id for n in config.nodes] == ["ns=2;s=Line1.M231.Temp", "ns=2;s=Line1.M231.Counter"]
    temp, counter = wall_clock()
    variables = {
        "Line1.M231.Temp": (temp, ua.VariantType.Double),
        "Line1.M231.Counter": (counter, ua.VariantType.UInt32),
    }
    server = OpcUaTestServer(port, variables, "/h023/")

    def tick() -> dict[str, float | int]:
        temp, counter = wall_clock()
        return {"Line1.M231.Temp": temp, "Line1.M231.Counter": counter}

    server.start().tick(0.5, tick)
    opc = OpcUaCollector(opc_config, collector.on_batch, collector.on_reject, flush_ms=50, max_backoff_s=2.0)
    try:
        opc.start(wait_s=10)
        assert collector.wait_for(lambda c: sum(r.signal == "counter" for r in c.readings) >= 2)
        assert server.counts() == (1, 2)

        stopped_at = datetime.now(UTC)
        server.stop()
        assert collector.wait_for(lambda c: not opc.connected, timeout_s=10)
        assert opc.stats.lost_at is not None and opc.stats.lost_at - stopped_at <= timedelta(seconds=10)
        time.sleep(3)
        restarting_at = datetime.now(UTC)
        server.start().tick(0.5, tick)
        back_at = datetime.now(UTC)

        assert collector.wait_for(lambda c: any(r.ts > restarting_at for r in c.readings), timeout_s=10)
        assert opc.wait_connected(1) and (datetime.now(UTC) - back_at) <= timedelta(seconds=10)
        assert collector.wait_for(lambda c: sum(r.ts > back_at and r.signal == "counter" for r in c.readings) >= 2)
        assert server.counts() == (1, 2)  # re-created once: not 4 items, not 0
    finally:
        opc.stop()
        server.stop()

    inside = [r for r in collector.readings if stopped_at < r.ts < restarting_at]
    assert inside == []  # no repeated last value, no flat line in the downtime
    after = [r for r in collector.readings if r.ts > restarting_at and r.signal == "counter"]
    assert after and all(abs(r.value - since_midnight(r.ts)) <= 1 for r in after)  # fresh values, not a replay
    assert {(r.member, r.resource) for r in collector.readings} == {("SUP-KR1", "M-231")}
    [gap] = opc.stats.gaps
    downtime_s = (back_at - stopped_at).total_seconds()
    assert (gap.member, gap.resource) == ("SUP-KR1", "M-231")
    assert gap.start <= stopped_at and gap.end >= restarting_at
    assert downtime_s <= gap.seconds <= downtime_s + 10
    assert (opc.stats.connects, opc.stats.losses, opc.stats.rejections) == (2, 1, 0)
    assert opc.stats.readings == len(collector.readings)


def test_platform_with_opcua_config_stores_readings_and_feeds_the_alarm_monitor(server, tmp_path):
    """``onefactory up`` with ``opcua_config``: batches take the MQTT path (store + alarms), refusals
    become the member's dead letters; here without the MQTT broker (``telemetry=False``)."""
    mapping = {
        "endpoint": server.endpoint,
        "member": "SEOHAN",
        "site": "S1",
        "device": "OPC-1",
        "sampling_interval_ms": 50,
        "nodes": [{"node_id": "ns=2;s=Temp", "channel": "temp_c"}, {"node_id": "ns=2;s=Text", "channel": "note"}],
    }
    (tmp_path / "opcua.json").write_text(json.dumps(mapping), encoding="utf-8")
    platform = Platform(Settings(data_dir=tmp_path, telemetry=False, opcua_config=tmp_path / "opcua.json"))
    platform.start()
    try:
        assert platform.opcua is not None and platform.opcua.connected
        server.write("Temp", 21.5, T0)
        server.write("Text", "test_data", T0)
        store = platform.runtime.store
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (
            platform.opcua.stats.readings >= 2 and platform.alarms.stats.readings >= 2
        ):
            time.sleep(0.1)
        with store.read() as tx:
            stored = tx.readings.range("SEOHAN", "OPC-1", "temp_c")
            letters = tx.dead_letters.of("SEOHAN")
    finally:
        platform.stop()
    assert (T0, 21.5, "S1") in [(r.ts, r.value, r.site) for r in stored]
    assert [(d["topic"], d["reason"]) for d in letters if "test_data" in d["reason"]] == [
        ("of/SEOHAN/S1/OPC-1/note", "node ns=2;s=Text (note): text 'test_data' is not a plain decimal number")
    ]
    assert platform.alarms.stats.readings >= 2  # the same batches reached the alarm monitor


def test_a_silent_link_is_noticed_by_the_watchdog_within_10_s_and_collection_resumes(server, collector):
    """The link stops passing bytes without closing (H023's loss without a reset): only the
    watchdog can tell. Documented: noticed within 2 * watchdog_s (2 s by default)."""
    proxy = LinkProxy(server.port).start()
    config = OpcUaConfig(f"opc.tcp://127.0.0.1:{proxy.port}/test/", (node("Temp", "temp"),), 50)
    opc = OpcUaCollector(config, collector.on_batch, collector.on_reject, flush_ms=20, max_backoff_s=1.0)
    try:
        opc.start(wait_s=10)
        settle(collector, 1)
        proxy.freeze()
        frozen_at = datetime.now(UTC)
        assert collector.wait_for(lambda c: not opc.connected, timeout_s=10)
        assert opc.stats.lost_at is not None and opc.stats.lost_at - frozen_at <= timedelta(seconds=5)
        proxy.thaw()
        assert opc.wait_connected(10)
        server.write("Temp", 22.0, T0)
        assert collector.wait_for(lambda c: [r.value for r in c.readings] == [22.0])
    finally:
        opc.stop()
        proxy.stop()
    assert (opc.stats.connects, opc.stats.losses) == (2, 1)
