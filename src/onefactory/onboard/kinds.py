"""Importing one file of a given kind: bytes in, model objects out, or every bad row.

A file imports entirely or not at all: :func:`parse` either returns an
:class:`ImportResult` holding every record, or raises ``ImportRejected`` whose
``errors`` list each bad row (data row, file line or sheet row, column, value,
reason). Nothing here touches a database.

Example:
    >>> data = "품목코드,품목명,규격\\nNA,Sodium,99.9%\\n00060,Housing,\\n".encode("cp949")
    >>> result = parse("items", data, "items.csv", member="SUP-KR1")
    >>> [(i.code, i.name, i.spec) for i in result.records], result.encoding
    ([('NA', 'Sodium', '99.9%'), ('00060', 'Housing', None)], 'cp949')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from onefactory.model import ImportRejected, RowError

from . import _master, _quality, _reports, _stock, _trade
from ._cells import Context
from .headers import Columns, describe, resolve
from .options import ImportOptions
from .reading import read_table
from .records import ImportResult
from .table import Table

PARSERS: dict[str, Callable[[Context], list[Any]]] = {
    "items": _master.items,
    "bom": _master.bom,
    "resources": _master.resources,
    "routing": _master.routing,
    "uom": _master.uom,
    "orders": _trade.orders,
    "shipments": _trade.shipments,
    "receipts": _trade.receipts,
    "inventory": _stock.inventory,
    "production_report": _reports.production_report,
    "prices": _reports.prices,
    "inspections": _quality.inspections,
}
KINDS = tuple(PARSERS)


def parse(kind: str, data: bytes, filename: str, *, member: str, options: ImportOptions | None = None) -> ImportResult:
    """Import the bytes of ``filename`` (CSV or XLSX) as ``kind`` for ``member``: all rows or none.

    Raises ImportRejected listing every bad row, or KeyError for an unknown kind.
    """
    result = preview(kind, data, filename, member=member, options=options)
    if result.errors:
        raise ImportRejected(list(result.errors), source=filename)
    return result


def preview(
    kind: str, data: bytes, filename: str, *, member: str, options: ImportOptions | None = None
) -> ImportResult:
    """Like :func:`parse` but never raises for bad content: ``errors`` lists every bad row
    and ``records`` holds what the good rows would store. Never store a preview with errors."""
    options = options or ImportOptions()
    _check_kind(kind)
    try:
        table = read_table(data, filename, options, kind=kind)
    except ImportRejected as exc:
        return ImportResult(kind, (), (), {}, errors=tuple(exc.errors))
    return preview_table(kind, table, member=member, options=options)


def parse_table(
    kind: str, table: Table, filename: str = "file", *, member: str, options: ImportOptions | None = None
) -> ImportResult:
    """Import an already read :class:`Table` (see :func:`parse`)."""
    result = preview_table(kind, table, member=member, options=options)
    if result.errors:
        raise ImportRejected(list(result.errors), source=filename)
    return result


def preview_table(kind: str, table: Table, *, member: str, options: ImportOptions | None = None) -> ImportResult:
    """Read the records and the errors of an already read :class:`Table`."""
    options = options or ImportOptions()
    _check_kind(kind)
    columns = resolve(table.headers, kind)
    ctx = Context(table, columns, options, member)
    ctx.errors.extend(_header_errors(kind, table, columns))
    records = [] if ctx.errors else PARSERS[kind](ctx)
    errors = tuple(sorted(ctx.errors, key=lambda e: (e.row, e.line or 0)))
    if not table.rows:
        ctx.warnings.append("0 data rows found: the file has headers only, so nothing is imported")
    return ImportResult(
        kind,
        tuple(records),
        table.headers,
        dict(columns.columns),
        encoding=table.encoding,
        sheet=table.sheet,
        delimiter=table.delimiter,
        warnings=table.warnings + tuple(ctx.warnings),
        mode=_mode(kind, ctx),
        rows=len(table.rows),
        extra_columns=columns.extra,
        errors=errors,
        given=tuple(ctx.given),
        starts=tuple(ctx.starts),
    )


def _check_kind(kind: str) -> None:
    if kind not in PARSERS:
        raise KeyError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")


def _header_errors(kind: str, table: Table, columns: Columns) -> list[RowError]:
    found = ", ".join(repr(h) for h in table.headers)
    errors = [
        RowError(
            0,
            name,
            f"missing required column {name!r}: expected one of {describe(kind, name)}; found {found}",
            line=table.header_line,
        )
        for name in columns.missing
    ]
    errors += [
        RowError(
            0, name, f"columns {', '.join(map(repr, headers))} all mean {name!r}; keep one", line=table.header_line
        )
        for name, headers in columns.conflicts.items()
    ]
    return errors


def _mode(kind: str, ctx: Context) -> str | None:
    if kind != "inventory" or ctx.errors:
        return None
    found = _stock.inventory_mode(ctx)
    return found[0] if found else None
