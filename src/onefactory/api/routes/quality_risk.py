"""Defect-risk prediction: train versioned models, list them, read lot risks with drivers and
recommended settings. Another member reads them only under a ``quality`` grant (logged)."""

from __future__ import annotations

from fastapi import APIRouter

from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_quality_risk import DriftOut, ModelOut, RiskOut, TrainIn, TrainOut
from onefactory.services import quality_risk

router = APIRouter(tags=["quality risk"])


@router.post("/quality/models/train", response_model=TrainOut, status_code=201)
def train(body: TrainIn, rt: RuntimeDep, user: UserDep) -> TrainOut:
    """Train on the caller's member's newest inspected lots; a one-class window is kept out of service."""
    controls = [c.to_domain() for c in body.controls]
    outcome = quality_risk.train(rt.store, user, rt.now(), item=body.item, window=body.window, controls=controls)
    return TrainOut.from_domain(outcome)


@router.get("/quality/models", response_model=list[ModelOut])
def models(rt: RuntimeDep, user: UserDep, member: str | None = None) -> list[ModelOut]:
    """Model versions of a member (default: the caller's), newest first."""
    return [ModelOut.from_domain(v) for v in quality_risk.models(rt.store, user, member or user.member, rt.now())]


@router.get("/quality/risk", response_model=list[RiskOut])
def open_lots(rt: RuntimeDep, user: UserDep, member: str | None = None, item: str = "") -> list[RiskOut]:
    """Predicted risk of every open lot of a member, highest first, with drivers and recommendations."""
    rows = quality_risk.open_lot_risks(rt.store, user, member or user.member, rt.now(), item)
    return [RiskOut.from_domain(p) for p in rows]


@router.get("/quality/lots/{lot}/risk", response_model=RiskOut)
def lot_risk(lot: str, rt: RuntimeDep, user: UserDep, member: str | None = None, item: str = "") -> RiskOut:
    """Predicted risk of one lot, its top drivers and the setting changes that lower it."""
    return RiskOut.from_domain(quality_risk.lot_risk(rt.store, user, member or user.member, lot, rt.now(), item))


@router.get("/quality/drift", response_model=DriftOut)
def drift(rt: RuntimeDep, user: UserDep, item: str = "") -> DriftOut:
    """Drift of the caller's newest lots against the training sample of each model in service (as
    /quality/risk picks them: the item's model, else the one across items), and whether to retrain."""
    return DriftOut.from_domain(quality_risk.drift_by_model(rt.store, user, rt.now(), item))
