"""Inspection results (measured values or defect counts per lot and characteristic)."""

from __future__ import annotations

from datetime import UTC, datetime

from onefactory.model import InspectionResult, ItemCode, MemberCode

from ._cells import Context


def inspections(ctx: Context) -> list[InspectionResult]:
    """One result per row: ``value``, or ``defects`` with ``sample_size``; times in the site zone.

    Specification limits (``lsl``/``usl``) are optional and kept with the result.
    """
    out = []
    for c in ctx.rows():
        item, lot = c.text("item", required=True), c.text("lot", required=True)
        characteristic = c.text("characteristic", required=True)
        value, defects = c.number("value"), c.integer("defects", minimum=0)
        sample = c.integer("sample_size", minimum=1)
        at = c.moment("inspected_at", required=True)
        lsl, usl = c.number("lsl"), c.number("usl")
        out.append(
            c.build(
                InspectionResult,
                MemberCode(ctx.member),
                ItemCode(item or ""),
                lot or "",
                characteristic or "",
                value,
                at or datetime.min.replace(tzinfo=UTC),
                lsl,
                usl,
                defects,
                sample,
            )
        )
    return [r for r in out if r is not None]
