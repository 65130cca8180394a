"""``onefactory bench NAME --data DIR`` as a user types it: the dataset's folder or a copy of
the whole shared/data layout; a folder in another layout is a clear error, never a traceback
or a result computed on nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

import onefactory.bench as bench_package
from onefactory.bench import run
from onefactory.model import InvalidData

from support import shared_path


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "onefactory", "bench", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def test_a_csv_without_the_documented_columns_names_the_missing_one(tmp_path):
    (tmp_path / "ai4i2020.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    done = bench("ai4i", "--quick", "--data", str(tmp_path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    expected = f"error: ai4i: {tmp_path / 'ai4i2020.csv'} is not in the documented layout (no column 'UDI')"
    assert done.stderr.strip() == expected


def test_a_skab_folder_without_labelled_files_is_refused_not_scored_as_zero(tmp_path):
    free = tmp_path / "data" / "anomaly-free"
    free.mkdir(parents=True)
    shutil.copy(shared_path("data", "skab", "data", "anomaly-free", "anomaly-free.csv"), free)
    with pytest.raises(InvalidData, match="no labelled file in"):
        run("skab", data=str(tmp_path))


def test_the_shared_data_folder_itself_is_accepted_as_data():
    parent = shared_path("data", "ai4i2020", "ai4i2020.csv").parent.parent
    from onefactory.bench._quality import data_folder

    assert data_folder(str(parent), "ai4i2020", "ai4i2020.csv") == parent / "ai4i2020"


def test_help_lists_the_benchmarks():
    assert "one of: jobshop, fjsp, mrp, gsm, secom, ai4i, skab, nab, ingest" in " ".join(bench("--help").stdout.split())


SKAB_HEADER = "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;Thermocouple;Voltage;"


def skab_folder(tmp_path: Path, labelled: str) -> Path:
    """A SKAB layout with the real anomaly-free run and one labelled file ``valve1/0.csv``."""
    free = tmp_path / "data" / "anomaly-free"
    free.mkdir(parents=True)
    shutil.copy(shared_path("data", "skab", "data", "anomaly-free", "anomaly-free.csv"), free)
    (tmp_path / "data" / "valve1").mkdir()
    (tmp_path / "data" / "valve1" / "0.csv").write_text(labelled, encoding="utf-8")
    return tmp_path / "data" / "valve1" / "0.csv"


def skab_row(current: str = "1.3") -> str:
    return f"2020-03-09 10:14:33;0.02;0.04;{current};0.05;79.3;26.0;233.0;32.0;0.0;0.0\n"


def test_a_folder_in_another_layout_is_named_with_what_it_lacks(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(InvalidData) as caught:
        run("skab", data=str(tmp_path))
    assert str(caught.value) == f"skab: {tmp_path} has no data/anomaly-free/anomaly-free.csv"
    assert "not found" not in str(caught.value)


def test_a_missing_folder_is_still_not_found(tmp_path):
    with pytest.raises(InvalidData, match="skab data folder not found: "):
        run("skab", data=str(tmp_path / "nowhere"))


def test_a_value_that_is_not_a_number_names_the_file_line_and_column(tmp_path):
    header = SKAB_HEADER + "Volume Flow RateRMS;anomaly;changepoint\n"
    path = skab_folder(tmp_path, header + skab_row() + skab_row("abc"))
    with pytest.raises(InvalidData) as caught:
        run("skab", data=str(tmp_path))
    assert str(caught.value) == f"skab: {path} line 3, column 'Current': 'abc' is not a number"


def test_a_file_without_a_signal_column_names_the_file_and_column(tmp_path):
    path = skab_folder(tmp_path, SKAB_HEADER + "anomaly;changepoint\n" + skab_row())
    with pytest.raises(InvalidData) as caught:
        run("skab", data=str(tmp_path))
    assert str(caught.value) == f"skab: {path} has no column 'Volume Flow RateRMS'"


def test_a_file_too_short_to_train_on_is_refused_without_numpy_warnings(tmp_path):
    header = SKAB_HEADER + "Volume Flow RateRMS;anomaly;changepoint\n"
    skab_folder(tmp_path, header + skab_row() * 3)
    done = bench("skab", "--quick", "--data", str(tmp_path))
    expected = f"error: skab: valve1/0.csv in {tmp_path / 'data'} has 3 rows; more than 400 are needed"
    assert (done.returncode, done.stderr.strip()) == (2, expected)


def test_a_nab_value_that_is_not_a_number_names_the_file_line_and_column(tmp_path):
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "combined_windows.json").write_text('{"realKnownCause/a.csv": []}', encoding="utf-8")
    (tmp_path / "data" / "realKnownCause").mkdir(parents=True)
    path = tmp_path / "data" / "realKnownCause" / "a.csv"
    path.write_text("timestamp,value\n2014-01-01 00:00:00,1.5\n2014-01-01 00:05:00,n/a\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        run("nab", data=str(tmp_path))
    assert str(caught.value) == f"nab: {path} line 3, column 'value': 'n/a' is not a number"


def test_a_secom_feature_column_of_text_names_the_file(tmp_path):
    wide = tmp_path / "secom_1567rows_207features.csv"
    wide.write_text("row_id,timestamp,label,f1\n1,2008-07-19 11:55:00,-1,abc\n", encoding="utf-8")
    (tmp_path / "secom_392rows_590features.csv").write_text("row_id\n1\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        run("secom", data=str(tmp_path))
    expected = f"secom: {wide} is not in the documented layout (ValueError: column 'f1' holds text, not numbers)"
    assert str(caught.value) == expected


def fake_benchmark(monkeypatch, body) -> None:
    fake = types.SimpleNamespace(run=lambda data, options: body())
    monkeypatch.setattr(bench_package.importlib, "import_module", lambda name: fake)


def test_warnings_of_a_run_on_bad_data_are_dropped(monkeypatch):
    def body():
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=1)
        raise ValueError("could not convert string to float: 'abc'")

    fake_benchmark(monkeypatch, body)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(InvalidData, match=r"not in the documented layout \(ValueError: could not convert"):
            run("skab", data="somewhere")
    assert seen == []


def test_warnings_of_a_run_that_succeeds_are_shown(monkeypatch):
    def body():
        warnings.warn("slow solver", RuntimeWarning, stacklevel=1)
        return {"ok": 1}

    fake_benchmark(monkeypatch, body)
    with pytest.warns(RuntimeWarning, match="slow solver"):
        assert run("skab", data="somewhere") == {"ok": 1}
