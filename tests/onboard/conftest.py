"""Fixtures of the onboard tests: the shared hazard folder (skipped when absent) and fixed times."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture
def hazards() -> Path:
    """The field hazard cases beside the repository (``../shared/hazards``)."""
    path = SHARED / "hazards"
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the shared hazard files exist only beside the project's own checkout")
    return path


@pytest.fixture
def process_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Call the result with a zone name to run with that process TZ; the old zone comes back after."""

    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()
