"""Statistical process control (pure): control charts, run rules, capability.

How the modules relate: ``constants`` (Montgomery's chart factors) feeds
``charts`` (fit limits on a baseline, place them, build a chart); ``rules``
tests a standardized series (Western Electric, Nelson 1-8); ``evaluator``
joins them, for a whole history (:func:`evaluate_history`) or one result at
a time (:class:`Evaluator`); ``capability`` gives Cp, Cpk, Pp, Ppk with
confidence intervals.

Example:
    >>> from datetime import UTC, datetime
    >>> from decimal import Decimal
    >>> from onefactory.model import ChartKind, InspectionResult
    >>> at = datetime(2026, 1, 1, tzinfo=UTC)
    >>> ev = Evaluator(ChartKind.I_MR, baseline=5)
    >>> values = ["10.0", "10.2", "9.9", "10.1", "10.0", "13.5"]
    >>> found = ev.update_many(InspectionResult("SUP", "P-1", f"L{i}", "bore", Decimal(v), at)
    ...                        for i, v in enumerate(values))
    >>> [(s.series, s.rule, s.index) for s in found]
    [('x', 'nelson-1', 5), ('mr', 'nelson-1', 5)]
"""

from .capability import Capability, Index, capability
from .charts import Chart, Params, Series, Subgroup, build, fit, place
from .constants import ChartConstants, constants
from .evaluator import Evaluator, Signal, alarming, chart_signals, evaluate_history, subgroups
from .rules import RULE_TEXT, Violation, check, standardize

__all__ = [
    "RULE_TEXT",
    "Capability",
    "Chart",
    "ChartConstants",
    "Evaluator",
    "Index",
    "Params",
    "Series",
    "Signal",
    "Subgroup",
    "Violation",
    "alarming",
    "build",
    "capability",
    "chart_signals",
    "check",
    "constants",
    "evaluate_history",
    "fit",
    "place",
    "standardize",
    "subgroups",
]
