"""Defect-risk use cases: train a versioned model on inspected lots (rolling window), predict the
risk of open lots with their top drivers, and recommend setting changes within allowed ranges.

Visibility: a member always sees its own models and lot risks; another member (e.g. its customer)
only under a ``quality`` grant, and every such read is logged for the owner."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from onefactory.model import (
    ControlRange,
    DataScope,
    InvalidData,
    LotRecord,
    ModelVersion,
    NotFound,
    Prediction,
    User,
)
from onefactory.quality.predict import (
    DefectRiskModel,
    DriftReport,
    check_drift,
    load_model,
    model_bytes,
    recommend,
    top_drivers,
)
from onefactory.store import Store, Unit

from .access import check_read, require_write
from .quality_lots import lot_records

DEFAULT_WINDOW = 500
MIN_FAILED = 5
"""Fewer failed lots than this in a window: the model is stored but not put in service."""


@dataclass(frozen=True, slots=True)
class TrainOutcome:
    """The stored version, whether it went into service, and why not."""

    version: ModelVersion
    in_service: bool
    reason: str = ""


def frame_of(records: Sequence[LotRecord]) -> pd.DataFrame:
    """Features of lots as a table (one row per lot, NaN where a lot lacks a feature)."""
    return pd.DataFrame.from_records([r.features for r in records], index=[r.lot for r in records]).astype(float)


def fit_version(
    records: Sequence[LotRecord],
    member: str,
    now: datetime,
    *,
    item: str = "",
    controls: Sequence[ControlRange] = (),
    min_failed: int = MIN_FAILED,
) -> tuple[ModelVersion, bytes, DefectRiskModel]:
    """Fit a model on inspected, time-ordered lots; a one-class window, or one with fewer than
    ``min_failed`` failed lots, gives a ``skipped`` version that says why."""
    if not records:
        raise InvalidData(f"no inspected lot of {member} to train on", field="lots")
    frame = frame_of(records)
    labels = [int(bool(r.failed)) for r in records]
    model = DefectRiskModel().fit(frame, labels)
    blob, digest = model_bytes(model)
    warnings = list(model.warnings_) + _unknown_controls(controls, frame.columns, model.kept_features_)
    too_few = not model.one_class_ and sum(labels) < min_failed
    if too_few:
        warnings.append(
            f"only {sum(labels)} failed lot(s) in the training window (need {min_failed}); not put in service"
        )
    metrics = {"base_rate": model.base_rate_, "threshold": model.threshold_, **model.validation_}
    version = ModelVersion(
        id=f"qm-{secrets.token_hex(6)}",
        member=member,
        trained_at=now,
        window_start=records[0].at,
        window_end=records[-1].at,
        n_lots=len(records),
        positives=sum(labels),
        metrics={k: float(v) for k, v in metrics.items()},
        features=tuple(str(c) for c in model.kept_features_),
        status="skipped" if model.one_class_ or too_few else "active",
        item=item,
        controls=tuple(controls),
        warnings=tuple(warnings),
        sha256=digest,
    )
    return version, blob, model


def _unknown_controls(controls: Sequence[ControlRange], columns: pd.Index, kept: Sequence[str]) -> list[str]:
    """A warning for each controllable parameter the model cannot change: not a lot feature
    at all, or a feature the fit left out (constant or all missing in the window)."""
    out = []
    for c in controls:
        if c.parameter not in columns:
            out.append(
                f"control {c.parameter!r} is not a lot feature (lot features are <signal>.mean, "
                ".std, .min, .max, .slope or .last); no advice on it"
            )
        elif c.parameter not in kept:
            out.append(f"control {c.parameter!r} was left out of this model (no usable values); no advice on it")
    return out


def train_records(
    store: Store,
    member: str,
    records: Sequence[LotRecord],
    now: datetime,
    *,
    item: str = "",
    window: int = DEFAULT_WINDOW,
    controls: Sequence[ControlRange] = (),
    min_failed: int = MIN_FAILED,
) -> TrainOutcome:
    """Retrain on the newest ``window`` inspected lots; a one-class (or nearly one-class) window is
    stored as skipped and the model in service stays."""
    if window < 1:
        raise InvalidData(f"training window must hold at least 1 lot, got {window}", field="window")
    inspected = sorted((r for r in records if r.failed is not None), key=lambda r: (r.at, r.lot))[-window:]
    version, blob, _ = fit_version(inspected, member, now, item=item, controls=controls, min_failed=min_failed)
    with store.write() as tx:
        tx.members.get(member)
        version = replace(version, id=tx.quality_models.next_id(version.id.removeprefix("qm-")))
        tx.quality_models.add(version, blob)
    if version.status == "skipped":
        return TrainOutcome(version, False, "; ".join(version.warnings) or "retrain skipped")
    return TrainOutcome(version, True)


def train(
    store: Store,
    user: User,
    now: datetime,
    *,
    item: str = "",
    window: int = DEFAULT_WINDOW,
    controls: Sequence[ControlRange] = (),
) -> TrainOutcome:
    """Train the caller's member's model on its inspected production lots and their telemetry."""
    require_write(user)
    with store.read() as tx:
        records = lot_records(tx, user.member, item)
    return train_records(store, user.member, records, now, item=item, window=window, controls=controls)


def _in_service(tx: Unit, member: str, item: str) -> tuple[ModelVersion, DefectRiskModel]:
    version = tx.quality_models.active(member, item)
    if version is None:
        raise NotFound(f"{member} has no defect-risk model in service{' for item ' + item if item else ''}")
    return version, load_model(tx.quality_models.blob(version.id), version.sha256)


def predict_records(
    version: ModelVersion, model: DefectRiskModel, records: Sequence[LotRecord], now: datetime, *, explain: bool = False
) -> list[Prediction]:
    """Risk of each lot (with drivers and recommendations when ``explain``)."""
    if not records:
        return []
    frame = frame_of(records).reindex(columns=list(model.feature_names_in_))
    scores = model.risk(frame)
    drivers = top_drivers(model, frame, top=3) if explain else [() for _ in records]
    out = []
    for i, r in enumerate(records):
        advice = tuple(recommend(model, frame.iloc[[i]], version.controls)) if explain and version.controls else ()
        out.append(
            Prediction(
                r.member,
                r.lot,
                version.id,
                float(scores.risk[i]),
                now,
                model.threshold_,
                drivers[i],
                advice,
                scores.warnings + _unseen(r, model),
            )
        )
    return out


def _unseen(record: LotRecord, model: DefectRiskModel) -> tuple[str, ...]:
    missing = set(model.kept_features_) - set(record.features)
    return (f"{len(missing)} model feature(s) have no value for this lot",) if missing else ()


def open_lot_risks(store: Store, user: User, member: str, now: datetime, item: str = "") -> list[Prediction]:
    """Predicted risk of every open (not yet inspected) lot of ``member`` that has process data,
    highest first. Each lot is scored by the model of its item, else by the member's model
    trained across items; without ``item`` that covers every item with a model."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, "quality risk of open lots", now)
        records = [r for r in lot_records(tx, member, item, open_only=True) if r.features]
        groups = _by_model(tx, member, item, records)
    out = [p for (version, model), rows in groups for p in predict_records(version, model, rows, now, explain=True)]
    return sorted(out, key=lambda p: -p.risk)


def lot_risk(store: Store, user: User, member: str, lot: str, now: datetime, item: str = "") -> Prediction:
    """Risk of one lot with its top drivers and recommended settings."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, f"quality risk of lot {lot}", now)
        records = lot_records(tx, member, item, lot=lot)
        if not records:
            raise NotFound(f"no production lot {lot!r} of {member}")
        if not records[0].features:
            raise InvalidData(f"lot {lot!r} has no process data in its production window to predict from", field="lot")
        groups = _by_model(tx, member, item, records)
    if not groups:
        raise NotFound(f"{member} has no defect-risk model in service for item {records[0].item}")
    (version, model), rows = groups[0]
    return predict_records(version, model, rows, now, explain=True)[0]


def _by_model(
    tx: Unit, member: str, item: str, records: Sequence[LotRecord]
) -> list[tuple[tuple[ModelVersion, DefectRiskModel], list[LotRecord]]]:
    """Records grouped by the model in service for them: ``item``'s (or, without ``item``, each
    record's item's), else the member's model across items. NotFound when none applies."""
    if item:
        pair = _in_service(tx, member, item)
        return [(pair, list(records))] if records else []
    if not any(v.status == "active" for v in tx.quality_models.of(member)):
        raise NotFound(f"{member} has no defect-risk model in service")
    loaded: dict[str, tuple[ModelVersion, DefectRiskModel] | None] = {}

    def service(key: str) -> tuple[ModelVersion, DefectRiskModel] | None:
        """The model in service for ``key`` (``""``: across items), loaded once per call."""
        if key not in loaded:
            loaded[key] = _service_or_none(tx, member, key)
        return loaded[key]

    pairs: dict[str, tuple[ModelVersion, DefectRiskModel]] = {}
    groups: dict[str, list[LotRecord]] = {}
    for r in records:
        if (pair := service(r.item) or service("")) is not None:
            pairs[pair[0].id] = pair
            groups.setdefault(pair[0].id, []).append(r)
    return [(pairs[model_id], rows) for model_id, rows in groups.items()]


def _service_or_none(tx: Unit, member: str, item: str) -> tuple[ModelVersion, DefectRiskModel] | None:
    try:
        return _in_service(tx, member, item)
    except NotFound:
        return None


def models(store: Store, user: User, member: str, now: datetime) -> list[ModelVersion]:
    """Model versions of ``member``, newest first."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, "quality models", now)
        return tx.quality_models.of(member)


@dataclass(frozen=True, slots=True)
class ModelDrift:
    """The drift of the recent lots scored by one model in service."""

    version: ModelVersion
    lots: int
    report: DriftReport


def drift(store: Store, user: User, now: datetime, item: str = "", recent: int = 50) -> DriftReport:
    """Drift of the caller's member's newest ``recent`` lots against its model's training sample."""
    with store.read() as tx:
        _, model = _in_service(tx, user.member, item)
        records = lot_records(tx, user.member, item)[-recent:]
    return _drift_of(user.member, model, records)


def drift_by_model(store: Store, user: User, now: datetime, item: str = "", recent: int = 50) -> list[ModelDrift]:
    """Drift of every model in service for the caller's member, each on the newest ``recent`` lots it
    scores; models are picked as for open-lot risk (the item's model, else the one across items)."""
    with store.read() as tx:
        records = lot_records(tx, user.member, item)
        groups = _by_model(tx, user.member, item, records)
    if not groups:
        raise InvalidData(f"no lot of {user.member} to check for drift", field="lots")
    return [
        ModelDrift(version, len(rows[-recent:]), _drift_of(user.member, model, rows[-recent:]))
        for (version, model), rows in groups
    ]


def _drift_of(member: str, model: DefectRiskModel, records: Sequence[LotRecord]) -> DriftReport:
    if not records:
        raise InvalidData(f"no lot of {member} to check for drift", field="lots")
    frame = frame_of(records).reindex(columns=list(model.feature_names_in_))
    kept, _ = model.kept_matrix(frame)
    return check_drift(model.drift_reference_, kept, model.risk(frame).risk)


def score_lots(
    store: Store, user: User, member: str, records: Sequence[LotRecord], now: datetime, item: str = ""
) -> list[Prediction]:
    """Risk of lots given as records (e.g. from a file) by ``member``'s model in service."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, f"quality risk of {len(records)} lot(s)", now)
        version, model = _in_service(tx, member, item)
    return predict_records(version, model, records, now)


def retrain_if_drifted(
    store: Store, user: User, now: datetime, *, item: str = "", window: int = DEFAULT_WINDOW, recent: int = 50
) -> tuple[DriftReport, TrainOutcome | None]:
    """Check drift and retrain (keeping the model's controls) when the report asks for it."""
    report = drift(store, user, now, item, recent)
    if not report.retrain:
        return report, None
    with store.read() as tx:
        controls = _in_service(tx, user.member, item)[0].controls
    return report, train(store, user, now, item=item, window=window, controls=controls)
