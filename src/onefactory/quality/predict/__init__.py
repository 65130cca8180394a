"""Defect-risk prediction from process data.

``features`` turns telemetry windows, settings and material lots into one row per lot;
``estimator`` holds ``DefectRiskModel`` (LightGBM, calibrated on a time-ordered holdout);
``explain`` gives the top drivers of a prediction, ``recommend`` the setting changes that lower
the risk within allowed ranges; ``drift`` compares recent lots with the training sample;
``metrics`` the scores the benchmarks report; ``persist`` the bytes kept in the store.
"""

from .drift import DriftReference, DriftReport, FeatureDrift, check_drift
from .estimator import BOOSTER_GRID, DefectRiskModel, RiskScores
from .explain import top_drivers
from .features import (
    FeatureTable,
    LotWindow,
    aggregate_samples,
    join_features,
    material_features,
    settings_features,
    telemetry_features,
)
from .metrics import (
    average_precision,
    balanced_accuracy,
    best_f1_threshold,
    bootstrap_ci,
    chance_band,
    f1,
    mean_ci,
    roc_auc,
)
from .persist import load_model, model_bytes
from .recommend import recommend

__all__ = [
    "BOOSTER_GRID",
    "DefectRiskModel",
    "DriftReference",
    "DriftReport",
    "FeatureDrift",
    "FeatureTable",
    "LotWindow",
    "RiskScores",
    "aggregate_samples",
    "average_precision",
    "balanced_accuracy",
    "best_f1_threshold",
    "bootstrap_ci",
    "chance_band",
    "check_drift",
    "f1",
    "join_features",
    "load_model",
    "material_features",
    "mean_ci",
    "model_bytes",
    "recommend",
    "roc_auc",
    "settings_features",
    "telemetry_features",
    "top_drivers",
]
