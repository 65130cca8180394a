"""Reading the NAB folder: data files, label windows, published per-file results."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from onefactory.model import InvalidData

from ._monitor_data import csv_rows, number, reading


@dataclass(frozen=True, slots=True)
class NabFile:
    """One corpus file: its timestamps (as text), values and windows as index ranges."""

    name: str
    timestamps: list[str]
    values: np.ndarray
    windows: list[tuple[int, int]]


def _index_window(stamps: np.ndarray, start: str, end: str, name: str) -> tuple[int, int]:
    left = int(np.searchsorted(stamps, np.datetime64(start), side="left"))
    right = int(np.searchsorted(stamps, np.datetime64(end), side="right")) - 1
    if right < left:
        raise InvalidData(f"{name}: window {start} .. {end} holds no record", field="windows")
    return left, right


def read_file(folder: Path, name: str, windows: list[list[str]]) -> NabFile:
    """One data file with its windows mapped to record indices."""
    path = folder / "data" / name
    rows = csv_rows("nab", path, ("timestamp", "value"))
    stamps = [r["timestamp"] for r in rows]
    with reading("nab", path):
        parsed = np.array(stamps, dtype="datetime64[s]")
    spans = [_index_window(parsed, s, e, name) for s, e in windows]
    values = np.array([number("nab", path, i, "value", r["value"]) for i, r in enumerate(rows)])
    return NabFile(name, stamps, values, spans)


def read_corpus(folder: Path, quick: bool = False) -> list[NabFile]:
    """Every labelled file present (the label file may list held-out files; those are skipped)."""
    labels = json.loads((folder / "labels" / "combined_windows.json").read_text())
    names = sorted(n for n in labels if (folder / "data" / n).exists())
    if quick:
        names = [n for n in names if "realKnownCause" in n][:2]
    return [read_file(folder, n, labels[n]) for n in names]


def published_rows(folder: Path, detector: str, profile: str) -> list[dict[str, str]]:
    """Rows of a published per-file result (``<detector>_<profile>_scores.csv``)."""
    path = folder / "reference" / "per_file_scores" / f"{detector}_{profile}_scores.csv"
    with path.open(newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["File"] != "Totals"]


def published_detectors(folder: Path) -> list[str]:
    """Detectors that have published per-file results in the folder."""
    files = (folder / "reference" / "per_file_scores").glob("*_standard_scores.csv")
    return sorted(p.name.removesuffix("_standard_scores.csv") for p in files)
