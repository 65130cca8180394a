"""Read CSV or XLSX bytes into a :class:`Table` of exact text cells.

CSV: a BOM is honoured and dropped, else UTF-8, else CP949 is used, strictly
(never replacement characters); the delimiter is sniffed unless given. XLSX:
text stays text, a number formatted ``00000`` is read as shown, merged ranges
fill exactly the cells they cover. With ``kind`` given, the header row is found
by matching known column names, so title rows, spacer rows and a merged group
header above the column names are understood.

Example:
    >>> table = read_table("품목코드,수량\\r\\nA-001,10\\r\\n".encode("cp949"), "items.csv")
    >>> table.encoding, table.headers, table.rows[0].cells
    ('cp949', ('품목코드', '수량'), {'품목코드': 'A-001', '수량': '10'})
"""

from __future__ import annotations

from pathlib import PurePath

from onefactory.model import ImportRejected, RowError

from . import _csv, _xlsx
from .headers import resolve
from .options import ImportOptions
from .table import Row, Table, unique_headers

HEADER_SEARCH_ROWS = 20
Grid = list[tuple[int, list[str | None]]]


def read_table(data: bytes, filename: str, options: ImportOptions | None = None, *, kind: str | None = None) -> Table:
    """Read ``data`` (the bytes of ``filename``) into a Table; raises ImportRejected."""
    options = options or ImportOptions()
    if _is_xlsx(data, filename):
        return _read_xlsx(data, filename, options, kind)
    if PurePath(filename).suffix.lower() == ".xls":
        reason = "the old .xls format is not supported; save the sheet as .xlsx or CSV"
        raise ImportRejected([RowError(0, None, reason)], source=filename)
    return _read_csv(data, filename, options, kind)


def _is_xlsx(data: bytes, filename: str) -> bool:
    suffix = PurePath(filename).suffix.lower()
    return suffix in (".xlsx", ".xlsm") or (suffix not in (".csv", ".txt", ".tsv") and data[:4] == b"PK\x03\x04")


def _read_csv(data: bytes, filename: str, options: ImportOptions, kind: str | None) -> Table:
    header_lines = 0 if options.columns else 1
    text, encoding = _csv.decode(data, filename, header_lines)
    delimiter = _csv.sniff(text, options.delimiter)
    records = _csv.grid(text, delimiter, filename, header_lines)
    table = build_table(records, filename, options, kind)
    _refuse_replacement_chars(table, filename)
    return Table(table.headers, table.rows, encoding=encoding, delimiter=delimiter, header_line=table.header_line)


def _read_xlsx(data: bytes, filename: str, options: ImportOptions, kind: str | None) -> Table:
    book, notes = _xlsx.open_workbook(data, filename)
    sheet = _xlsx.pick_sheet(book, options.sheet, filename)
    candidates = [sheet] if sheet is not None else list(book.worksheets)
    best: tuple[tuple[int, int], Table, list[str], str] | None = None
    for ws in candidates:
        records, cell_notes = _xlsx.sheet_grid(ws, options.decimal)
        table = build_table(records, filename, options, kind)
        score = resolve(table.headers, kind).score if kind else (0, 0)
        if best is None or score > best[0]:
            best = (score, table, cell_notes, ws.title)
    assert best is not None
    _, table, cell_notes, title = best
    letters = {h: _xlsx.column_letter(i) for i, h in enumerate(table.headers)}
    return Table(
        table.headers,
        table.rows,
        sheet=title,
        header_line=table.header_line,
        letters=letters,
        warnings=tuple(notes + cell_notes),
    )


def build_table(records: Grid, source: str, options: ImportOptions, kind: str | None) -> Table:
    """Turn (line, cells) records into a Table: find the header, number the data rows."""
    records = [(line, cells) for line, cells in records if any(c not in (None, "") for c in cells)]
    if options.columns:
        headers, body, header_line = list(options.columns), records, None
    else:
        if not records:
            raise ImportRejected([RowError(0, None, "the file has no header row")], source=source)
        end = locate_header(records, kind)
        headers = unique_headers(header_labels([cells for _, cells in records[: end + 1]]))
        body, header_line = records[end + 1 :], records[end][0]
    rows, errors = [], []
    for number, (line, cells) in enumerate(body, start=1):
        extra = [c for c in cells[len(headers) :] if c not in (None, "")]
        if extra:
            reason = f"{len(cells)} cells but the header has {len(headers)} columns (extra: {extra!r})"
            errors.append(RowError(number, None, reason, line=line))
        padded = cells[: len(headers)] + [None] * (len(headers) - len(cells))
        rows.append(Row(number, line, dict(zip(headers, padded, strict=True))))
    if errors:
        raise ImportRejected(errors, source=source)
    return Table(tuple(headers), tuple(rows), header_line=header_line)


def header_labels(levels: list[list[str | None]]) -> list[str]:
    """One label per column from header rows, top to bottom, as ``group / name``.

    >>> header_labels([["Parent", "Comp", "Comp"], [None, None, None], ["Code", "Code", "Qty"]])
    ['Parent / Code', 'Comp / Code', 'Comp / Qty']
    """
    width = max(len(level) for level in levels)
    labels = []
    for col in range(width):
        parts: list[str] = []
        for level in levels:
            text = (level[col] if col < len(level) else None) or ""
            if text.strip() and text.strip() not in parts:
                parts.append(text.strip())
        labels.append(" / ".join(parts))
    return labels


def locate_header(records: Grid, kind: str | None) -> int:
    """Index of the last header row: the shortest block of top rows that names the most fields."""
    if kind is None:
        return 0
    best, best_score = 0, (-1, -1)
    for end in range(min(HEADER_SEARCH_ROWS, len(records))):
        labels = header_labels([cells for _, cells in records[: end + 1]])
        score = resolve(unique_headers(labels), kind).score
        if score > best_score:
            best, best_score = end, score
    return best


def _refuse_replacement_chars(table: Table, source: str) -> None:
    errors = [
        RowError(
            row.row,
            header,
            "contains U+FFFD: the text was already damaged by a lossy conversion",
            value=value,
            line=row.line,
        )
        for row in table.rows
        for header, value in row.cells.items()
        if value and "\ufffd" in value
    ]
    if any("\ufffd" in h for h in table.headers):
        errors.insert(0, RowError(0, None, "the header contains U+FFFD replacement characters", line=table.header_line))
    if errors:
        raise ImportRejected(errors, source=source)
