"""Request and response bodies of defect-risk prediction; converted explicitly from ``model`` types."""

from __future__ import annotations

import math
from datetime import datetime

from pydantic import BaseModel, Field

from onefactory import model as m
from onefactory.quality.predict import DriftReport, FeatureDrift
from onefactory.services.quality_risk import TrainOutcome


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


class ControlIn(BaseModel):
    """A controllable parameter (a model feature) and its allowed range."""

    parameter: str = Field(min_length=1, max_length=300)
    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    def to_domain(self) -> m.ControlRange:
        """The domain range (refuses low > high)."""
        return m.ControlRange(self.parameter, self.low, self.high)


class TrainIn(BaseModel):
    """Train the caller's member's model on its newest ``window`` inspected lots."""

    item: str = ""
    window: int = Field(500, ge=1, le=1_000_000)
    controls: list[ControlIn] = Field(default_factory=list)


class ModelOut(BaseModel):
    """A model version with its training window, data counts and validation metrics."""

    id: str
    member: str
    item: str
    status: str
    trained_at: datetime
    window_start: datetime
    window_end: datetime
    n_lots: int
    positives: int
    metrics: dict[str, float]
    features: list[str]
    controls: list[ControlIn]
    warnings: list[str]

    @classmethod
    def from_domain(cls, v: m.ModelVersion) -> ModelOut:
        """From the domain version."""
        return cls(
            id=v.id,
            member=v.member,
            item=v.item,
            status=v.status,
            trained_at=v.trained_at,
            window_start=v.window_start,
            window_end=v.window_end,
            n_lots=v.n_lots,
            positives=v.positives,
            metrics={k: x for k, x in v.metrics.items() if math.isfinite(x)},
            features=list(v.features),
            controls=[ControlIn(parameter=c.parameter, low=c.low, high=c.high) for c in v.controls],
            warnings=list(v.warnings),
        )


class TrainOut(BaseModel):
    """The stored version and whether it went into service."""

    model: ModelOut
    in_service: bool
    reason: str

    @classmethod
    def from_domain(cls, outcome: TrainOutcome) -> TrainOut:
        """From the service outcome."""
        return cls(model=ModelOut.from_domain(outcome.version), in_service=outcome.in_service, reason=outcome.reason)


class DriverOut(BaseModel):
    """A feature that pushed the prediction (log-odds contribution; > 0 raises risk)."""

    feature: str
    value: float | None
    contribution: float


class RecommendationOut(BaseModel):
    """A setting change inside its allowed range and its predicted effect on the risk."""

    parameter: str
    current: float | None
    suggested: float
    low: float
    high: float
    risk_before: float
    risk_after: float
    effect: float


class RiskOut(BaseModel):
    """Predicted defect risk of one lot, why, and what to change."""

    member: str
    lot: str
    model_id: str
    risk: float
    threshold: float
    flagged: bool
    at: datetime
    drivers: list[DriverOut]
    recommendations: list[RecommendationOut]
    warnings: list[str]

    @classmethod
    def from_domain(cls, p: m.Prediction) -> RiskOut:
        """From the domain prediction."""
        return cls(
            member=p.member,
            lot=p.lot,
            model_id=p.model_id,
            risk=p.risk,
            threshold=p.threshold,
            flagged=p.flagged,
            at=p.at,
            drivers=[
                DriverOut(feature=d.feature, value=_finite(d.value), contribution=d.contribution) for d in p.drivers
            ],
            recommendations=[
                RecommendationOut(
                    parameter=r.parameter,
                    current=_finite(r.current),
                    suggested=r.suggested,
                    low=r.low,
                    high=r.high,
                    risk_before=r.risk_before,
                    risk_after=r.risk_after,
                    effect=r.effect,
                )
                for r in p.recommendations
            ],
            warnings=list(p.warnings),
        )


class FeatureDriftOut(BaseModel):
    """Shift of one feature (or of the predicted risk)."""

    feature: str
    psi: float
    ks: float
    missing_share: float
    shifted: bool


class DriftOut(BaseModel):
    """Drift of recent lots against the training sample, and the retrain decision."""

    retrain: bool
    reasons: list[str]
    score: FeatureDriftOut | None
    features: list[FeatureDriftOut]

    @classmethod
    def from_domain(cls, report: DriftReport) -> DriftOut:
        """From the drift report."""

        def one(f: FeatureDrift) -> FeatureDriftOut:
            return FeatureDriftOut(
                feature=f.feature, psi=f.psi, ks=f.ks, missing_share=f.missing_share, shifted=f.shifted
            )

        return cls(
            retrain=report.retrain,
            reasons=list(report.reasons),
            score=None if report.score is None else one(report.score),
            features=[one(f) for f in report.features],
        )
