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
    assert server.get("/api/v1/members/SAMJIN/signals", "demo-SAMJIN-admin") == []
    dead = server.get("/api/v1/dead-letters", "demo-GAON-admin")
    assert dead[0]["payload"] == "{not json"
    assert "JSON" in dead[0]["reason"]


def test_a_taken_port_is_reported_with_the_setting_that_changes_it(server, tmp_path):
    for flag, port in (("--port", server.port), ("--mqtt-port", server.mqtt_port)):
        other = Server(tmp_path / f"other{flag}", flag, str(port))
        try:
            code = other.proc.wait(60)
        finally:
            other.kill()
        assert code == 2
        assert f"{port}" in other.output() and flag in other.output(), other.output()


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
