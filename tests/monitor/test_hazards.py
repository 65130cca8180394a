"""Streaming-detection hazards from ../shared/hazards as exact-answer tests (H005, H007,
H053, H055, H056, H057, H058). Generated inputs are rebuilt in memory by the cases' own
rules (gen.py), so nothing is written into the shared folder."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

from onefactory.monitor import (
    MACHINE,
    SCORE_CAP,
    Ensemble,
    MachineDetector,
    RobustDetector,
    StuckSensor,
    ThresholdFilter,
)
from onefactory.monitor.evaluation import evaluate

from support import shared_path

REPO_TESTS = Path(__file__).resolve().parents[1]


def _ingest_run():
    spec = importlib.util.spec_from_file_location("_ingest_hazards", REPO_TESTS / "ingest" / "test_hazards.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run


def signal_monitor(**kwargs) -> ThresholdFilter:
    """The per-signal pipeline a machine gets by default: robust level + stuck sensor."""
    return ThresholdFilter(Ensemble({"robust": RobustDetector(), "stuck": StuckSensor()}), threshold=4.0, **kwargs)


def feed(readings) -> dict[str, tuple[ThresholdFilter, list]]:
    monitors: dict[str, tuple[ThresholdFilter, list]] = {}
    for r in readings:
        alarm, verdicts = monitors.setdefault(r.resource, (signal_monitor(), []))
        verdicts.append(alarm.process_one({r.signal: r.value}))
    return monitors


def test_h005_non_finite_values_never_reach_the_detector():
    path = shared_path("hazards", "H005", "messages_object.jsonl")
    readings, rejections, _ = _ingest_run()(path)
    monitors = feed(readings)
    alarm, verdicts = monitors["M-051"]
    assert alarm.detector.members["robust"].samples("t") == 2  # exactly the two good values
    assert len(verdicts) == 2 and all(math.isfinite(v.score) for v in verdicts)
    assert not any(v.alarms for v in verdicts) and len(rejections) == 5
    # the detector also drops non-finite values handed to it directly
    direct = signal_monitor()
    for value in (1.0, float("nan"), "NaN", float("inf"), -float("inf"), None, 2.0):
        verdict = direct.process_one({"t": value})
        assert all(math.isfinite(s) for s in verdict.scores.values()) and not verdict.alarms
    assert direct.detector.members["robust"].samples("t") == 2


def test_h007_detector_window_holds_no_future_or_garbage_reading():
    readings, _, _ = _ingest_run()(shared_path("hazards", "H007", "messages.jsonl"))
    monitors = feed(readings)
    assert monitors["M-077"][0].detector.members["stuck"].samples("temp") == 2  # 50.0 and 50.5, never 999.0
    assert monitors["M-076"][0].detector.members["stuck"].samples("temp") == 2  # 11.0 and 12.0


def test_h053_stuck_sensor_gives_one_stuck_alarm_and_finite_scores():
    values = [20.0] * 10000 + [20.1]
    alarm = signal_monitor()
    verdicts = [alarm.process_one({"value": v}) for v in values]
    scores = [v.score for v in verdicts]
    assert len(scores) == 10001 and all(math.isfinite(s) and 0.0 <= s <= SCORE_CAP for s in scores)
    starts = [(v.sample, a.signal) for v in verdicts for a in v.alarms]
    assert starts == [(600, "value")]  # the stuck run, once (StuckSensor min_run=600)
    assert 0.0 <= scores[-1] <= SCORE_CAP  # the jump to 20.1 keeps a finite score


def test_h053_constant_channel_in_a_multichannel_stream():
    rows = [{"temp": round(60 + 0.5 * math.sin(2 * math.pi * i / 300), 3), "pressure": 5.0} for i in range(10001)]
    machine = ThresholdFilter(MachineDetector(), threshold=6.0)
    verdicts = [machine.process_one(r) for r in rows]
    assert all(math.isfinite(v.scores[MACHINE]) and 0 <= v.scores[MACHINE] <= SCORE_CAP for v in verdicts)
    assert not any(v.alarms for v in verdicts)  # a zero-variance channel raises nothing by itself
    stuck = signal_monitor()
    alarms = [a for r in rows for a in stuck.process_one(r).alarms]
    assert [(a.signal, a.sample) for a in alarms] == [("pressure", 600)]  # the stuck rule, once


class _Lcg:
    def __init__(self, seed: int) -> None:
        self.x = seed

    def unit(self) -> float:
        self.x = (1103515245 * self.x + 12345) % 2**31
        return self.x / 2**31 * 2 - 1


def h055_rows() -> list[dict[str, float | None]]:
    """H055/gen.py's stream, row for row (values rounded as the CSV writes them)."""
    r, rows = _Lcg(55), []
    for i in range(10000):
        temp = 60 + 0.5 * math.sin(2 * math.pi * i / 300) + 0.2 * r.unit()
        temp = 75.0 if 8000 <= i <= 8009 else temp
        pressure = 5.0 + 0.05 * math.sin(2 * math.pi * i / 600) + 0.01 * r.unit()
        vib = None if i < 5000 else round(0.02 + 0.002 * r.unit(), 4)
        rows.append({"temp": round(temp, 3), "pressure": round(pressure, 4), "vibration_z": vib, "humidity": None})
    return rows


@pytest.mark.parametrize("missing_as", ["left_out", "null"])
def test_h055_cold_start_late_channel_and_null_channel(missing_as):
    shared_path("hazards", "H055", "gen.py")
    alarm = signal_monitor()
    episodes, scores = [], []
    for i, row in enumerate(h055_rows()):
        record = row if missing_as == "null" else {k: v for k, v in row.items() if v is not None}
        verdict = alarm.process_one(record)
        episodes += [(a.signal, a.sample) for a in verdict.alarms]
        scores += verdict.scores.values()
        assert i >= 200 or not verdict.alarms
    assert len(episodes) == 1 and episodes[0][0] == "temp" and 8000 <= episodes[0][1] <= 8005
    assert all(math.isfinite(s) and 0.0 <= s <= SCORE_CAP for s in scores)


def test_h056_permanent_level_shift_gives_exactly_one_alarm():
    with shared_path("hazards", "H056", "series.csv").open() as fh:
        values = [float(r["value"]) for r in csv.DictReader(fh)]
    alarm = signal_monitor()
    verdicts = [alarm.process_one({"value": v}) for v in values]
    starts = [v.sample for v in verdicts if v.alarms]
    assert len(starts) == 1 and 1000 <= starts[0] <= 1050
    cleared = [v.sample for v in verdicts if v.cleared]
    assert cleared and cleared[0] <= 1100
    assert all("value" not in v.anomalous for v in verdicts[1100:])  # the flag stays cleared


class NaNOnDegenerate:
    """A plug-in member that needs 10 samples and non-zero variance, else returns NaN."""

    def __init__(self) -> None:
        self.n = 0

    def learn_one(self, x):
        self.n += 1

    def learn_many(self, batch):
        self.n += len(next(iter(batch.values())))

    def score_one(self, x):
        return math.nan

    def score_signals_one(self, x):
        return {k: math.nan for k in x}

    def score_many(self, batch, *, learn=False):
        values = np.asarray(batch["pressure"], dtype=float)
        if self.n + len(values) < 10 or values.std() == 0:
            return np.full(len(values), math.nan)
        return np.zeros(len(values))

    def reset(self, signal=None):
        self.n = 0


def h057_members(with_nan: bool) -> Ensemble:
    members = {"robust": RobustDetector(min_samples=2), "machine": MachineDetector(min_samples=2)}
    if with_nan:
        members["needs-10-samples"] = NaNOnDegenerate()
    return Ensemble(members)


def test_h057_ensemble_member_returning_nan_is_skipped_and_named(caplog):
    with shared_path("hazards", "H057", "batch.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    batch = {k: [float(r[k]) for r in rows] for k in ("temp", "pressure", "vib")}
    ensemble = h057_members(with_nan=True)
    with caplog.at_level("WARNING"):
        combined = ensemble.score_many(batch, learn=True)
    assert np.isfinite(combined).all() and len(combined) == 5
    assert list(ensemble.skipped) == ["needs-10-samples"] and "non-finite" in ensemble.skipped["needs-10-samples"]
    assert "needs-10-samples" in caplog.text and "skipped" in caplog.text
    without = h057_members(with_nan=False).score_many(batch, learn=True)
    assert np.allclose(combined, without, atol=1e-9, rtol=0)
    assert int(np.argmax(combined)) == 4 and combined[4] > combined[:4].max()


def _h058(labels_file: str, complete: bool):
    folder = shared_path("hazards", "H058")
    with (folder / "data.csv").open() as fh:
        data = [(r["timestamp"], float(r["value"])) for r in csv.DictReader(fh)]
    with (folder / "detector_results.csv").open() as fh:
        results = {r["timestamp"]: float(r["anomaly_score"]) for r in csv.DictReader(fh)}
    if complete:
        results = {t: results.get(t, 0.01) for t, _ in data}
    windows = [tuple(w) for w in json.loads((folder / labels_file).read_text())["data.csv"]["windows"]]
    return evaluate(data, results, windows, threshold=0.5)


def test_h058_missing_result_rows_give_no_score():
    result = _h058("labels_with_offset.json", complete=False)
    assert result.score is None and not result.trusted
    assert len(result.missing) == 30
    assert (result.missing[0].isoformat(), result.missing[-1].isoformat()) == (
        "2026-03-02T08:20:00+00:00",
        "2026-03-02T10:45:00+00:00",
    )
    assert any("miss 30 of 288 rows" in w for w in result.warnings)


def test_h058_naive_kst_labels_are_reported_not_silently_scored_as_a_miss():
    result = _h058("labels_naive_kst.json", complete=True)
    assert not result.trusted
    assert any("no time zone" in w for w in result.warnings)
    shifted = [w for w in result.warnings if "holds no unusual value" in w]
    assert len(shifted) == 1 and "13:30Z..14:30Z" in shifted[0] and "2026-03-02T05:00Z" in shifted[0]
    assert "9:00:00 before" in shifted[0]


def test_h058_labels_with_offset_contain_the_spike_as_a_true_positive():
    result = _h058("labels_with_offset.json", complete=True)
    assert result.trusted and result.window_hits == (True,)
    assert [t.isoformat() for t in result.windows[0]] == ["2026-03-02T04:30:00+00:00", "2026-03-02T05:30:00+00:00"]
    assert result.score.tp >= 1 and result.score.fn < 13 and result.score.score > 0


def test_naive_data_and_result_times_are_matched_as_utc():
    """Rows and results without an offset are the same instants: none may count as missing."""
    data = [(f"2026-03-02T00:0{i}:00", float(i)) for i in range(5)]
    results = {t: (0.9 if i == 3 else 0.1) for i, (t, _) in enumerate(data)}
    result = evaluate(data, results, [("2026-03-02T00:02:00", "2026-03-02T00:04:00")], threshold=0.5)
    assert result.missing == () and result.score is not None
    assert result.window_hits == (True,)
