"""The main job as a user meets it: `onefactory up` on an empty data dir, the README's
API examples, live telemetry over the embedded broker, Ctrl-C, restart, taken ports."""

import json
import re
import subprocess
import time

import paho.mqtt.publish as mqtt_publish
import pytest

from support import REPO, Server

pytestmark = pytest.mark.timeout(240)


def readme_api_block() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```bash\n(.*?)```", text, re.S) if "Idempotency-Key" in b)
    return block


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("up") / "var")
    try:
        srv.wait_healthy()
        yield srv
    finally:
        srv.kill()


def test_first_start_loads_the_demo_and_replays_telemetry(server):
    assert "onefactory is up" in server.output()
    orders = server.get("/api/v1/orders?limit=100", "demo-LEAD-admin")
    assert orders["total"] >= 5
    first = server.get("/api/health", "x")["ingest"]["stored"]
    time.sleep(3)
    assert server.get("/api/health", "x")["ingest"]["stored"] > first
    signals = server.get("/api/v1/members/GAON/signals", "demo-LEAD-admin")
    assert [(s["resource"], s["signal"]) for s in signals] == [("PRESS-1", "machine_temp")]


def test_readme_api_examples_run_against_the_server(server):
    block = readme_api_block().replace("localhost:8080", f"127.0.0.1:{server.port}")
    out = subprocess.run(["bash", "-ec", block], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    docs, pos, decoder = [], 0, json.JSONDecoder()
    while pos < len(out.stdout.rstrip()):
        doc, pos = decoder.raw_decode(out.stdout, pos)
        docs.append(doc)
    assert len(docs) == 4
    confirmed = next(d for d in docs if isinstance(d, dict) and d.get("id") == "PO-2001" and d.get("version") == 2)
    assert confirmed["lines"][0]["status"] == "partially_confirmed"
    assert confirmed["lines"][0]["attributes"] == {"lot": "000123"}


def test_members_publish_only_under_their_own_prefix(server):
    auth = {"username": "GAON", "password": "demo-GAON"}
    ts = int(time.time() * 1000)
    mqtt_publish.single(
        "of/GAON/HAMAN/PRESS-7/temp_c",
        json.dumps({"ts": ts, "value": 31.25}),
        qos=1,
        hostname="127.0.0.1",
        port=server.mqtt_port,
        auth=auth,
    )
    mqtt_publish.single(
        "of/SAMJIN/X/PRESS-7/temp_c",
        json.dumps({"ts": ts, "value": 99.0}),
        qos=1,
        hostname="127.0.0.1",
        port=server.mqtt_port,
        auth=auth,
    )
    mqtt_publish.single(
        "of/GAON/HAMAN/PRESS-7/temp_c", b"{not json", qos=1, hostname="127.0.0.1", port=server.mqtt_port, auth=auth
    )
    with pytest.raises(Exception, match="authori"):
        mqtt_publish.single("of/GAON/HAMAN/PRESS-7/temp_c", b"1", hostname="127.0.0.1", port=server.mqtt_port)
    time.sleep(1.5)
    got = server.get("/api/v1/members/GAON/telemetry/PRESS-7?signal=temp_c", "demo-GAON-admin")
    assert [r["value"] for r in got] == [31.25]
    samjin = server.get("/api/v1/members/SAMJIN/signals", "demo-SAMJIN-admin")
    assert [r["resource"] for r in samjin if r["resource"] != "SMT-2"] == []  # SMT-2: the demo's SECOM lots
    dead = server.get("/api/v1/dead-letters", "demo-GAON-admin")
    assert dead[0]["payload"] == "{not json"
    assert "JSON" in dead[0]["reason"]
    refused = [{"user": "GAON", "topic_prefix": "of/SAMJIN", "count": 1}]
    assert server.get("/api/v1/denied-publishes", "demo-GAON-admin") == refused
    assert server.get("/api/v1/denied-publishes", "demo-SAMJIN-admin") == refused  # someone used its prefix
    assert server.get("/api/v1/denied-publishes", "demo-LEAD-admin") == []
    assert server.wait_healthy()["ingest"]["denied_publishes"] == 1
    assert server.output().count("MQTT user GAON may not publish under of/SAMJIN") == 1


def test_a_taken_port_is_reported_with_the_setting_that_changes_it(server, tmp_path):
    """Only the clear message, and both ports are checked before the demo is loaded."""
    for flag, port in (("--port", server.port), ("--mqtt-port", server.mqtt_port)):
        data = tmp_path / f"other{flag}"
        other = Server(data, flag, str(port))
        try:
            code = other.proc.wait(60)
        finally:
            other.kill()
        assert code == 2
        assert f"{port}" in other.output() and flag in other.output(), other.output()
        assert "Traceback" not in other.output(), other.output()
        assert not data.exists() or list(data.iterdir()) == [], other.output()


def test_ctrl_c_stops_cleanly_and_a_restart_resumes_without_a_second_demo(tmp_path):
    data = tmp_path / "var"
    first = Server(data)
    try:
        first.wait_healthy()
        total = first.get("/api/v1/orders", "demo-LEAD-admin")["total"]
        assert first.interrupt() == 0
        assert "onefactory stopped cleanly" in first.output()
    finally:
        first.kill()
    second = Server(data)
    try:
        second.wait_healthy()
        assert second.get("/api/v1/orders", "demo-LEAD-admin")["total"] == total
        assert "resuming from the stored state" in second.output()
        assert second.interrupt() == 0
    finally:
        second.kill()


def test_h012_a_restart_after_200k_distinct_series_is_ready_within_60_s(tmp_path):
    """H012's last step: the store holds a member's series up to the default limit (200,000
    attempted, the rest refused); a restart re-reads that index and answers within 60 s."""
    from datetime import UTC, datetime

    from onefactory.config import Settings
    from onefactory.model import Member, MemberRole, Reading
    from onefactory.services import telemetry
    from onefactory.store import open_store

    data = tmp_path / "var"
    first = Server(data)
    try:
        first.wait_healthy()
        assert first.interrupt() == 0
    finally:
        first.kill()
    limit, attempted, now = Settings().series_limit, 200_000, datetime.now(UTC)
    store = open_store(f"sqlite:///{data / 'onefactory.db'}")
    try:
        with store.write() as tx:
            tx.members.add(Member("SUP-KR3", "SUP-KR3 Co.", MemberRole.TIER2, "Asia/Seoul"))
        guard, counters = telemetry.open_guard(store, limit), telemetry.IngestCounters()
        for start in range(0, attempted, 20_000):
            batch = [
                Reading("SUP-KR3", f"SN-{n:06d}", "temp", now, 20.0, "GW-012") for n in range(start, start + 20_000)
            ]
            telemetry.store_guarded(store, guard, batch, now, counters)
        assert (counters.stored, counters.refused_series) == (limit, attempted - limit)
    finally:
        store.dispose()
    second = Server(data)
    try:
        started = time.monotonic()
        second.wait_healthy(timeout_s=60)
        assert time.monotonic() - started < 60
        assert second.interrupt() == 0
    finally:
        second.kill()
