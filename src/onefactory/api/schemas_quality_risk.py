"""Request and response bodies of defect-risk prediction; converted explicitly from ``model`` types."""

from __future__ import annotations

import math
from datetime import datetime

from pydantic import BaseModel, Field

from onefactory import model as m
from onefactory.quality.predict import FeatureDrift
from onefactory.services.quality_risk import ModelDrift, TrainOutcome


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


class ModelDriftOut(BaseModel):
    """Drift of the recent lots scored by one model in service."""

    model: str
    item: str
    lots: int
    retrain: bool
    reasons: list[str]
    score: FeatureDriftOut | None
    features: list[FeatureDriftOut]

    @classmethod
    def from_domain(cls, d: ModelDrift) -> ModelDriftOut:
        """From one model's drift."""
        r = d.report
        return cls(
            model=d.version.id,
            item=d.version.item,
            lots=d.lots,
            retrain=r.retrain,
            reasons=list(r.reasons),
            score=None if r.score is None else _feature_drift(r.score),
            features=[_feature_drift(f) for f in r.features],
        )


def _feature_drift(f: FeatureDrift) -> FeatureDriftOut:
    return FeatureDriftOut(feature=f.feature, psi=f.psi, ks=f.ks, missing_share=f.missing_share, shifted=f.shifted)


class DriftOut(BaseModel):
    """Drift of recent lots against the training sample, and the retrain decision, per model in service.

    With one model the top-level fields are its report; with several, ``retrain`` is true when any
    model's is, ``reasons`` name the model, and ``score`` and ``features`` are in ``models``."""

    retrain: bool
    reasons: list[str]
    score: FeatureDriftOut | None
    features: list[FeatureDriftOut]
    models: list[ModelDriftOut]

    @classmethod
    def from_domain(cls, drifts: list[ModelDrift]) -> DriftOut:
        """From the drift of each model in service."""
        models = [ModelDriftOut.from_domain(d) for d in drifts]
        if len(models) == 1:
            one = models[0]
            return cls(retrain=one.retrain, reasons=one.reasons, score=one.score, features=one.features, models=models)
        reasons = [f"model {d.model} ({d.item or 'all items'}): {r}" for d in models for r in d.reasons]
        return cls(retrain=any(d.retrain for d in models), reasons=reasons, score=None, features=[], models=models)
