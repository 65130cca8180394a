"""``onefactory bench ingest`` end to end on the real SKAB data (quick mode) over a real broker."""

from __future__ import annotations

import numpy as np
import pytest

from onefactory.bench import BenchOptions, run
from onefactory.bench._ingest_detect import per_signal_scores, product_scores

from .conftest import MOSQUITTO_URL, reachable
from support import shared_path

pytestmark = pytest.mark.timeout(300)


def _broker_or_skip() -> None:
    if reachable(MOSQUITTO_URL):
        return
    try:
        import amqtt  # noqa: F401  (the bench falls back to the embedded broker)
    except ImportError:
        pytest.skip(f"no MQTT broker reachable at {MOSQUITTO_URL} and no embedded broker (amqtt) installed")


def test_ingest_quick_run_is_end_to_end_and_sane():
    folder = shared_path("data", "skab")
    _broker_or_skip()
    out = run("ingest", data=str(folder), options=BenchOptions(quick=True))
    assert out["quick"] is True and out["broker"] in ("mosquitto", "embedded (amqtt)")
    assert out["messages"] > 1000 and out["readings_per_message"] == 8
    assert out["msgs_per_s"] > 0 and out["transport_msgs_per_s"] > 0
    assert out["ratio_vs_transport"] == round(out["msgs_per_s"] / out["transport_msgs_per_s"], 3)
    last = out["product_path_rounds"][-1]
    assert last["messages"] > 0 and last["stored"] == last["readings"] == 8 * last["messages"]
    assert last["detected"] + last["detect_dropped"] == last["readings"] and last["rejections"] == 0
    assert out["ratio_vs_river"] > 0 and 0.5 < out["auc"] <= 1.0 and 0.0 <= out["river_auc"] <= 1.0
    overload = out["overload"]
    assert overload["published"] > 0 and overload["shed"] >= 0 and out["peak_rss_mb"] > 0
    assert overload["received"] + overload["shed"] <= overload["published"]
    assert 0 <= overload["peak_pending_messages"] <= overload["max_pending"]


def test_per_machine_detector_scores_equal_the_live_rules_per_signal_layout():
    rng = np.random.default_rng(0)
    rows = [{"a": float(a), "b": float(b)} for a, b in rng.normal(size=(600, 2))]
    rows[400]["a"] = 40.0

    def make():
        from onefactory.monitor import RobustDetector

        return RobustDetector(window=100, min_samples=50)

    ours = product_scores(rows, make, 6.0)
    assert np.array_equal(ours, per_signal_scores(rows, make, 6.0))
    assert ours[400] > 6.0 and ours[:50].max() == 0.0
