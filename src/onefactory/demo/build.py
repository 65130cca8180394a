"""The demonstration cluster built from Willems' (2008) real chain 05 (pure).

``data/willems_chain05.csv`` gives the structure and figures (stages, arcs,
stage times, stage costs, mean demand); ``data/cluster_map.csv`` (written for
this demo) says which member runs each stage and names its site, item and
resource. Nothing here writes anywhere; :func:`build_cluster` only reads
those two packaged files.

Mapping: a ``Manuf`` stage is a plant of the lead (``Manuf_0002..0005``, which
feed the demand stages) or of the tier-1 module maker (``Manuf_0001``); a
``Part`` stage is a supplier company, tier 1 when it feeds the lead, tier 2
when it feeds the module maker; the ``Dist`` stage between the module maker
and the lead is the logistics member. Each arc into a plant is one BOM line
(one unit per parent: the source gives no quantities); an arc through the
``Dist`` stage links the module to the lead's products, with the stage's time
added to the bought item's lead time.

Example:
    >>> cluster = build_cluster()
    >>> cluster.lead.code, len(cluster.members)
    ('LEAD', 16)
    >>> cluster.stage_of["MD-0001"], cluster.unit_price["MD-0001"]
    ('Manuf_0001', Decimal('6.98'))
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from onefactory.model import (
    BomLine,
    InvalidData,
    Item,
    ItemCode,
    ItemKind,
    Member,
    MemberCode,
    MemberRole,
    Resource,
    ResourceCode,
    Site,
    SiteCode,
    StockPosition,
)

from ._chain import Chain, parse_chain

CHAIN_FILE = "willems_chain05.csv"
MAP_FILE = "cluster_map.csv"
HOURS_PER_DAY = Decimal(20)
CAPACITY_MARGIN = Decimal("1.25")
MAKE_COVER_DAYS = Decimal(2)
BUY_COVER_DAYS = Decimal(5)


@dataclass(frozen=True, slots=True)
class DemoCluster:
    """Master data of the demo cluster, plus the chain figures it was built from.

    ``daily_demand`` is the chain's mean demand per day by (member, item);
    ``unit_price`` the maker's rolled-up unit cost by item; ``stage_of`` the
    Willems stage each item comes from.
    """

    members: tuple[Member, ...]
    sites: tuple[Site, ...]
    resources: tuple[Resource, ...]
    items: tuple[Item, ...]
    bom_lines: tuple[BomLine, ...]
    opening_stock: tuple[StockPosition, ...]
    daily_demand: dict[tuple[str, str], Decimal]
    unit_price: dict[str, Decimal]
    stage_of: dict[str, str]

    @property
    def lead(self) -> Member:
        """The lead manufacturer."""
        return next(m for m in self.members if m.role is MemberRole.LEAD)

    def member(self, code: str) -> Member:
        """The member with that code; InvalidData if absent."""
        for member in self.members:
            if member.code == code:
                return member
        raise InvalidData(f"no demo member {code!r}", field="member")

    def maker_of(self, item: str) -> MemberCode:
        """The member that makes ``item``."""
        return next(i.member for i in self.items if i.code == item and i.kind is ItemKind.MAKE)

    def site_of(self, member: str, resource: str) -> SiteCode:
        """The site of one of ``member``'s resources."""
        found = next(r for r in self.resources if r.member == member and r.code == resource)
        assert found.site is not None
        return found.site

    def resource_making(self, item: str) -> Resource:
        """The resource that runs the stage making ``item``."""
        stage = self.stage_of[item]
        return next(r for r in self.resources if r.attributes.get("willems_stage") == stage)


@dataclass(frozen=True, slots=True)
class _Row:
    """One line of ``cluster_map.csv``: who runs a stage, where, making what."""

    stage: str
    member: str
    role: str
    name: str
    name_ko: str
    timezone: str
    site: str
    site_name: str
    item: str
    item_name: str
    resource: str
    resource_name: str
    resource_kind: str


def read_data(name: str) -> str:
    """The text of one packaged data file."""
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def build_cluster() -> DemoCluster:
    """The demo cluster; an equal value on every call."""
    chain = parse_chain(read_data(CHAIN_FILE))
    rows = [_Row(**r) for r in csv.DictReader(io.StringIO(read_data(MAP_FILE)))]
    _check_mapping(chain, rows)
    by_stage = {r.stage: r for r in rows}
    bom = _bom_lines(chain, by_stage)
    return DemoCluster(
        members=_members(rows),
        sites=tuple(dict.fromkeys(Site(MemberCode(r.member), SiteCode(r.site), r.site_name, r.timezone) for r in rows)),
        resources=tuple(_resource(chain, r) for r in rows),
        items=_items(chain, by_stage, bom),
        bom_lines=tuple(line for line, _, _ in bom),
        opening_stock=_opening_stock(chain, by_stage, bom),
        daily_demand=_demand(chain, by_stage, bom),
        unit_price={r.item: chain.cumulative_cost(r.stage) for r in rows if r.item},
        stage_of={r.item: r.stage for r in rows if r.item},
    )


def _check_mapping(chain: Chain, rows: list[_Row]) -> None:
    mapped = {r.stage for r in rows}
    unknown = mapped - set(chain.stages)
    missing = {s.name for s in chain.stages.values() if s.kind != "Retail"} - mapped
    if unknown or missing:
        raise InvalidData(
            f"cluster map and chain disagree: unknown {sorted(unknown)}, unmapped {sorted(missing)}", field="stage"
        )


def _members(rows: list[_Row]) -> tuple[Member, ...]:
    first = {r.member: r for r in reversed(rows)}
    ordered = dict.fromkeys(r.member for r in rows)
    return tuple(
        Member(
            MemberCode(code), first[code].name, MemberRole(first[code].role), first[code].timezone, first[code].name_ko
        )
        for code in ordered
    )


def _resource(chain: Chain, row: _Row) -> Resource:
    per_hour = chain.daily_demand(row.stage) * CAPACITY_MARGIN / HOURS_PER_DAY
    return Resource(
        MemberCode(row.member),
        ResourceCode(row.resource),
        row.resource_name,
        SiteCode(row.site),
        row.resource_kind,
        1,
        Decimal(math.ceil(per_hour)),
        attributes={"willems_stage": row.stage},
    )


# A BOM line with the consuming stage and the extra transit days on its way in.
_Bom = tuple[BomLine, str, Decimal]


def _bom_lines(chain: Chain, by_stage: dict[str, _Row]) -> list[_Bom]:
    out: list[_Bom] = []
    for parent in (r for r in by_stage.values() if r.item and chain.stages[r.stage].kind == "Manuf"):
        sources = [src for up in chain.upstream(parent.stage) for src in _sources(chain, by_stage, up)]
        for line_no, (stage, transit) in enumerate(sources, start=1):
            maker = by_stage[stage]
            supplier = MemberCode(maker.member) if maker.member != parent.member else None
            line = BomLine(
                MemberCode(parent.member),
                ItemCode(parent.item),
                ItemCode(maker.item),
                Decimal(1),
                supplier=supplier,
                line_no=line_no,
                remark=f"Willems arc {stage} -> {parent.stage}",
            )
            out.append((line, parent.stage, transit))
    return out


def _sources(chain: Chain, by_stage: dict[str, _Row], stage: str) -> list[tuple[str, Decimal]]:
    """Item-making stages behind ``stage``, skipping (and timing) stages that make no item."""
    if by_stage[stage].item:
        return [(stage, Decimal(0))]
    own = chain.stages[stage].time_days
    return [(src, own + t) for up in chain.upstream(stage) for src, t in _sources(chain, by_stage, up)]


def _items(chain: Chain, by_stage: dict[str, _Row], bom: list[_Bom]) -> tuple[Item, ...]:
    made = [
        Item(
            MemberCode(r.member),
            ItemCode(r.item),
            r.item_name,
            kind=ItemKind.MAKE,
            lead_time_days=chain.stages[r.stage].time_days,
            description=f"Willems (2008) chain 05, stage {r.stage}",
        )
        for r in by_stage.values()
        if r.item
    ]
    names = {i.code: i.name for i in made}
    bought: dict[tuple[str, str], Item] = {}
    for line, _, transit in bom:
        if line.supplier is None:
            continue
        stage = _stage_of_item(by_stage, line.component)
        lead_time = chain.stages[stage].time_days + transit
        bought[(line.member, line.component)] = Item(
            line.member,
            line.component,
            names[line.component],
            kind=ItemKind.BUY,
            lead_time_days=lead_time,
            description=f"bought from {line.supplier} (Willems stage {stage})",
        )
    return (*made, *bought.values())


def _stage_of_item(by_stage: dict[str, _Row], item: str) -> str:
    """The stage that makes ``item``."""
    return next(stage for stage, row in by_stage.items() if row.item == item)


def _demand(chain: Chain, by_stage: dict[str, _Row], bom: list[_Bom]) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in by_stage.values():
        if r.item:
            out[(r.member, r.item)] += chain.daily_demand(r.stage)
    for line, parent_stage, _ in bom:
        if line.supplier is not None:
            out[(line.member, line.component)] += chain.daily_demand(parent_stage) * line.qty_per
    return dict(out)


def _opening_stock(chain: Chain, by_stage: dict[str, _Row], bom: list[_Bom]) -> tuple[StockPosition, ...]:
    qty: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for r in by_stage.values():
        if r.item:
            qty[(r.member, r.item, r.site)] += chain.daily_demand(r.stage) * MAKE_COVER_DAYS
    for line, parent_stage, _ in bom:
        if line.supplier is not None:
            site = by_stage[parent_stage].site
            qty[(line.member, line.component, site)] += chain.daily_demand(parent_stage) * BUY_COVER_DAYS
    return tuple(
        StockPosition(MemberCode(m), ItemCode(i), Decimal(math.ceil(q)), location=s) for (m, i, s), q in qty.items()
    )
