"""Helpers for the MQTT transport hazards: a private Mosquitto, the fault proxy and the replay tool.

Everything runs on localhost ports picked at run time and is stopped by the test
that started it. The hazard tools come from ``../shared/hazards/_tools`` and are
run as subprocesses; a test that needs them skips when the folder is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from onefactory.ingest import TelemetrySubscriber
from onefactory.model import Reading
from onefactory.services import telemetry
from onefactory.store import Store, open_store

from .conftest import free_port, reachable

SITE = "S1"


def wait_until(predicate: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Poll ``predicate`` every 20 ms until it holds or ``timeout_s`` passed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


class Mosquitto:
    """A private ``mosquitto`` on a free port, built from a hazard config; can be killed and restarted."""

    def __init__(self, workdir: Path, config: str = "", port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = workdir / f"mosquitto-{self.port}.log"
        self.conf = workdir / f"mosquitto-{self.port}.conf"
        lines = [line for line in config.splitlines() if not line.startswith(("listener", "log_", "allow_anonymous"))]
        extra = [f"listener {self.port} 127.0.0.1", "allow_anonymous true", "log_dest stderr"]
        self.conf.write_text("\n".join([*extra, "log_type all", *lines]) + "\n", encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> Mosquitto:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        with self.log.open("ab") as log:  # the broker's own log, e.g. which client sent an oversize packet
            self.process = subprocess.Popen([binary, "-c", str(self.conf)], stdout=log, stderr=log)
        if not wait_until(lambda: reachable(self.url), 5):
            raise RuntimeError(f"mosquitto did not listen on {self.url}")
        return self

    def kill(self) -> None:
        """Stop the broker the hard way (no persistence: it comes back empty)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
            self.process = None


class FaultProxy:
    """``_tools/mqtt_fault_proxy.py`` in a subprocess; ``lines`` holds what it printed."""

    def __init__(self, tools: Path, broker_port: int, *args: str) -> None:
        self.port = free_port()
        command = [sys.executable, "-u", str(tools / "mqtt_fault_proxy.py"), "--listen", str(self.port)]
        command += ["--broker", f"127.0.0.1:{broker_port}", "--run-for", "120", *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        if not wait_until(lambda: any("proxy" in line for line in self.lines), 5):
            self.stop()
            raise RuntimeError(f"fault proxy did not start: {self.lines}")

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def saw(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=5)


def adapt(record: dict, scale: float = 1.0) -> dict:
    """A hazard record on onefactory's topic and payload, ``send_after_ms`` scaled.

    ``cluster/{member}/{device}/telemetry`` becomes ``of/{member}/S1/{device}/_`` and
    the flat payload keys other than ``ts`` move into ``values`` (of each sample of a
    batch); the ``__NOW_ISO__``
    token is kept for the replay tool to fill in at send time.
    """
    _, member, device, _ = record["topic"].split("/")
    document = json.loads(record["payload"])
    samples = [_sample(s) for s in document] if isinstance(document, list) else _sample(document)
    payload = json.dumps(samples, separators=(",", ":"))
    out = record | {"topic": f"of/{member}/{SITE}/{device}/_", "payload": payload}
    if "send_after_ms" in record:
        out["send_after_ms"] = round(record["send_after_ms"] * scale)
    return out


def _sample(sample: dict) -> dict:
    return {"ts": sample["ts"], "values": {k: v for k, v in sample.items() if k != "ts"}}


def write_adapted(source: Path, target: Path, scale: float = 1.0) -> Path:
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    target.write_text("".join(json.dumps(adapt(r, scale)) + "\n" for r in records), encoding="utf-8")
    return target


@contextmanager
def replay(tools: Path, messages: Path, port: int, *args: str) -> Iterator[subprocess.Popen[str]]:
    """Run ``_tools/mqtt_replay.py`` on ``messages`` towards 127.0.0.1:``port`` during the block.

    Leaving the block waits for the replay to end (killed if the block failed).
    """
    command = [sys.executable, str(tools / "mqtt_replay.py"), str(messages), "--port", str(port), *args]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield run
    except BaseException:
        run.kill()
        raise
    finally:
        run.communicate(timeout=30)


def replay_to_end(tools: Path, messages: Path, port: int, *args: str) -> int:
    """Run the replay to its end; return its exit status."""
    with replay(tools, messages, port, *args) as run:
        pass
    return run.returncode


def report(path: Path) -> dict[int, str]:
    """seq -> result from a replay ``--report`` CSV."""
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {int(seq): result for _, seq, _, result in rows}


class Cluster:
    """The cluster's real ingest path: subscriber -> ``services.telemetry`` -> a SQLite file store.

    A file (WAL), not ``sqlite://``: the test reads while the ingest worker writes.
    """

    def __init__(self, workdir: Path) -> None:
        self.store: Store = open_store(f"sqlite:///{workdir / 'cluster.db'}")
        self.counters = telemetry.IngestCounters()

    def on_batch(self, batch: list[Reading]) -> None:
        telemetry.store_batch(self.store, batch, self.counters)

    def on_reject(self, topic: str, payload: bytes, reason: str) -> None:
        telemetry.dead_letter(self.store, topic, payload, reason, datetime.now(UTC), self.counters)

    def subscriber(self, url: str, member: str, client_id: str, **kwargs: object) -> TelemetrySubscriber:
        kwargs.setdefault("flush_ms", 20)
        kwargs.setdefault("max_reconnect_s", 1)
        return TelemetrySubscriber(url, self.on_batch, self.on_reject, client_id, f"of/{member}/#", **kwargs)

    def values(self, member: str, resource: str, signal: str) -> list[float]:
        """Stored values of one signal in time order."""
        with self.store.read() as tx:
            return [r.value for r in tx.readings.range(member, resource, signal, limit=100_000)]

    def readings(self, member: str, resource: str, signal: str) -> list[Reading]:
        with self.store.read() as tx:
            return tx.readings.range(member, resource, signal, limit=100_000)
