"""The documented production Mosquitto setup (deploy/mosquitto) keeps every member inside
its own topic prefix: a real Mosquitto started with exactly those files."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from onefactory.ingest import TelemetrySubscriber, publish_many

from .conftest import Collector, free_port, reachable

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "mosquitto"
USERS = {"onefactory": "ingest-secret", "SUP-A": "a-secret", "SUP-B": "b-secret"}

pytestmark = [
    pytest.mark.mqtt,
    pytest.mark.skipif(
        not (shutil.which("mosquitto") and shutil.which("mosquitto_passwd")),
        reason="needs Mosquitto (Debian package mosquitto) to run the documented configuration",
    ),
]


def _config(tmp: Path, port: int) -> Path:
    """The documented mosquitto.conf with its paths moved under ``tmp`` and its port changed."""
    passwd, acl = tmp / "onefactory.passwd", tmp / "onefactory.acl"
    shutil.copy(DEPLOY / "onefactory.acl", acl)
    for n, (user, password) in enumerate(USERS.items()):
        flags = ["-c", "-b"] if n == 0 else ["-b"]
        subprocess.run(["mosquitto_passwd", *flags, str(passwd), user, password], check=True)
    text = (DEPLOY / "mosquitto.conf").read_text(encoding="utf-8")
    text = text.replace("/etc/mosquitto/onefactory.passwd", str(passwd))
    text = text.replace("/etc/mosquitto/onefactory.acl", str(acl))
    text = text.replace("/var/lib/mosquitto/", f"{tmp}/")
    text = text.replace("listener 1883", f"listener {port} 127.0.0.1")
    text += "\nuser root\n"  # the test runs as root with private temp files: don't drop to 'mosquitto'

    conf = tmp / "mosquitto.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


@pytest.fixture
def secured_broker(tmp_path):
    port = free_port()
    log = tmp_path / "mosquitto.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["mosquitto", "-c", str(_config(tmp_path, port))], stderr=out, stdout=out)
    url = f"mqtt://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while not reachable(url) and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"mosquitto refused the documented configuration: {log.read_text()}")
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def _url(port: int, user: str) -> str:
    return f"mqtt://{user}:{USERS[user]}@127.0.0.1:{port}"


def _sample(value: float) -> bytes:
    return json.dumps({"ts": 1767225600000, "value": value}).encode()


def test_a_member_publishes_only_under_its_own_prefix(secured_broker):
    sink = Collector()
    sub = TelemetrySubscriber(_url(secured_broker, "onefactory"), sink.on_batch, sink.on_reject, client_id="acl-t")
    sub.start()
    try:
        publish_many(_url(secured_broker, "SUP-A"), [("of/SUP-A/S1/PRESS-1/temp_c", _sample(1.0))])
        publish_many(_url(secured_broker, "SUP-A"), [("of/SUP-B/S1/PRESS-9/temp_c", _sample(666.0))])
        publish_many(_url(secured_broker, "SUP-B"), [("of/SUP-B/S1/PRESS-9/temp_c", _sample(2.0))])
        assert sink.wait_for(lambda c: len(c.readings) >= 2)
        time.sleep(0.5)  # a forged message, had it passed, would have arrived by now
    finally:
        sub.stop()
    got = sorted((r.member, r.resource, r.value) for r in sink.readings)
    assert got == [("SUP-A", "PRESS-1", 1.0), ("SUP-B", "PRESS-9", 2.0)]
    assert sink.rejections == []


def test_anonymous_and_wrong_password_logins_are_refused(secured_broker):
    from onefactory.model import BrokerUnavailable

    with pytest.raises(BrokerUnavailable):
        publish_many(f"mqtt://127.0.0.1:{secured_broker}", [("of/SUP-A/S1/P/t", _sample(1.0))], timeout_s=3)
    with pytest.raises(BrokerUnavailable):
        publish_many(f"mqtt://SUP-A:wrong@127.0.0.1:{secured_broker}", [("of/SUP-A/S1/P/t", _sample(1.0))], timeout_s=3)
