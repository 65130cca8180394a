"""Hourly production reports (local times at a site -> UTC) and supplier price/quantity lists."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from onefactory.model import ItemCode, MemberCode, ResourceCode

from . import values
from ._cells import Cells, Context
from .headers import unit_suffix
from .records import PriceLine, ProductionReportLine

THIRD = 2


def production_report(ctx: Context) -> list[ProductionReportLine]:
    """Report rows with local times read in ``options.timezone``.

    A local time that does not exist (spring gap) is refused. A repeated autumn
    hour is resolved by file order per resource and item: the first row is the
    earlier (summer-time) instant, the second the later one; a third is refused.
    Explicit offsets are honoured. The process time zone plays no part.
    """
    repeats: dict[tuple[str, str, datetime], int] = {}
    seen: dict[tuple[str, str, datetime], int] = {}
    out = []
    for c in ctx.rows():
        resource, item = c.text("resource", required=True), c.text("item")
        good = c.number("good_qty", required=True, minimum=">=0")
        scrap = c.number("scrap_qty", minimum=">=0")
        fold = _fold(c, (resource or "", item or ""), repeats)
        at = None if fold == THIRD else c.moment("local_time", required=True, fold=fold)
        key = (resource or "", item or "", at or datetime.min)
        if at is not None and key in seen:
            c.fail(
                "local_time",
                f"a second report for {resource} at {at.isoformat()} (data row {seen[key]})",
                c.raw("local_time"),
            )
        seen[key] = c.row.row
        out.append(
            c.build(
                ProductionReportLine,
                MemberCode(ctx.member),
                ResourceCode(resource or ""),
                at or datetime.min,
                good or Decimal(0),
                scrap or Decimal(0),
                item=ItemCode(item) if item else None,
                local_time=c.text("local_time") or "",
            )
        )
    return [r for r in out if r is not None]


def _fold(c: Cells, key: tuple[str, str], repeats: dict[tuple[str, str, datetime], int]) -> int | None:
    """0 for the first row at a repeated local time, 1 for the second; None if not repeated."""
    text, zone = c.text("local_time"), c.ctx.options.timezone
    try:
        local = values.parse_local_time(text) if text else None
    except ValueError:
        return None
    if local is None or zone is None or local.utcoffset() is not None:
        return None
    if values.classify_local(local, zone) != "ambiguous":
        return None
    seen = repeats.get((*key, local), 0)
    repeats[(*key, local)] = seen + 1
    if seen > 1:
        c.fail("local_time", f"local time {text} occurs only twice in {zone}, but appears a third time", text)
        return THIRD
    return seen


def prices(ctx: Context) -> list[PriceLine]:
    """Price/quantity lines; part numbers stay verbatim ('3.03.001.00514', '0815.2').

    The unit and currency may come from columns or from header suffixes
    (``menge_kg`` -> kg, ``unit_price_eur`` -> EUR).
    """
    qty_unit = unit_suffix(ctx.columns.columns.get("qty", ""))
    currency = unit_suffix(ctx.columns.columns.get("unit_price", ""))
    out = []
    for c in ctx.rows():
        part_no = c.text("part_no", required=True)
        qty = c.number("qty", required=True, minimum=">=0")
        price = c.number("unit_price", minimum=">=0")
        out.append(
            c.build(
                PriceLine,
                MemberCode(ctx.member),
                part_no or "",
                qty or Decimal(0),
                unit_price=price,
                description=c.text("description"),
                spec=c.text("spec"),
                uom=c.text("uom") or qty_unit,
                currency=c.text("currency") or currency,
            )
        )
    return [r for r in out if r is not None]
