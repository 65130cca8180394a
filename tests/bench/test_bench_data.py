"""``onefactory bench NAME --data DIR`` as a user types it: the dataset's folder or a copy of
the whole shared/data layout; a folder in another layout is a clear error, never a traceback
or a result computed on nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

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
    assert "not in the documented layout (KeyError: 'UDI')" in done.stderr and str(tmp_path) in done.stderr


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
