"""Checking a detector's results against data and labels before trusting a NAB score.

``evaluate`` scores one results file, but first it refuses to score silently when:

- the results miss rows of the data file (they are listed; no score is given);
- label times carry no time zone while the data times do (they are read as UTC and
  the report says so);
- a labelled window holds no unusual value while the file's most extreme value lies
  outside every window (a shifted label, e.g. local time read as UTC); the offset is
  reported. Any such warning marks the score as not trusted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from .nab_scoring import PROFILES, FileScore, layout, score_file
from .robust import MAD_TO_SIGMA

UNUSUAL_Z = 4.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Outcome of scoring one results file; ``score`` is None when rows are missing."""

    score: FileScore | None
    missing: tuple[datetime, ...]
    warnings: tuple[str, ...]
    windows: tuple[tuple[datetime, datetime], ...]
    window_hits: tuple[bool, ...]

    @property
    def trusted(self) -> bool:
        """A complete result with nothing to warn about."""
        return self.score is not None and not self.warnings


def _time(text: str, aware_data: bool, notes: list[str]) -> datetime:
    stamp = datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        if aware_data and not notes:
            notes.append("label times carry no time zone while the data are UTC; they were read as UTC")
        return stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC)


def _robust_z(values: np.ndarray) -> np.ndarray:
    median = np.median(values)
    scale = max(MAD_TO_SIGMA * float(np.median(np.abs(values - median))), 1e-9)
    return np.abs(values - median) / scale


def _window_notes(times: list[datetime], values: np.ndarray, spans: list[tuple[int, int]]) -> list[str]:
    z = _robust_z(values)
    peak = int(np.argmax(z))
    notes = []
    for left, right in spans:
        if right >= left and z[left : right + 1].max() < UNUSUAL_Z and not any(a <= peak <= b for a, b in spans):
            centre = times[left] + (times[right] - times[left]) / 2
            notes.append(
                f"window {times[left]:%Y-%m-%dT%H:%MZ}..{times[right]:%H:%MZ} holds no unusual value "
                f"(max robust z {z[left : right + 1].max():.1f}); the most extreme value (z {z[peak]:.0f}) is at "
                f"{times[peak]:%Y-%m-%dT%H:%MZ}, {centre - times[peak]} before the window centre"
            )
    return notes


def evaluate(
    data: Sequence[tuple[str, float]],
    results: Mapping[str, float],
    windows: Sequence[tuple[str, str]],
    *,
    threshold: float = 0.5,
    profile: str = "standard",
) -> Evaluation:
    """Score ``results`` (timestamp text -> anomaly score) of ``data`` rows against ``windows``."""
    aware = datetime.fromisoformat(data[0][0]).tzinfo is not None if data else False
    times = [_utc(t) for t, _ in data]
    lookup = {_utc(t): s for t, s in results.items()}
    missing = tuple(t for t in times if t not in lookup)
    notes: list[str] = []
    bounds = [(_time(a, aware, notes), _time(b, aware, notes)) for a, b in windows]
    stamps = np.array([t.timestamp() for t in times])
    spans = [
        (int(np.searchsorted(stamps, a.timestamp())), int(np.searchsorted(stamps, b.timestamp(), "right")) - 1)
        for a, b in bounds
    ]
    notes += _window_notes(times, np.array([v for _, v in data]), spans)
    if missing:
        span = f"{missing[0]:%Y-%m-%dT%H:%MZ} .. {missing[-1]:%Y-%m-%dT%H:%MZ}"
        notes.append(f"results miss {len(missing)} of {len(times)} rows ({span}); no score")
        return Evaluation(None, missing, tuple(notes), tuple(bounds), ())
    scores = np.array([lookup[t] for t in times])
    hits = tuple(bool((scores[a : b + 1] >= threshold).any()) if b >= a else False for a, b in spans)
    weights = PROFILES[profile]
    result = score_file(scores, layout(len(times), [s for s in spans if s[1] >= s[0]], weights), threshold, weights)
    return Evaluation(result, (), tuple(notes), tuple(bounds), hits)


def _utc(text: str) -> datetime:
    """An ISO time in UTC; a time without an offset is taken as UTC (as the data rows are)."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
