"""What a reader returns: a table of exact text cells with their place in the file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Row:
    """One data row. ``row`` counts data rows from 1; ``line`` is the file line or sheet row.

    ``cells`` maps each header to its exact text, or None for a genuinely empty
    cell ('NA', 'NULL' and '#N/A' are text, never None).
    """

    row: int
    line: int
    cells: dict[str, str | None]

    def get(self, header: str) -> str | None:
        """The cell under ``header`` (None if blank or absent)."""
        return self.cells.get(header)


@dataclass(frozen=True, slots=True)
class Table:
    """A decoded file: exact header strings, data rows and how it was read.

    For XLSX, ``letters`` maps each header to its column letter (for messages);
    a multi-row header is written ``group / name``.
    """

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    header_line: int | None = None
    letters: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def unique_headers(labels: list[str]) -> list[str]:
    """Make repeated header labels distinct by a ``#2``, ``#3`` suffix; empty ones become ``column N``.

    >>> unique_headers(["a", "b", "a", ""])
    ['a', 'b', 'a#2', 'column 4']
    """
    out: list[str] = []
    for index, label in enumerate(labels, start=1):
        name = label if label else f"column {index}"
        base, n = name, 1
        while name in out:
            n += 1
            name = f"{base}#{n}"
        out.append(name)
    return out
