"""Streaming anomaly detection on machine telemetry: detectors, ensembles and thresholds.

Every detector has the River shape, with ``dict[str, float]`` records (signal -> value):

- ``learn_one(x) -> None`` and ``score_one(x) -> float`` (higher = more anomalous);
- ``score_signals_one(x) -> dict[str, float]``: the score of each signal of ``x``
  (the machine-level detector reports one score under ``MACHINE``);
- ``learn_many(batch)`` and ``score_many(batch, learn=False) -> ndarray`` take a batch of
  columns (``{"temp_c": array, ...}``, NaN = missing) and are vectorised where the maths
  allows; ``learn=True`` scores each row, then learns it (test-then-train);
- ``reset(signal=None)`` forgets a baseline; ``rebaseline(signal)`` accepts a new level.

Scores (all but the probabilities of ``LikelihoodDetector`` and ``ContextDetector``) are z-equivalents in
``[0, SCORE_CAP]`` (30): 3 is as rare as a 3-sigma point for every detector, so one
threshold scale fits all. Values that are not finite numbers
(None, NaN, inf, text) never reach a detector's state. A signal scores 0 until it has a
baseline (``min_samples`` values: no alarms on a cold start, nor for a channel that
appears mid-stream).

Modules:

- ``shewhart``: ``Shewhart`` individuals chart with Nelson / Western Electric run rules;
- ``ewma``: ``Ewma`` chart; ``cusum``: ``Cusum`` (tabular, two-sided);
- ``robust``: ``RobustDetector`` (rolling median / MAD); ``stuck``: ``StuckSensor``;
- ``likelihood``: ``LikelihoodDetector`` (robust surprise -> anomaly likelihood in [0, 1],
  with a refractory period);
- ``context``: ``ContextDetector`` (multi-scale surprise likelihood + first-seen value
  contexts + range novelty, in [0, 1], habituated to how often the series surprises, with a
  refractory period; the NAB detector);
- ``resonance``: ``ResonanceDetector`` (fuzzy Adaptive Resonance Theory categories of
  windowed, downsampled values, restarted when the range grows; ARTime's idea, in [0, 1]);
- ``smoothing``: ``TrailingMean`` (look-back smoothing of noisy signals before a detector);
- ``multivariate``: ``MachineDetector`` (Mahalanobis with shrinkage, machine level);
- ``ensemble``: ``Ensemble`` (a member returning NaN or failing on degenerate data is
  skipped and named in ``skipped``, never propagated);
- ``threshold``: ``ThresholdFilter(detector, threshold, thresholds={signal: ...})`` with
  ``classify(score, signal)`` and ``process_one(x) -> Verdict`` (alarm episodes with
  hysteresis; a confirmed level shift is re-baselined, giving one alarm);
- ``evaluation``: ``evaluate`` checks a results file (missing rows, time zones of labels,
  shifted windows) before it gives a NAB score;
- ``alarms``, ``escalation``, ``rules``: the alarm lifecycle built on these scores (see
  their own docstrings);
- ``nab_scoring``: the NAB benchmark scorer (windows, scaled sigmoid, profiles, threshold sweep).

Example:
    >>> from onefactory.monitor import Ensemble, RobustDetector, StuckSensor, ThresholdFilter
    >>> alarms = ThresholdFilter(Ensemble({"robust": RobustDetector(), "stuck": StuckSensor()}), threshold=4.0)
    >>> verdict = alarms.process_one({"temp_c": 71.2, "pressure_bar": float("nan")})
    >>> verdict.scores, verdict.alarms
    ({'temp_c': 0.0}, ())
"""

from ._signals import SCORE_CAP, finite_items
from .context import ContextDetector
from .cusum import Cusum
from .ensemble import Detector, Ensemble
from .ewma import Ewma
from .likelihood import LikelihoodDetector
from .multivariate import MACHINE, MachineDetector, chi2_to_z
from .resonance import ResonanceDetector
from .robust import RobustDetector
from .shewhart import Shewhart, nelson_rules, western_electric_rules
from .smoothing import TrailingMean
from .stuck import StuckSensor
from .threshold import Alarm, ThresholdFilter, Verdict

__all__ = [
    "MACHINE",
    "SCORE_CAP",
    "Alarm",
    "ContextDetector",
    "Cusum",
    "Detector",
    "Ensemble",
    "Ewma",
    "LikelihoodDetector",
    "MachineDetector",
    "ResonanceDetector",
    "RobustDetector",
    "Shewhart",
    "StuckSensor",
    "ThresholdFilter",
    "TrailingMean",
    "Verdict",
    "chi2_to_z",
    "finite_items",
    "nelson_rules",
    "western_electric_rules",
]
