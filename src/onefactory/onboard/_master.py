"""Master data files: items, BOM lines, resources, routings and unit conversions."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from onefactory.model import (
    ZERO,
    BomLine,
    Item,
    ItemCode,
    ItemKind,
    MemberCode,
    Resource,
    ResourceCode,
    RoutingStep,
    RowError,
    SiteCode,
    UomConversion,
    find_bom_cycle,
)

from ._cells import Cells, Context

T = TypeVar("T")
HUNDRED = Decimal(100)

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "예", "o"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "아니오", "x"})
KIND_WORDS = {
    "make": ItemKind.MAKE,
    "제조": ItemKind.MAKE,
    "생산": ItemKind.MAKE,
    "buy": ItemKind.BUY,
    "구매": ItemKind.BUY,
    "외주": ItemKind.BUY,
    "phantom": ItemKind.PHANTOM,
    "팬텀": ItemKind.PHANTOM,
}


def unique(
    ctx: Context, cells: Cells, key: tuple[object, ...], seen: dict[tuple[object, ...], int], what: str, name: str
) -> bool:
    """Record ``key`` as seen; an error naming the earlier row if it repeats."""
    if key in seen:
        cells.fail(name, f"duplicate {what}: same as data row {seen[key]}", str(key[0]))
        return False
    seen[key] = cells.row.row
    return True


# The model field each column fills; a row "gives" a field when one of its cells holds a value.
ITEM_FIELDS = {
    "name": ("name",),
    "uom": ("uom",),
    "kind": ("kind",),
    "lead_time_days": ("lead_time_days",),
    "spec": ("spec",),
    "description": ("description",),
    "whole_units": ("whole_units", "qty_decimals"),
    "pack_size": ("pack_size",),
}
BOM_FIELDS = {f: (f,) for f in ("qty_per", "uom", "supplier", "scrap_pct", "line_no", "remark")}
RESOURCE_FIELDS = {f: (f,) for f in ("name", "site", "kind", "parallel_units", "capacity_per_hour", "calendar")}
ROUTING_FIELDS = {
    "resource": ("resource",),
    "run_min_per_unit": ("run_min_per_unit", "run_hours_per_unit"),
    "setup_min": ("setup_min",),
    "alternate_resource": ("alternate_resource",),
}


def given(c: Cells, fields: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The model fields this row holds a value for; absent columns and blank cells give none."""
    return frozenset(f for f, names in fields.items() if any(c.text(n) is not None for n in names))


def keep(ctx: Context, record: T | None, fields: frozenset[str]) -> T | None:
    """Note which fields the row of ``record`` gave, in step with the records kept."""
    if record is not None:
        ctx.given.append(fields)
    return record


def warn_extra(ctx: Context) -> None:
    """Tell the user which columns were not read."""
    if ctx.columns.extra:
        ctx.warnings.append(f"columns not read: {', '.join(ctx.columns.extra)}")


def items(ctx: Context) -> list[Item]:
    """Item master rows; codes stay exact text ('00060', 'NA', '1E3').

    A code repeated in one file (an item listed once per lot, say) is kept from
    its first row; each repeat is reported in the warnings with its row and line.
    A blank or absent optional cell gets the documented default here; ``ctx.given``
    says which fields the row really held, so a stored item keeps the others.
    """
    warn_extra(ctx)
    out: list[Item | None] = []
    seen: dict[str, int] = {}
    for c in ctx.rows():
        code, kind = c.text("code", required=True), _item_kind(c)
        lead, pack = c.number("lead_time_days", minimum=">=0"), c.number("pack_size", minimum=">0")
        decimals, whole = c.integer("qty_decimals", minimum=0), _flag(c, "whole_units")
        if code in seen:
            ctx.warnings.append(
                f"item {code!r} repeats data row {seen[code]} at data row {c.row.row} "
                f"(line {c.row.line}); the first row is kept"
            )
            continue
        if code:
            seen[code] = c.row.row
        item = c.build(
            Item,
            MemberCode(ctx.member),
            ItemCode(code or ""),
            name=c.text("name") or "",
            uom=c.text("uom") or "EA",
            kind=kind or ItemKind.BUY,
            lead_time_days=lead or ZERO,
            spec=c.text("spec"),
            description=c.text("description"),
            whole_units=decimals in (None, 0) if whole is None else whole,
            pack_size=pack,
        )
        out.append(keep(ctx, item, given(c, ITEM_FIELDS)))
    return [i for i in out if i is not None]


def _flag(c: Cells, name: str) -> bool | None:
    text = c.text(name)
    if text is None:
        return None
    if text.casefold() in TRUE_WORDS | FALSE_WORDS:
        return text.casefold() in TRUE_WORDS
    c.fail(name, f"{name} must be TRUE or FALSE", text)
    return None


def _item_kind(c: Cells) -> ItemKind | None:
    text = c.text("kind")
    if text is None:
        return None
    kind = KIND_WORDS.get(text.casefold())
    if kind is None:
        c.fail("kind", f"kind must be one of {', '.join(KIND_WORDS)}", text)
    return kind


def bom(ctx: Context) -> list[BomLine]:
    """BOM lines (parent, component, quantity per parent unit); a self-reference or a cycle is refused."""
    warn_extra(ctx)
    out: list[tuple[int, BomLine]] = []
    for c in ctx.rows():
        parent, component = c.text("parent", required=True), c.text("component", required=True)
        qty = c.number("qty_per", required=True, minimum=">0")
        scrap, line_no = c.number("scrap_pct", minimum=">=0", below=HUNDRED), c.integer("line_no", minimum=1)
        if parent and parent == component:
            c.fail("component", f"item {parent!r} cannot be its own component", component)
        line = c.build(
            BomLine,
            MemberCode(ctx.member),
            ItemCode(parent or ""),
            ItemCode(component or ""),
            qty or ZERO,
            uom=c.text("uom") or "EA",
            supplier=_member(c.text("supplier")),
            scrap_pct=scrap or ZERO,
            line_no=line_no or c.row.row,
            remark=c.text("remark"),
        )
        if keep(ctx, line, given(c, BOM_FIELDS)) is not None:
            out.append((c.row.row, line))
    _refuse_cycle(ctx, out)
    return [line for _, line in out]


def _member(text: str | None) -> MemberCode | None:
    return MemberCode(text) if text else None


def _refuse_cycle(ctx: Context, lines: list[tuple[int, BomLine]]) -> None:
    cycle = find_bom_cycle([line for _, line in lines])
    if cycle:
        row = next(r for r, line in lines if (line.parent, line.component) == (cycle[0], cycle[1]))
        cells = Cells(ctx, ctx.table.rows[row - 1])
        cells.fail("component", f"the BOM is circular: {' -> '.join(cycle)}", cycle[1])


def resources(ctx: Context) -> list[Resource]:
    """Resources (machines, lines, work centres); other columns go to ``attributes`` as text."""
    out, seen = [], {}
    for c in ctx.rows():
        code = c.text("code", required=True)
        units = c.integer("parallel_units", minimum=1)
        capacity = c.number("capacity_per_hour", minimum=">0")
        attributes = {h: v for h in ctx.columns.extra if (v := c.row.get(h)) is not None}
        if code and unique(ctx, c, (code,), seen, "resource code", "code"):
            resource = c.build(
                Resource,
                MemberCode(ctx.member),
                ResourceCode(code),
                c.text("name") or "",
                site=_site(c.text("site")),
                kind=c.text("kind") or "machine",
                parallel_units=units or 1,
                capacity_per_hour=capacity or Decimal(1),
                calendar=c.text("calendar"),
                attributes=attributes,
            )
            fields = given(c, RESOURCE_FIELDS) | ({"attributes"} if attributes else set())
            out.append(keep(ctx, resource, fields))
    return [r for r in out if r is not None]


def _site(text: str | None) -> SiteCode | None:
    return SiteCode(text) if text else None


def routing(ctx: Context) -> list[RoutingStep]:
    """Routing steps; minutes per unit, or hours per unit converted exactly to minutes."""
    warn_extra(ctx)
    if not (ctx.has("run_min_per_unit") or ctx.has("run_hours_per_unit")):
        ctx.errors.append(_missing_time())
        return []
    out, seen = [], {}
    for c in ctx.rows():
        item, step = c.text("item", required=True), c.integer("step_no", required=True, minimum=1)
        resource, run = c.text("resource", required=True), _run_minutes(c)
        setup = c.number("setup_min", minimum=">=0")
        if item and step and unique(ctx, c, (item, step), seen, "routing step", "step_no"):
            routing_step = c.build(
                RoutingStep,
                MemberCode(ctx.member),
                ItemCode(item),
                step,
                ResourceCode(resource or ""),
                run or ZERO,
                setup_min=setup or ZERO,
                alternate_resource=_resource(c.text("alternate_resource")),
            )
            out.append(keep(ctx, routing_step, given(c, ROUTING_FIELDS)))
    return [s for s in out if s is not None]


def _missing_time() -> RowError:
    return RowError(0, "run_min_per_unit", "missing column: run_min_per_unit (minutes) or hours_per_unit")


def _run_minutes(c: Cells) -> Decimal | None:
    if c.ctx.has("run_min_per_unit") and c.raw("run_min_per_unit") is not None:
        return c.number("run_min_per_unit", minimum=">=0")
    hours = c.number("run_hours_per_unit", required=True, minimum=">=0")
    return None if hours is None else hours * 60


def _resource(text: str | None) -> ResourceCode | None:
    return ResourceCode(text) if text else None


def uom(ctx: Context) -> list[UomConversion]:
    """Unit conversions ``1 from_uom = factor to_uom``; factors are kept exactly as written."""
    warn_extra(ctx)
    out, seen = [], {}
    for c in ctx.rows():
        source, target = c.text("from_uom", required=True), c.text("to_uom", required=True)
        factor = c.number("factor", required=True, minimum=">0")
        if source and source == target:
            c.fail("to_uom", f"a conversion from {source!r} to itself", target)
        pair = tuple(sorted((source or "", target or "")))
        if source and target and unique(ctx, c, pair, seen, "conversion", "to_uom"):
            out.append(c.build(UomConversion, source, target, factor or ZERO))
    return [u for u in out if u is not None]
