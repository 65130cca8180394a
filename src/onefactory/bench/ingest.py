"""``onefactory bench ingest``: end-to-end telemetry throughput on real pump data, beside
the bare transport and beside River, and memory under a 10x overload.

Traffic: every SKAB row (8 signals of a real pump testbed) is one MQTT message published
by a separate device process over a real broker (Mosquitto at 127.0.0.1:1883 when it
answers, else the embedded one); see ``_ingest_stream``.

1. **Throughput.** ``msgs_per_s``: from the first publish until the last reading went
   through the product path (``_ingest_path``: subscriber, codec, SQLite file, live alarm
   rules). ``transport_msgs_per_s``: the same messages through the same broker to a bare
   paho subscriber that only counts them. Rounds alternate (transport, product) in the
   same process; each figure is the median over rounds, ``ratio_vs_transport`` their ratio.
2. **Detector.** The live detector point by point against River's HalfSpaceTrees on the
   labelled SKAB files, with the ROC AUC of each (``_ingest_detect``).
3. **Overload.** Devices publish at 10x the nominal rate for a bounded time. The nominal
   rate is the end-to-end rate measured in step 1 (what the path sustains); overload
   messages are QoS 0 (no broker-side flow control), so only the subscriber's own bound
   keeps memory flat. Reported: the rate reached, the most messages waiting in the
   subscriber's inbox at once (sampled every 20 ms), peak RSS and its growth over the phase,
   messages shed by the subscriber (counted), dropped by the broker (published minus
   received minus shed) and readings dropped by the alarm monitor. A full run repeats the
   phase with the inbox unbounded (``max_pending=0``, the subscriber before the bound).

The process's garbage collector is set up as ``onefactory up`` sets it after start-up
(``runtime.steady_collector``), for both kinds of round.

Figures are measured on whatever else the machine is running, so only the ratios (both
sides measured in the same process, rounds alternating) are meant to be compared."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from onefactory.runtime import GC_THRESHOLDS, steady_collector

from . import BenchOptions
from ._ingest_detect import compare
from ._ingest_path import IngestPath
from ._ingest_stream import CountingSubscriber, Device, Message, broker, messages, new_prefix
from ._monitor_data import data_folder
from ._skab_data import SIGNALS, read_files

OVERLOAD_FACTOR = 10
QUIET_S = 2.0


def _transport_round(url: str, batch: list[Message], prefix: str) -> tuple[float, int]:
    counter = CountingSubscriber(url, f"{prefix}/#", expected=len(batch))
    device = Device(url, batch)
    try:
        device.go()
        _, started, _ = device.result()
        counter.wait(QUIET_S)
        return counter.count / (counter.last - started), len(batch) - counter.count
    finally:
        counter.close()


def _product_round(
    url: str, batch: list[Message], prefix: str, folder: Path, options: dict[str, Any]
) -> tuple[float, dict[str, int]]:
    path = IngestPath(url, prefix, folder, options)
    path.start()
    device = Device(url, batch)
    try:
        device.go()
        sent, started, _ = device.result()
        done = path.wait_detected(sent * len(SIGNALS), QUIET_S)
        detected = path.checked() / len(SIGNALS)  # readings the monitor dropped do not count
    finally:
        counts = path.stop()
    return detected / (done - started), {**counts, "broker_dropped": sent - counts["messages"]}


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


def _overload(
    url: str, batch: list[Message], nominal: float, seconds: float, folder: Path, options: dict[str, Any]
) -> dict[str, Any]:
    """Devices at ``OVERLOAD_FACTOR`` x ``nominal`` (QoS 0) for ``seconds``; memory and counts."""
    prefix = new_prefix()
    path = IngestPath(url, prefix, folder, options)
    max_pending = options["max_pending"]
    path.start()
    before = peak = _rss_mb()
    device = Device(url, [(prefix + t[t.index("/") :], p) for t, p in batch], 0, OVERLOAD_FACTOR * nominal, seconds)
    device.go()
    end = time.monotonic() + seconds + 5
    peak_pending = 0
    while time.monotonic() < end:
        peak = max(peak, _rss_mb())
        peak_pending = max(peak_pending, path.subscriber.pending)
        time.sleep(0.02)
    sent, started, ended = device.result()
    counts = path.stop()
    rate = sent / max(ended - started, 1e-9)
    return {
        "max_pending": max_pending or "unbounded",
        "target_msgs_per_s": round(OVERLOAD_FACTOR * nominal),
        "published_msgs_per_s": round(rate),
        "factor_reached": round(rate / nominal, 1),
        "seconds": seconds,
        "qos": 0,
        "published": sent,
        "received": counts["messages"],
        "shed": counts["shed"],
        "broker_dropped": sent - counts["messages"] - counts["shed"],
        "detect_dropped": counts["detect_dropped"],
        "stored": counts["stored"],
        "peak_pending_messages": peak_pending,
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak, 1),
        "rss_growth_mb": round(peak - before, 1),
    }


def run(data: str | None, options: BenchOptions) -> dict[str, Any]:
    """Run the ingest benchmark; see the module docstring."""
    folder = data_folder("skab", data, "data/anomaly-free/anomaly-free.csv")
    files, _ = read_files(folder, quick=options.quick)
    if options.quick:
        files = files[:2]
    rounds = options.repeats or (1 if options.quick else 3)
    steady_collector()  # as ``onefactory up`` after start-up; the transport rounds run under it too
    with broker() as (url, broker_name), tempfile.TemporaryDirectory(prefix="ofbench-ingest-") as tmp:
        # as ``onefactory up``: MQTT 5 with an existing broker, 3.1.1 with the embedded one
        path_options: dict[str, Any] = {} if broker_name == "mosquitto" else {"receive_maximum": 0}
        transport, product, counts, transport_dropped = [], [], [], []
        for i in range(rounds):
            prefix = new_prefix()
            batch = messages(files, prefix)
            rate, dropped = _transport_round(url, batch, prefix)
            transport.append(rate)
            transport_dropped.append(dropped)
            prefix = new_prefix()
            batch = messages(files, prefix)
            rate, c = _product_round(url, batch, prefix, Path(tmp) / f"round-{i}", path_options)
            product.append(rate)
            counts.append(c)
        msgs_per_s, transport_msgs_per_s = statistics.median(product), statistics.median(transport)
        seconds = 2.0 if options.quick else 10.0
        overload = _overload(
            url, batch, msgs_per_s, seconds, Path(tmp) / "overload", {**path_options, "max_pending": 10_000}
        )
        if not options.quick:  # before: the same phase with the inbox unbounded, as it was
            overload["unbounded_inbox"] = _overload(
                url, batch, msgs_per_s, seconds, Path(tmp) / "unbounded", {**path_options, "max_pending": 0}
            )
    detector = compare(files, seed=options.seed, repeats=1 if options.quick else 5)
    return {
        "benchmark": "ingest",
        "quick": options.quick,
        "broker": broker_name,
        "broker_url": url,
        "data": "SKAB (pump testbed, 8 signals at 1 Hz), one message per row",
        "files": len(files),
        "messages": len(batch),
        "readings_per_message": len(SIGNALS),
        "rounds": rounds,
        "gc": f"as onefactory up: start-up objects frozen, thresholds {GC_THRESHOLDS}",
        "msgs_per_s": round(msgs_per_s),
        "transport_msgs_per_s": round(transport_msgs_per_s),
        "ratio_vs_transport": round(msgs_per_s / transport_msgs_per_s, 3),
        "rounds_msgs_per_s": [round(r) for r in product],
        "rounds_transport_msgs_per_s": [round(r) for r in transport],
        "transport_broker_dropped": transport_dropped,
        "product_path_rounds": counts,
        "ratio_vs_river": detector["ratio_vs_river"],
        "auc": detector["auc"],
        "river_auc": detector["river_auc"],
        "detector": detector,
        "peak_rss_mb": overload["peak_rss_mb"],
        "shed": overload["shed"],
        "overload": overload,
        "target": {"ratio_vs_transport": 0.8, "ratio_vs_river": 3.0, "auc_at_least_river_auc": True},
        "target_met": msgs_per_s / transport_msgs_per_s >= 0.8
        and detector["ratio_vs_river"] >= 3.0
        and detector["auc"] >= detector["river_auc"],
    }
