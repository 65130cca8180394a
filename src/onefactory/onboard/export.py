"""Export rows, items and resources to CSV or XLSX so every cell reads back exactly.

CSV is UTF-8 with a BOM (Excel then shows Korean correctly). In XLSX every text
cell is a text cell formatted ``@`` (Excel shows ``00060``, not ``60``); a blank
stays an empty cell, ``NA`` stays ``NA``; a number with more than 15 significant
digits is written as text, because Excel would round it.

Example:
    >>> data = export_rows(["item_code", "qty"], [["00060", Decimal("2.5")], ["NA", None]], "csv")
    >>> data.decode("utf-8-sig")
    'item_code,qty\\r\\n00060,2.5\\r\\nNA,\\r\\n'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from onefactory.model import Item, Resource

from .headers import fields

Format = Literal["csv", "xlsx"]
EXCEL_DIGITS = 15
ITEM_FIELDS = ("code", "name", "description", "spec", "uom", "kind", "lead_time_days", "pack_size", "whole_units")
RESOURCE_FIELDS = ("code", "name", "site", "kind", "parallel_units", "capacity_per_hour", "calendar")


def export_rows(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: Format,
    *,
    text_columns: Iterable[str] = (),
    sheet: str = "Sheet1",
) -> bytes:
    """Write a header and rows; ``text_columns`` are formatted as text for new entries too."""
    if fmt == "csv":
        return _csv(headers, rows)
    if fmt == "xlsx":
        return _xlsx(headers, rows, set(text_columns), sheet)
    raise ValueError(f"format must be 'csv' or 'xlsx', got {fmt!r}")


def cell_text(value: object) -> str:
    """The CSV text of a value: exact decimals (no exponent), ISO dates, TRUE/FALSE.

    >>> cell_text(Decimal("0.000001")), cell_text(None), cell_text(True)
    ('0.000001', '', 'TRUE')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([cell_text(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], text_columns: set[str], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(1, col, header)
        cell.font, cell.number_format = Font(bold=True), "@"
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) * 2 + 2))
        if header in text_columns:
            sheet.column_dimensions[letter].number_format = "@"
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            _put(sheet.cell(r, col), value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(cell: object, value: object) -> None:
    if value is None:
        return
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and _fits_excel(Decimal(value)):
        cell.value = float(value) if isinstance(value, Decimal) else value  # type: ignore[attr-defined]
        return
    cell.value = cell_text(value)  # type: ignore[attr-defined]
    cell.number_format = "@"  # type: ignore[attr-defined]


def _fits_excel(number: Decimal) -> bool:
    digits = number.normalize().as_tuple().digits
    return len(digits) <= EXCEL_DIGITS and abs(number) < Decimal(10) ** EXCEL_DIGITS


def _labels(kind: str, names: Sequence[str], lang: str) -> list[str]:
    by_name = {f.name: f for f in fields(kind)}
    return [by_name[n].ko if lang == "ko" else by_name[n].en for n in names]


def _text_labels(kind: str, names: Sequence[str], lang: str) -> list[str]:
    text = [n for n in names if next(f for f in fields(kind) if f.name == n).text]
    return _labels(kind, text, lang)


def export_items(
    items: Iterable[Item], fmt: Format, *, lang: str = "en", columns: Sequence[str] = ITEM_FIELDS
) -> bytes:
    """The item master as a file that ``parse("items", ...)`` reads back to the same items."""
    rows = [[_item_value(item, name) for name in columns] for item in items]
    return export_rows(
        _labels("items", columns, lang), rows, fmt, text_columns=_text_labels("items", columns, lang), sheet="Items"
    )


def _item_value(item: Item, name: str) -> object:
    value = getattr(item, name)
    return value.value if name == "kind" else value


def export_resources(
    resources: Iterable[Resource], fmt: Format, *, lang: str = "en", columns: Sequence[str] = RESOURCE_FIELDS
) -> bytes:
    """Resources with their attributes as extra text columns (exact strings)."""
    resources = list(resources)
    extra = list(dict.fromkeys(key for r in resources for key in r.attributes))
    rows = [[getattr(r, n) for n in columns] + [r.attributes.get(k) for k in extra] for r in resources]
    headers = _labels("resources", columns, lang) + extra
    return export_rows(
        headers, rows, fmt, text_columns=_text_labels("resources", columns, lang) + extra, sheet="Resources"
    )
