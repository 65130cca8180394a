"""Defect-risk prediction: model versions, lot records, predictions, drivers and recommended settings."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from .errors import InvalidData
from .ids import MemberCode


@dataclass(frozen=True, slots=True)
class ControlRange:
    """A process parameter an operator may change, within ``low``..``high`` (feature name units)."""

    parameter: str
    low: float
    high: float

    def __post_init__(self) -> None:
        if not self.parameter:
            raise InvalidData("a controllable parameter needs a name", field="parameter")
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.low > self.high:
            raise InvalidData(
                f"allowed range of {self.parameter!r} must be finite with low <= high, got {self.low}..{self.high}",
                field="parameter",
            )


@dataclass(frozen=True, slots=True)
class LotRecord:
    """One production lot as the model sees it: its features, and its outcome once inspected.

    ``failed`` is None for an open lot; ``at`` orders lots in time (inspection or production end).
    """

    member: MemberCode
    lot: str
    at: datetime
    features: dict[str, float]
    failed: bool | None = None
    item: str = ""

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise InvalidData(f"lot {self.lot!r} time must be timezone-aware, got {self.at}", field="at")


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """A trained defect-risk model: its training window, data counts, metrics and features.

    ``status`` is ``active`` (in service), ``retired`` (replaced) or ``skipped`` (trained but not
    put in service, e.g. a one-class window); ``warnings`` say why.
    """

    id: str
    member: MemberCode
    trained_at: datetime
    window_start: datetime
    window_end: datetime
    n_lots: int
    positives: int
    metrics: dict[str, float]
    features: tuple[str, ...]
    status: str = "active"
    item: str = ""
    controls: tuple[ControlRange, ...] = ()
    warnings: tuple[str, ...] = ()
    sha256: str = ""

    def __post_init__(self) -> None:
        if self.status not in ("active", "retired", "skipped"):
            raise InvalidData(f"model status must be active, retired or skipped, got {self.status!r}", field="status")
        if self.window_start > self.window_end:
            raise InvalidData("training window starts after it ends", field="window_start")


@dataclass(frozen=True, slots=True)
class Driver:
    """How much one feature pushed a prediction (log-odds; > 0 raises the defect risk)."""

    feature: str
    value: float | None
    contribution: float


@dataclass(frozen=True, slots=True)
class Recommendation:
    """Move ``parameter`` from ``current`` to ``suggested`` (inside its range) to lower the risk."""

    parameter: str
    current: float | None
    suggested: float
    low: float
    high: float
    risk_before: float
    risk_after: float

    @property
    def effect(self) -> float:
        """Predicted change of the defect probability (negative = better)."""
        return self.risk_after - self.risk_before


@dataclass(frozen=True, slots=True)
class Prediction:
    """Predicted defect risk of one lot by one model version."""

    member: MemberCode
    lot: str
    model_id: str
    risk: float
    at: datetime
    threshold: float
    drivers: tuple[Driver, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not 0.0 <= self.risk <= 1.0:
            raise InvalidData(f"risk of lot {self.lot!r} must be in [0, 1], got {self.risk}", field="risk")

    @property
    def flagged(self) -> bool:
        """At or above the model's decision threshold."""
        return self.risk >= self.threshold
