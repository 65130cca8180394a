"""Reading one of Willems' (2008) supply chains as a guaranteed-service network (pure).

The file is an XML export flattened to CSV: line 1 is ``/chain,...``, line 2 the header
(XPath column names), then each row is either an arc (``from``/``to``) or a stage. A
stage's holding cost per unit and period is ``holding_rate`` times its cumulative cost
(its own added cost plus one unit of every input's cumulative cost), so at rate 1 the
plan's cost is the value of the safety stock held.

Example:
    >>> text = ("/chain,,\\n/arcs/arc/@from,/arcs/arc/@to,/stages/stage/@stageName,"
    ...         "/stages/stage/@stageTime,/stages/stage/@stageCost,/stages/stage/@stDevDemand,"
    ...         "/stages/stage/@serviceLevel,/stages/stage/@maxServiceTime\\n"
    ...         "P,R,,,,,,\\n,,P,10,1.5,,,\\n,,R,1,0.5,4,0.95,0\\n")
    >>> net = read_chain(text)
    >>> [(s.name, s.holding_cost) for s in net.stages], net.arcs
    ([('P', 1.5), ('R', 2.0)], (('P', 'R'),))
"""

from __future__ import annotations

import csv
import io
import math

from onefactory.model import InvalidData

from .network import Network, Stage


def read_chain(text: str, *, holding_rate: float = 1.0) -> Network:
    """The chain in ``text`` as a network; InvalidData names a bad cell or arc."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if len(rows) < 2:
        raise InvalidData("a chain file needs the /chain line and a header line", field="header")
    header = [col.rsplit("@", 1)[-1] for col in rows[1]]
    cells_by_stage: dict[str, dict[str, str]] = {}
    arcs: list[tuple[str, str]] = []
    for line_no, raw in enumerate(rows[2:], start=3):
        cells = {name: value.strip() for name, value in zip(header, raw, strict=False) if value.strip()}
        if "from" in cells and "to" in cells:
            arcs.append((cells["from"], cells["to"]))
        elif "stageName" in cells:
            cells["_line"] = str(line_no)
            cells_by_stage[cells["stageName"]] = cells
    cumulative = _cumulative_costs(cells_by_stage, arcs)
    stages = tuple(_stage(c, cumulative[name] * holding_rate) for name, c in cells_by_stage.items())
    return Network(stages, tuple(arcs))


def _number(cells: dict[str, str], field: str, default: float = 0.0) -> float:
    raw = cells.get(field)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InvalidData(
            f"stage {cells['stageName']} (line {cells['_line']}): {field} must be a number >= 0, got {raw!r}",
            field=field,
        )
    return value


def _stage(cells: dict[str, str], holding_cost: float) -> Stage:
    level = cells.get("serviceLevel")
    promised = cells.get("maxServiceTime")
    return Stage(
        name=cells["stageName"],
        processing_days=_number(cells, "stageTime"),
        holding_cost=holding_cost,
        demand_std=_number(cells, "stDevDemand"),
        demand_mean=_number(cells, "avgDemand"),
        service_level=None if level is None else _number(cells, "serviceLevel"),
        max_service_days=None if promised is None else math.floor(_number(cells, "maxServiceTime")),
    )


def _cumulative_costs(cells_by_stage: dict[str, dict[str, str]], arcs: list[tuple[str, str]]) -> dict[str, float]:
    preds: dict[str, list[str]] = {name: [] for name in cells_by_stage}
    succs: dict[str, list[str]] = {name: [] for name in cells_by_stage}
    for src, dst in arcs:
        if src not in preds or dst not in preds:
            raise InvalidData(f"arc {src} -> {dst} names an unknown stage", field="arcs")
        preds[dst].append(src)
        succs[src].append(dst)
    waiting = {name: len(p) for name, p in preds.items()}
    ready = [name for name, count in waiting.items() if count == 0]
    done: dict[str, float] = {}
    while ready:
        name = ready.pop()
        done[name] = _number(cells_by_stage[name], "stageCost") + math.fsum(done[p] for p in preds[name])
        for nxt in succs[name]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    if len(done) < len(preds):
        stuck = sorted(name for name in preds if name not in done)
        raise InvalidData(f"the chain has a cycle through {', '.join(stuck[:5])}", field="arcs")
    return done
