"""Quality records: characteristics with their specification, inspection results,
control-chart signals and the evidence a quality notice carries to a customer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from .cluster import check_path_segment
from .errors import InvalidData
from .ids import ItemCode, MemberCode
from .moments import window_problem


class ChartKind(StrEnum):
    """Shewhart control charts: three for measured values, four for counts."""

    XBAR_R = "xbar_r"
    XBAR_S = "xbar_s"
    I_MR = "i_mr"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"

    @property
    def is_variable(self) -> bool:
        """Whether points are measured values (else defect counts in samples)."""
        return self in (ChartKind.XBAR_R, ChartKind.XBAR_S, ChartKind.I_MR)

    @property
    def counts_defectives(self) -> bool:
        """Whether points count defective units of a sample (p, np), so at most the sample size;
        c and u count defects, of which one unit may have several."""
        return self in (ChartKind.P, ChartKind.NP)


class RuleSet(StrEnum):
    """Which run rules a chart is tested with."""

    WESTERN_ELECTRIC = "western-electric"
    NELSON = "nelson"


@dataclass(frozen=True, slots=True)
class Characteristic:
    """A measured or counted property of an item, with its specification and chart.

    ``subgroup_size`` is the number of measurements per lot plotted as one point
    (X-bar charts); ``baseline`` the number of points whose limits are then frozen.
    """

    member: MemberCode
    item: ItemCode
    code: str
    chart: ChartKind = ChartKind.I_MR
    lsl: Decimal | None = None
    usl: Decimal | None = None
    target: Decimal | None = None
    unit: str = ""
    subgroup_size: int = 1
    baseline: int = 20
    rules: RuleSet = RuleSet.NELSON
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "chart", ChartKind(self.chart))
        object.__setattr__(self, "rules", RuleSet(self.rules))
        if not self.code.strip():
            raise InvalidData("characteristic code must not be blank", field="characteristic")
        check_path_segment(self.code, "characteristic code", "code")
        if self.lsl is not None and self.usl is not None and self.lsl >= self.usl:
            raise InvalidData(f"lsl {self.lsl} must be below usl {self.usl}", field="lsl")
        self._check_subgroup()
        if self.baseline < 2:
            raise InvalidData(f"baseline must be at least 2 points, got {self.baseline}", field="baseline")

    def _check_subgroup(self) -> None:
        n = self.subgroup_size
        if self.chart in (ChartKind.XBAR_R, ChartKind.XBAR_S) and not 2 <= n <= 25:
            raise InvalidData(f"{self.chart.value} needs a subgroup size of 2..25, got {n}", field="subgroup_size")
        if self.chart is ChartKind.I_MR and n != 1:
            raise InvalidData(f"i_mr plots single values; subgroup size must be 1, got {n}", field="subgroup_size")


EARLIEST_INSPECTION = datetime(1990, 1, 1, tzinfo=UTC)
MAX_INSPECTION_AHEAD = timedelta(hours=24)
"""Inspection times are bounded as telemetry times are: none before 1990, none more than 24 h
ahead of receipt (a mistyped year would otherwise become the newest point of a chart)."""


def check_inspected_at(at: datetime, received_at: datetime) -> None:
    """Refuse an inspection time before 1990 or more than 24 h after ``received_at`` (field ``at``).

    >>> try:
    ...     check_inspected_at(datetime(2026, 5, 3, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
    ... except InvalidData as e:
    ...     print(e, "|", e.field)
    inspection time 2026-05-03T00:00:00+00:00 is 48.0 h ahead of receipt (limit 24 h) | at
    """
    problem = window_problem(at, received_at, MAX_INSPECTION_AHEAD, EARLIEST_INSPECTION)
    if problem is not None:
        raise InvalidData(f"inspection time {problem}", field="at")


def check_defectives(defects: int | None, sample_size: int | None) -> None:
    """Refuse more defective units than the sample holds (a result on a p or np chart)."""
    if defects is not None and sample_size is not None and defects > sample_size:
        raise InvalidData(
            f"defects {defects} exceed sample_size {sample_size}: a sample of {sample_size} units "
            f"has at most {sample_size} defective units",
            field="defects",
        )


MAX_MEASUREMENT = Decimal(10) ** 15
"""The largest size of a measured value or specification limit: charts compute in floats."""


def _measurable(value: Decimal | None, name: str) -> None:
    if value is not None and not (value.is_finite() and abs(value) <= MAX_MEASUREMENT):
        raise InvalidData(f"{name} must be a finite number of at most 1e15 in size, got {value}", field=name)


@dataclass(frozen=True, slots=True)
class InspectionResult:
    """One inspection of a lot: a measured ``value``, or ``defects`` found in ``sample_size`` units."""

    member: MemberCode
    item: ItemCode
    lot: str
    characteristic: str
    value: Decimal | None
    at: datetime
    lsl: Decimal | None = None
    usl: Decimal | None = None
    defects: int | None = None
    sample_size: int | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise InvalidData(f"inspection time must be timezone-aware, got {self.at}", field="at")
        if not str(self.lot).strip():
            raise InvalidData("lot must not be blank", field="lot")
        check_path_segment(self.lot, "lot", "lot")
        check_path_segment(self.characteristic, "characteristic code", "characteristic")
        if (self.value is None) == (self.defects is None):
            raise InvalidData("give either a measured value or a defect count", field="value")
        for name in ("value", "lsl", "usl"):
            _measurable(getattr(self, name), name)
        if self.lsl is not None and self.usl is not None and self.lsl >= self.usl:
            raise InvalidData(f"lsl {self.lsl} must be below usl {self.usl}", field="lsl")
        self._check_counts()

    def _check_counts(self) -> None:
        if self.defects is not None and self.defects < 0:
            raise InvalidData(f"defects must be >= 0, got {self.defects}", field="defects")
        if self.sample_size is not None and self.sample_size <= 0:
            raise InvalidData(f"sample_size must be > 0, got {self.sample_size}", field="sample_size")
        if self.defects is not None and self.sample_size is None:
            raise InvalidData("a defect count needs its sample_size", field="sample_size")

    @property
    def passed(self) -> bool:
        """Inside the specification limits that are set (a count passes when it has no defects)."""
        if self.value is None:
            return self.defects == 0
        low_ok = self.lsl is None or self.value >= self.lsl
        return low_ok and (self.usl is None or self.value <= self.usl)


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One plotted point: its position, the lot it stands for, when, and its value."""

    index: int
    lot: str
    at: datetime
    value: float


@dataclass(frozen=True, slots=True)
class ControlSignal:
    """A run rule broken on a chart series: the point that completed it and the points involved."""

    id: str
    member: MemberCode
    item: ItemCode
    characteristic: str
    chart: ChartKind
    series: str
    rule: str
    index: int
    lot: str
    at: datetime
    value: float
    center: float
    lcl: float
    ucl: float
    points: tuple[int, ...] = ()
    alarm_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "chart", ChartKind(self.chart))
        object.__setattr__(self, "points", tuple(int(p) for p in self.points))


@dataclass(frozen=True, slots=True)
class QualityEvidence:
    """What a quality notice shows its recipient: the chart, its limits, the points and the rule."""

    notification_id: str
    sender: MemberCode
    recipient: MemberCode
    item: ItemCode
    characteristic: str
    chart: ChartKind
    series: str
    rule: str
    rule_text: str
    center: float
    lcl: float
    ucl: float
    points: tuple[ChartPoint, ...]
    flagged: tuple[int, ...] = ()
    unit: str = ""
    lsl: float | None = None
    usl: float | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "chart", ChartKind(self.chart))
