"""XLSX bytes to a grid of text cells via openpyxl: displayed codes, merged ranges, dates."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from onefactory.model import ImportRejected, RowError

Grid = list[tuple[int, list[str | None]]]


def open_workbook(data: bytes, source: str) -> tuple[Workbook, list[str]]:
    """Load a workbook (cached formula values), turning openpyxl warnings into messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            book = load_workbook(io.BytesIO(data), data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
            reason = f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
            raise ImportRejected([RowError(0, None, reason)], source=source) from None
    return book, [f"xlsx: {w.message}" for w in caught]


def pick_sheet(book: Workbook, wanted: str | int | None, source: str) -> Worksheet | None:
    """The sheet named or numbered (0-based) by ``wanted``; None lets the caller choose."""
    if wanted is None:
        return None
    names = book.sheetnames
    if isinstance(wanted, int) and 0 <= wanted < len(names):
        return book.worksheets[wanted]
    if isinstance(wanted, str) and wanted in names:
        return book[wanted]
    reason = f"no sheet {wanted!r}; sheets are {', '.join(names)}"
    raise ImportRejected([RowError(0, None, reason)], source=source)


def sheet_grid(sheet: Worksheet, decimal: str) -> tuple[Grid, list[str]]:
    """Every sheet row as displayed text; a merged range's value fills exactly its own cells."""
    merged = _merged_values(sheet, decimal)
    out: Grid = []
    notes: list[str] = []
    width = sheet.max_column
    for cells in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=width):
        values: list[str | None] = []
        for cell in cells:
            key = (cell.row, cell.column)
            if key in merged:
                values.append(merged[key])
                continue
            text, note = render(cell.value, cell.number_format, decimal)
            if note:
                notes.append(f"cell {cell.coordinate}: {note}")
            values.append(text)
        out.append((cells[0].row, values))
    return out, notes


def _merged_values(sheet: Worksheet, decimal: str) -> dict[tuple[int, int], str | None]:
    filled: dict[tuple[int, int], str | None] = {}
    for rng in sheet.merged_cells.ranges:
        top = sheet.cell(rng.min_row, rng.min_col)
        text, _ = render(top.value, top.number_format, decimal)
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                filled[(row, col)] = text
    return filled


def render(value: Any, number_format: str, decimal: str = ".") -> tuple[str | None, str | None]:
    """A cell value as the text a user sees, plus a note when the format changed it.

    >>> render(60, "00000")
    ('00060', "number 60 shown as '00060' by its format 00000; read as the displayed text")
    >>> render(0.5, "General", ","), render("NA", "General"), render("", "@")
    (('0,5', None), ('NA', None), (None, None))
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, datetime | date | time | timedelta):
        return _render_time(value, number_format), None
    text = _plain_number(value, decimal)
    if re.fullmatch(r"0+", number_format or "") and text.isdigit() and len(text) < len(number_format):
        shown = text.zfill(len(number_format))
        return shown, f"number {text} shown as {shown!r} by its format {number_format}; read as the displayed text"
    return text, None


def _plain_number(value: int | float | Decimal, decimal: str) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = format(number, "f")
    return text.replace(".", decimal) if decimal != "." else text


def _render_time(value: datetime | date | time | timedelta, number_format: str) -> str:
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, datetime):
        value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        has_time = value.time() != time(0) or any(ch in (number_format or "").lower() for ch in "hs")
        return value.strftime("%Y-%m-%d %H:%M:%S") if has_time else value.date().isoformat()
    return value.isoformat()


def column_letter(index: int) -> str:
    """The sheet letter of a 0-based column index (0 -> 'A')."""
    return get_column_letter(index + 1)
