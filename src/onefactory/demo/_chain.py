"""Reading one of Willems' (2008) supply chains and rolling figures along it (pure).

A chain file is an XML export flattened to CSV: line 1 is ``/chain,...``, line 2
the header (XPath column names), then each row is either an arc (``from`` and
``to`` filled) or a stage. Material flows ``from`` -> ``to``.

Example:
    >>> text = ("/chain,,\\n/arcs/arc/@from,/arcs/arc/@to,/stages/stage/@stageName,"
    ...         "/stages/stage/@stageClassification,/stages/stage/@stageTime,"
    ...         "/stages/stage/@stageCost,/stages/stage/@avgDemand\\n"
    ...         "P,M,,,,,\\nM,R,,,,,\\n,,P,Part,10,1.5,\\n,,M,Manuf,2,0.5,\\n,,R,Retail,1,0,40\\n")
    >>> chain = parse_chain(text)
    >>> chain.upstream("M"), chain.daily_demand("P"), chain.cumulative_cost("M")
    (('P',), Decimal('40'), Decimal('2.0'))
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from onefactory.model import InvalidData, to_decimal

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a chain: a part, plant, distribution, transport or demand point."""

    name: str
    kind: str
    time_days: Decimal
    cost: Decimal
    avg_demand: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Chain:
    """Stages by name and arcs (upstream, downstream) in file order."""

    stages: dict[str, Stage]
    arcs: tuple[tuple[str, str], ...]

    def upstream(self, name: str) -> tuple[str, ...]:
        """Stages that feed ``name``, in file order."""
        return tuple(src for src, dst in self.arcs if dst == name)

    def downstream(self, name: str) -> tuple[str, ...]:
        """Stages that ``name`` feeds, in file order."""
        return tuple(dst for src, dst in self.arcs if src == name)

    def daily_demand(self, name: str) -> Decimal:
        """Mean demand per period through ``name`` (one unit per arc, summed downstream)."""
        stage = self.stages[name]
        if stage.avg_demand is not None:
            return stage.avg_demand
        return sum((self.daily_demand(d) for d in self.downstream(name)), ZERO)

    def cumulative_cost(self, name: str) -> Decimal:
        """Cost of one unit leaving ``name``: its stage cost plus its inputs' (one unit each)."""
        own = self.stages[name].cost
        return own + sum((self.cumulative_cost(u) for u in self.upstream(name)), ZERO)


def parse_chain(text: str) -> Chain:
    """Read a chain file's text; raises InvalidData if an arc names an unknown stage."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = [col.rsplit("@", 1)[-1] for col in rows[1]]
    stages: dict[str, Stage] = {}
    arcs: list[tuple[str, str]] = []
    for raw in rows[2:]:
        cells = {name: value for name, value in zip(header, raw, strict=False) if value}
        if "from" in cells and "to" in cells:
            arcs.append((cells["from"], cells["to"]))
        elif "stageName" in cells:
            stages[cells["stageName"]] = _stage(cells)
    for src, dst in arcs:
        if src not in stages or dst not in stages:
            raise InvalidData(f"arc {src} -> {dst} names an unknown stage", field="arcs")
    return Chain(stages, tuple(arcs))


def _stage(cells: dict[str, str]) -> Stage:
    demand = cells.get("avgDemand")
    return Stage(
        name=cells["stageName"],
        kind=cells.get("stageClassification", ""),
        time_days=to_decimal(cells.get("stageTime", "0"), field="stageTime"),
        cost=to_decimal(cells.get("stageCost", "0"), field="stageCost"),
        avg_demand=None if demand is None else to_decimal(demand, field="avgDemand"),
    )
