"""H059: a rolling retrain on a window of 500 passed inspections, then one failure arrives."""

import csv
import math
from datetime import UTC, datetime

import numpy as np
import pytest

from onefactory.model import LotRecord, User
from onefactory.quality.predict import DefectRiskModel
from onefactory.services import quality_risk

from support import NOW, shared_path

FEATURES = ("temp", "pressure", "speed", "humidity")
MEMBER = "SUP-KR1"


def _rows(name):
    with shared_path("hazards", "H059", name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _records(rows):
    out = []
    for row in rows:
        at = datetime.fromisoformat(row["inspected_at"].replace("Z", "+00:00")) if "inspected_at" in row else NOW
        failed = None if "result" not in row else row["result"] == "fail"
        out.append(LotRecord(MEMBER, row["lot_id"], at.astimezone(UTC), {f: float(row[f]) for f in FEATURES}, failed))
    return out


@pytest.fixture
def admin():
    return User("sup-kr1-admin", MEMBER, "Admin", "member-admin")


def _predict(store, admin):
    got = quality_risk.score_lots(store, admin, MEMBER, _records(_rows("predict.csv")), NOW)
    assert len(got) == 10
    assert all(0.0 <= p.risk <= 1.0 and not math.isnan(p.risk) for p in got)
    return got


def test_h059_one_class_window_is_skipped_and_the_model_in_service_stays(seeded, admin):
    history, new = _records(_rows("initial_history.csv")), _records(_rows("inspections.csv"))
    assert (len(history), sum(r.failed for r in history), len(new)) == (200, 30, 501)

    step0 = quality_risk.train_records(seeded, MEMBER, history, NOW, window=500)
    assert step0.in_service and step0.version.n_lots == 200 and step0.version.positives == 30
    first = _predict(seeded, admin)

    step1 = quality_risk.train_records(seeded, MEMBER, history + new[:500], NOW, window=500)
    assert not step1.in_service
    assert "only one class in training window" in step1.reason
    assert (step1.version.status, step1.version.n_lots, step1.version.positives) == ("skipped", 500, 0)
    assert step1.version.window_start == new[0].at and step1.version.window_end == new[499].at
    after1 = _predict(seeded, admin)
    assert {p.model_id for p in after1} == {step0.version.id}
    assert [p.risk for p in after1] == [p.risk for p in first]

    step2 = quality_risk.train_records(seeded, MEMBER, history + new, NOW, window=500)
    assert (step2.version.n_lots, step2.version.positives) == (500, 1)
    assert step2.version.window_start == new[1].at and step2.version.window_end == new[500].at
    assert not step2.in_service
    assert "only 1 failed lot(s) in the training window (need 5)" in step2.reason
    assert any("imbalanced window: 1 failed of 500 lots" in w for w in step2.version.warnings)
    assert {p.model_id for p in _predict(seeded, admin)} == {step0.version.id}
    with seeded.read() as tx:
        assert [v.status for v in tx.quality_models.of(MEMBER)][::-1] == ["active", "skipped", "skipped"]


def test_h059_estimator_fits_one_positive_in_500_with_folds_lacking_positives():
    """Every inner validation fold lacks a positive: no crash, no NaN, the same output shape."""
    rows = _rows("inspections.csv")[1:]
    x = np.array([[float(r[f]) for f in FEATURES] for r in rows])
    y = np.array([int(r["result"] == "fail") for r in rows])
    model = DefectRiskModel().fit(x, y)
    assert not model.one_class_
    assert "no failed lot in the time-ordered validation slices; probabilities not calibrated" in model.warnings_
    proba = model.predict_proba(np.array([[float(r[f]) for f in FEATURES] for r in _rows("predict.csv")]))
    assert proba.shape == (10, 2) and np.isfinite(proba).all() and ((proba >= 0) & (proba <= 1)).all()
    one = DefectRiskModel().fit(x[:-1], y[:-1])
    assert one.one_class_ and one.base_rate_ == 0.0
    assert one.predict_proba(x[:10]).tolist() == [[1.0, 0.0]] * 10
