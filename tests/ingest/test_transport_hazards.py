"""MQTT transport hazards H015, H016, H017, H020, H021 from ../shared/hazards, on the real ingest path.

Each test runs a private Mosquitto (``transport.Mosquitto``) so it can kill,
restart or limit it; the cluster side is ``TelemetrySubscriber`` ->
``services.telemetry`` -> a SQLite store (``transport.Cluster``). Senders are the
hazard tools (``mqtt_replay.py``, ``mqtt_fault_proxy.py``) or the product's own
``Publisher``. The hazard timelines are compressed (``SCALE``) so each test takes
seconds; reconnect delays are set to 1 s accordingly. Fixture messages are
mapped to onefactory topics by ``transport.adapt`` (``seq`` and ``temp`` become
readings; the text ``state`` is refused by the codec's value policy).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from onefactory.config import Settings
from onefactory.ingest import MachineStates, Publisher, packet_bytes, replay_series
from onefactory.model import InvalidData

from .transport import Cluster, FaultProxy, replay, replay_to_end, report, wait_until, write_adapted

pytestmark = [pytest.mark.mqtt, pytest.mark.timeout(60)]
MEMBER = "SUP-KR1"


@pytest.fixture
def hazards(shared: Path) -> Path:
    return shared / "hazards"


@pytest.fixture(params=[0, Settings.model_fields["mqtt_receive_maximum"].default], ids=["mqtt3", "mqtt5"])
def receive_maximum(request: pytest.FixtureRequest) -> int:
    """The subscriber as with the embedded broker (MQTT 3.1.1) and as ``onefactory up`` runs it
    with an existing broker (MQTT 5, ``mqtt_receive_maximum``)."""
    return int(request.param)


def seqs(cluster: Cluster, device: str) -> list[int]:
    return [int(v) for v in cluster.values(MEMBER, device, "seq")]


# H015: the broker restarts empty while the subscriber stays up

H015_SCALE = 0.05  # 1 s of the hazard timeline is 50 ms here: stop at 5 s, start at 8 s, end at 15 s


def _h015_outage(broker, cluster: Cluster) -> float:
    """Kill the broker at timeline 100 s (seq 100 is in) and start it empty at 160 s.

    Returns when it came back, in seconds after the replay's start (seq 1).
    """
    assert wait_until(lambda: 100 in seqs(cluster, "M-151"), 15)
    broker.kill()
    killed = time.monotonic()
    time.sleep(60 * H015_SCALE)
    broker.start()
    return time.monotonic() - killed + 100 * H015_SCALE


def test_h015_ingestion_resumes_by_itself_after_an_empty_broker_restart(
    hazards, mosquitto, tmp_path, caplog, receive_maximum
):
    caplog.set_level(logging.INFO, logger="onefactory.ingest.mqtt")
    case = hazards / "H015"
    broker = mosquitto((case / "mosquitto_no_persistence.conf").read_text(encoding="utf-8"))
    messages = write_adapted(case / "messages.jsonl", tmp_path / "messages.jsonl", H015_SCALE)
    cluster, sent = Cluster(tmp_path), tmp_path / "sent.csv"
    with cluster.subscriber(broker.url, MEMBER, "h015-ingest", receive_maximum=receive_maximum) as sub:
        with replay(hazards / "_tools", messages, broker.port, "--timing", "--report", str(sent)) as run:
            back_at = _h015_outage(broker, cluster)
        assert run.returncode == 0
        assert wait_until(lambda: seqs(cluster, "M-151")[-1:] == [300], 5)
        time.sleep(0.3)  # room for a duplicate to show up
    results = report(sent)
    acked = {seq for seq, result in results.items() if result == "acked"}
    lost = sorted(set(results) - acked)
    stored = seqs(cluster, "M-151")
    late_from = math.ceil((back_at + 30 * H015_SCALE) / H015_SCALE) + 1  # sent 30 s (scaled) after the restart
    assert lost and lost == list(range(lost[0], lost[-1] + 1))  # one gap: what was sent while it was down
    assert 100 <= lost[0] <= 102 and late_from <= 195  # the timeline held: stop near seq 100, back near 160
    assert set(range(1, lost[0])) <= set(stored)  # every seq acked before the stop is stored
    assert set(range(late_from, 301)) <= acked and set(range(late_from, 301)) <= set(stored)
    assert set(stored) <= acked and len(stored) == len(set(stored))  # nothing invented, nothing twice
    assert cluster.counters.stored == 2 * len(stored)  # seq and temp of each message, no duplicate counted
    _assert_h015_gap_and_log(cluster, sub, caplog.text)


def _assert_h015_gap_and_log(cluster: Cluster, sub, log: str) -> None:
    times = [r.ts for r in cluster.readings(MEMBER, "M-151", "seq")]
    gap_s = max((b - a).total_seconds() for a, b in zip(times, times[1:], strict=False))
    assert gap_s >= 60 * H015_SCALE  # the outage shows as a data gap of at least 100 s -> 160 s (scaled)
    assert (sub.stats.connects, sub.stats.sessions, sub.stats.disconnects) == (2, 2, 1)
    assert "MQTT connection lost" in log  # noticed the loss ...
    assert log.count("session_present=0); subscribing to of/SUP-KR1/#") == 2  # ... and re-subscribed


# H016: the subscriber's link is cut after a PUBLISH reached it, before its PUBACK (or PUBREL) passed


def _h016_run(
    hazards: Path, broker, cluster: Cluster, tmp_path: Path, qos: int, cut: str, receive_maximum: int
) -> tuple[FaultProxy, object]:
    """One run: the product subscribes through the fault proxy; the replay publishes straight to the broker."""
    proxy = FaultProxy(hazards / "_tools", broker.port, cut, "5")
    name = f"messages_qos{qos}.jsonl"
    messages = write_adapted(hazards / "H016" / name, tmp_path / name)
    sub = cluster.subscriber(proxy.url, MEMBER, "h016-ingest", qos=qos, receive_maximum=receive_maximum)
    try:
        with sub:
            assert replay_to_end(hazards / "_tools", messages, broker.port, "--timing") == 0
            last = 10 if qos == 1 else 20
            assert wait_until(lambda: sub.stats.connects == 2 and seqs(cluster, "M-161")[-1:] == [last], 15)
            time.sleep(1.0)  # room for a late redelivery to be stored twice
    finally:
        proxy.stop()
    return proxy, sub


def test_h016_a_message_redelivered_after_a_cut_link_is_stored_once(hazards, mosquitto, tmp_path, receive_maximum):
    broker = mosquitto()  # sessions kept in memory
    cluster = Cluster(tmp_path)
    proxy, sub = _h016_run(hazards, broker, cluster, tmp_path, 1, "--cut-after-publish", receive_maximum)
    assert proxy.saw("forwarded QoS1 PUBLISH #5") and proxy.saw("dropped packet type 4 towards broker")
    assert sub.stats.messages >= 11  # seq 5 (and maybe 6) came again, flagged DUP
    assert seqs(cluster, "M-161") == list(range(1, 11))  # stored 10, duplicates 0, missing 0
    assert cluster.counters.stored == 2 * 10  # seq and temp; the redelivery is not counted as stored
    assert (sub.stats.connects, sub.stats.sessions) == (2, 1)  # reconnected by itself, same session kept
    proxy, sub = _h016_run(hazards, broker, cluster, tmp_path, 2, "--cut-after-pubrec", receive_maximum)
    assert proxy.saw("cutting before PUBREL")
    assert seqs(cluster, "M-161") == list(range(1, 21))  # seq 11-20 once each, 20 for both runs
    assert cluster.counters.stored == 2 * 20
    assert (sub.stats.connects, sub.stats.sessions) == (2, 0)  # session_present = 1 on both connects


# H017: the platform's own publisher while the broker is unreachable at start-up and during a flap

H017_SCALE = 0.1  # one reading every 100 ms; outages at 0-0.5 s and 3-6 s


def _h017_rows(case: Path) -> list[tuple[datetime, float]]:
    """source_readings.csv as (time, seq) rows: the seq itself is the published value."""
    lines = (case / "source_readings.csv").read_text(encoding="utf-8").splitlines()[1:]
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return [(start + timedelta(seconds=float(offset)), float(seq)) for seq, offset, _ in (x.split(",") for x in lines)]


def test_h017_edge_publisher_buffers_while_the_broker_is_unreachable(hazards, mosquitto, tmp_path):
    broker, cluster = mosquitto(), Cluster(tmp_path)
    with cluster.subscriber(broker.url, MEMBER, "h017-ingest"):
        proxy = FaultProxy(hazards / "_tools", broker.port, "--outage", "0-0.5,3-6")
        publisher = Publisher(proxy.url, "h017-edge", buffered=True, max_reconnect_s=1).connect()
        try:
            topic = f"of/{MEMBER}/S1/M-171/seq"
            handle = replay_series(publisher, topic, _h017_rows(hazards / "H017"), speedup=1 / H017_SCALE)
            handle.join(20)
            assert wait_until(lambda: len(seqs(cluster, "M-171")) == 100, 60 * H017_SCALE)
            assert publisher.flush(1) and publisher.pending == 0
            time.sleep(0.5)  # room for a duplicate to be stored
        finally:
            publisher.close()
            proxy.stop()
    assert proxy.saw("refused (outage)") and proxy.saw("outage 3.0-6.0s starts: closing 2 socket(s)")
    assert (handle.error, handle.published, publisher.failed_sends) == (None, 100, 0)
    assert seqs(cluster, "M-171") == list(range(1, 101))  # all 100 arrived, each once
    assert cluster.counters.stored == 100  # no duplicate stored or counted


# H021: a 300 KB batch and a 10 KB message through a broker path limited to 4 KB per packet


def _generate(case: Path, tmp_path: Path) -> Path:
    """Run the case's gen.py with its output redirected to ``tmp_path`` (the shared folder is read-only)."""
    spec = importlib.util.spec_from_file_location(f"{case.name}_gen", case / "gen.py")
    assert spec is not None
    assert spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.HERE = tmp_path
    gen.main()
    return tmp_path


def _h021_messages(case: Path, tmp_path: Path) -> Path:
    return write_adapted(_generate(case, tmp_path) / "big_messages.jsonl", tmp_path / "adapted.jsonl")


def _h021_broker(hazards: Path, mosquitto):
    return mosquitto((hazards / "H021/mosquitto_4k.conf").read_text(encoding="utf-8"))


def test_h021_oversize_packets_are_refused_by_the_broker_and_nothing_else_is_lost(hazards, mosquitto, tmp_path):
    broker, cluster = _h021_broker(hazards, mosquitto), Cluster(tmp_path)
    messages, sent = _h021_messages(hazards / "H021", tmp_path), tmp_path / "sent.csv"
    with cluster.subscriber(broker.url, MEMBER, "h021-ingest") as sub:
        assert replay_to_end(hazards / "_tools", messages, broker.port, "--report", str(sent)) == 0
        assert wait_until(lambda: cluster.values(MEMBER, "M-213", "temp") == [21.5], 5)
        time.sleep(0.3)
        assert sub.subscribed
    assert report(sent) == {1: "broker closed connection", 2: "broker closed connection", 3: "acked"}
    refusals = [line for line in broker.log.read_text().splitlines() if "oversize packet" in line]
    assert len(refusals) == 4 and all("Client hostile-replay disconnected" in line for line in refusals)  # 2 x retry
    assert cluster.values(MEMBER, "M-211", "temp") == [] and cluster.values(MEMBER, "M-212", "temp") == []
    assert (sub.stats.connects, sub.stats.disconnects, cluster.counters.stored) == (1, 0, 1)  # unaffected


def test_h021_the_product_publisher_refuses_oversize_messages_loudly(hazards, mosquitto, tmp_path, caplog):
    broker, cluster = _h021_broker(hazards, mosquitto), Cluster(tmp_path)
    records = [json.loads(line) for line in _h021_messages(hazards / "H021", tmp_path).read_text().splitlines()]
    errors = []
    with cluster.subscriber(broker.url, MEMBER, "h021-ingest"):
        with Publisher(broker.url, "h021-edge", max_packet_bytes=4096) as publisher:
            for record in records:
                try:
                    publisher.publish(record["topic"], record["payload"].replace("__NOW_ISO__", "2026-03-02T09:10Z"))
                except InvalidData as exc:
                    errors.append((str(exc), packet_bytes(record["topic"], record["payload"].encode(), 1)))
        assert wait_until(lambda: cluster.values(MEMBER, "M-213", "temp") == [21.5], 5)
    assert [size for _, size in errors] and 300_000 < errors[0][1] < 400_000 and 10_000 < errors[1][1] < 11_000
    for message, size in errors:  # names the size and the limit
        assert f"is {size:,} bytes" in message and "limit of 4,096 bytes" in message
    assert publisher.failed_sends == 2 and "MQTT publisher lost" not in caplog.text  # never silently dropped
    assert cluster.counters.stored == 1 and cluster.values(MEMBER, "M-211", "temp") == []


# H020: 20,000 retained machine states through plant/+/line/#, then the broker restarts without persistence


def _h020_publish(hazards: Path, broker, path: Path) -> None:
    assert replay_to_end(hazards / "_tools", path, broker.port) == 0


def _h020_settled(sub, states: MachineStates, machines: int, messages: int) -> bool:
    return wait_until(lambda: len(states.snapshot()) == machines and sub.stats.messages == messages, 20)


def test_h020_retained_machine_states_are_read_whole_and_go_stale_after_an_empty_restart(hazards, mosquitto, tmp_path):
    expected = json.loads((hazards / "H020/expected_counts.json").read_text(encoding="utf-8"))["full"]
    generated, broker = _generate(hazards / "H020", tmp_path), mosquitto()  # persistence off
    _h020_publish(hazards, broker, generated / "retained.jsonl")  # before the product starts
    states, cluster = MachineStates("plant/+/line/#"), Cluster(tmp_path)
    with cluster.subscriber(broker.url, MEMBER, "h020-ingest", states=states) as sub:
        assert _h020_settled(sub, states, 20_000, 20_000)
        time.sleep(0.5)  # room for a retained state delivered twice
        first = states.snapshot()
        assert (len(first), sub.stats.messages) == (expected["topics"], 20_000)  # none missing, none twice
        assert states.counts() == expected["per_state"]
        broker.kill()
        broker.start()  # empty: no retained states
        assert wait_until(lambda: sub.stats.connects == 2 and sub.subscribed, 10)
        time.sleep(0.5)
        assert states.counts() == {"UNKNOWN": 20_000}  # none IDLE, 0 or STOPPED by default
        second = states.snapshot()
        assert all(
            (s.last_state, s.updated_at) == (first[m].last_state, first[m].updated_at) for m, s in second.items()
        )
        _h020_publish(hazards, broker, generated / "fresh.jsonl")
        assert _h020_settled(sub, states, 20_000, 20_100)
    assert states.counts() == {"RUNNING": 100, "UNKNOWN": 19_900}
    fresh = sorted(m for m, s in states.snapshot().items() if s.current)
    assert fresh == [f"plant/P1/line/L01/M{n:03d}" for n in range(1, 101)]
    assert (sub.stats.rejections, cluster.counters.rejected) == (0, 0)
