"""Inspection results (measured values or defect counts per lot and characteristic)."""

from __future__ import annotations

from datetime import UTC, datetime

from onefactory.model import InspectionResult, InvalidData, ItemCode, MemberCode, check_defectives, check_inspected_at

from ._cells import Cells, Context

PAIRS = {"lsl": ("lsl", "usl"), "defects": ("defects", "sample_size")}
"""The cells a cross-field error is about: its value shows them all."""


def inspections(ctx: Context) -> list[InspectionResult]:
    """One result per row: ``value``, or ``defects`` with ``sample_size``; times in the site zone.

    A time before 1990 or more than 24 h after ``options.received_at`` is a row error.
    Specification limits (``lsl``/``usl``) are optional and kept with the result. With
    ``options.items`` given, a row of an item missing from it is a row error; a row with
    more defects than its sample is one unless its characteristic is in ``options.many_defects``.
    """
    out = [_result(ctx, c) for c in ctx.rows()]
    return [r for r in out if r is not None]


def _result(ctx: Context, c: Cells) -> InspectionResult | None:
    item, lot = c.text("item", required=True), c.text("lot", required=True)
    characteristic = c.text("characteristic", required=True)
    value, defects = c.number("value"), c.integer("defects", minimum=0)
    sample = c.integer("sample_size", minimum=1)
    at = c.moment("inspected_at", required=True)
    if at is not None and ctx.options.received_at is not None:
        try:
            check_inspected_at(at, ctx.options.received_at)
        except InvalidData as exc:
            c.fail("inspected_at", str(exc), c.raw("inspected_at"))
    lsl, usl = c.number("lsl"), c.number("usl")
    c.known_item(item)
    if (item, characteristic) not in ctx.options.many_defects:
        c.build(check_defectives, defects, sample, cells=PAIRS)
    return c.build(
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
        cells=PAIRS,
    )
