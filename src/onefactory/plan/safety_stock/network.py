"""The guaranteed-service network: stages, arcs, and the placement a solver returns.

A stage holds a processing time, a holding cost per unit and period, and at demand
stages the external demand (standard deviation per period), a service level (or its
safety factor ``z``) and the longest service time promised to customers. Arcs run
upstream -> downstream (material flow). Service times are whole periods.

Example:
    >>> net = Network(
    ...     (Stage("P", 2, 1.0), Stage("R", 1, 3.0, demand_std=10, service_level=0.95, max_service_days=0)),
    ...     (("P", "R"),),
    ... )
    >>> net.names, round(net.stage("R").safety_factor or 0, 4)
    (('P', 'R'), 1.6449)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from onefactory.model import InvalidData


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage: ``processing_days`` to make or move a unit, ``holding_cost`` per unit-period.

    ``service_level`` (or ``z``) and ``max_service_days`` matter at demand stages; an
    internal stage without them takes the highest safety factor of the stages it feeds.
    """

    name: str
    processing_days: float
    holding_cost: float
    demand_std: float = 0.0
    demand_mean: float = 0.0
    service_level: float | None = None
    z: float | None = None
    max_service_days: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidData(f"stage name must be a non-empty text, got {self.name!r}", field="name")
        for field in ("processing_days", "holding_cost", "demand_std", "demand_mean"):
            _check_non_negative(self.name, field, getattr(self, field))
        if self.service_level is not None and not 0.0 < self.service_level < 1.0:
            raise InvalidData(
                f"stage {self.name}: service_level must be in (0, 1), got {self.service_level}", field="service_level"
            )
        if self.max_service_days is not None and self.max_service_days < 0:
            raise InvalidData(
                f"stage {self.name}: max_service_days must be >= 0, got {self.max_service_days}",
                field="max_service_days",
            )

    @property
    def safety_factor(self) -> float | None:
        """``z`` if given, else the normal quantile of ``service_level``, else None."""
        if self.z is not None:
            return self.z
        if self.service_level is not None:
            return NormalDist().inv_cdf(self.service_level)
        return None


def _check_non_negative(stage: str, field: str, value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise InvalidData(f"stage {stage}: {field} must be a finite number >= 0, got {value!r}", field=field)


@dataclass(frozen=True, slots=True)
class Network:
    """Stages and arcs ``(upstream, downstream)``; names are unique, arcs name known stages."""

    stages: tuple[Stage, ...]
    arcs: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for stage in self.stages:
            if stage.name in seen:
                raise InvalidData(f"stage {stage.name} appears twice", field="stages")
            seen.add(stage.name)
        for src, dst in self.arcs:
            for end in (src, dst):
                if end not in seen:
                    raise InvalidData(f"arc {src} -> {dst} names an unknown stage {end!r}", field="arcs")
            if src == dst:
                raise InvalidData(f"arc {src} -> {dst} is a loop", field="arcs")
        if len(set(self.arcs)) != len(self.arcs):
            raise InvalidData("an arc appears twice", field="arcs")

    @property
    def names(self) -> tuple[str, ...]:
        """Stage names in the given order."""
        return tuple(s.name for s in self.stages)

    def stage(self, name: str) -> Stage:
        """The stage called ``name``."""
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise InvalidData(f"no stage named {name!r}", field="stage")


@dataclass(frozen=True, slots=True)
class StagePlacement:
    """Where one stage stands in the plan: quoted (outbound) and inbound service times,
    net replenishment time, safety stock in units and its holding cost per period."""

    stage: str
    service_days: int
    inbound_days: int
    net_replenishment_days: float
    safety_stock_units: float
    cost: float


@dataclass(frozen=True, slots=True)
class SafetyStockPlan:
    """A placement for every stage; ``cost`` is the holding cost of all safety stock.

    ``method`` is ``tree-dp`` (exact) or ``mip``; ``lower_bound`` is proven, so
    ``proven_gap = (cost - lower_bound) / cost`` (0 when solved to optimality)."""

    placements: tuple[StagePlacement, ...]
    cost: float
    lower_bound: float
    method: str

    @property
    def proven_gap(self) -> float:
        """Relative distance between the plan's cost and the proven lower bound."""
        if self.cost <= 0:
            return 0.0
        return max(0.0, (self.cost - self.lower_bound) / self.cost)

    def service_days(self) -> dict[str, int]:
        """Quoted service time by stage."""
        return {p.stage: p.service_days for p in self.placements}
