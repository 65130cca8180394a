"""Reading the fields of each row while collecting every problem (private to the kind parsers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar

from onefactory.model import InvalidData, RowError, check_path_code

from . import values
from .headers import Columns
from .options import ImportOptions
from .table import Row, Table

T = TypeVar("T")


@dataclass
class Context:
    """One import in progress: the table, its columns, the options and the errors so far."""

    table: Table
    columns: Columns
    options: ImportOptions
    member: str
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    given: list[frozenset[str]] = field(default_factory=list)
    starts: list[tuple[int, int]] = field(default_factory=list)

    def rows(self) -> Iterator[Cells]:
        """A field reader for each data row, in file order."""
        for row in self.table.rows:
            yield Cells(self, row)

    def has(self, name: str) -> bool:
        """Whether the file has a column for field ``name``."""
        return name in self.columns.columns


class Cells:
    """The fields of one row; each getter records an error and returns None when a cell is bad."""

    def __init__(self, ctx: Context, row: Row) -> None:
        self.ctx = ctx
        self.row = row
        self.failed = False

    def header(self, name: str) -> str | None:
        """The header that holds field ``name``."""
        return self.ctx.columns.columns.get(name)

    def raw(self, name: str) -> str | None:
        """The exact cell text of field ``name`` (None if blank or no such column)."""
        header = self.header(name)
        return self.row.get(header) if header else None

    def fail(self, name: str | None, reason: str, value: str | None = None) -> None:
        """Record a problem with field ``name`` of this row."""
        header = self.header(name) if name else None
        letter = self.ctx.table.letters.get(header or "")
        if letter:
            reason = f"{reason} (cell {letter}{self.row.line})"
        self.ctx.errors.append(RowError(self.row.row, header or name, reason, value, self.row.line))
        self.failed = True

    def text(self, name: str, *, required: bool = False) -> str | None:
        """Text of a field; blank is None, or an error when ``required``."""
        text = values.parse_text(self.raw(name))
        if text is None and required:
            self.fail(name, f"{name} is required but the cell is blank")
        return text

    def path_id(self, name: str, label: str) -> str | None:
        """A required id that is also a URL path segment (an order, ASN or receipt number)."""
        text = self.text(name, required=True)
        if text is None:
            return None
        try:
            return check_path_code(text, label)
        except InvalidData as exc:
            self.fail(name, str(exc), text)
            return None

    def number(
        self, name: str, *, required: bool = False, minimum: str | None = None, below: Decimal | None = None
    ) -> Decimal | None:
        """A decimal in the file's locale; ``minimum`` '>0' or '>=0' and ``below`` (an upper bound,
        excluded) are checked here, so a row lists this cell even when another cell of it is bad."""
        text = self.text(name, required=required)
        if text is None:
            return None
        opts = self.ctx.options
        try:
            number = values.parse_decimal(text, decimal=opts.decimal, thousands=opts.thousands_separator)
        except ValueError as exc:
            self.fail(name, str(exc), text)
            return None
        if (minimum == ">0" and number <= 0) or (minimum == ">=0" and number < 0):
            self.fail(name, f"{name} must be {minimum.rstrip('0')} 0, got {number}", text)
            return None
        if below is not None and number >= below:
            self.fail(name, f"{name} must be below {below}, got {number}", text)
            return None
        return number

    def integer(self, name: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        """A whole number, optionally at least ``minimum``."""
        number = self.number(name, required=required)
        if number is None:
            return None
        if number != number.to_integral_value() or (minimum is not None and number < minimum):
            bound = f" >= {minimum}" if minimum is not None else ""
            self.fail(name, f"{name} must be a whole number{bound}", self.raw(name))
            return None
        return int(number)

    def day(self, name: str, *, required: bool = False) -> date | None:
        """A calendar date."""
        text = self.text(name, required=required)
        if text is None:
            return None
        try:
            return values.parse_date(text)
        except ValueError as exc:
            self.fail(name, str(exc), text)
            return None

    def known_item(self, item: str | None, name: str = "item") -> None:
        """With ``options.items`` given, an item missing from the member's item master is an error."""
        known = self.ctx.options.items
        if item is not None and known is not None and item not in known:
            self.fail(name, f"{self.ctx.member} has no item {item!r} in its item master (add the item first)", item)

    def build(
        self, make: Callable[..., T], *args: Any, cells: Mapping[str, tuple[str, ...]] | None = None, **kwargs: Any
    ) -> T | None:
        """Call a domain constructor (unless the row already failed), turning its InvalidData
        into an error of this row whose value is the cell of the field it names, or the cells
        ``cells`` lists for that field (an error about two fields, such as lsl above usl)."""
        if self.failed:
            return None
        try:
            return make(*args, **kwargs)
        except InvalidData as exc:
            names = (cells or {}).get(exc.field or "") or ((exc.field,) if exc.field else ())
            self.fail(exc.field, str(exc), self.cell_values(names))
            return None

    def cell_values(self, names: tuple[str, ...]) -> str | None:
        """The cell text of one field; of several, ``header=text`` of each non-blank one."""
        if len(names) == 1:
            return self.raw(names[0])
        found = [f"{self.header(n)}={self.raw(n)}" for n in names if self.raw(n) is not None]
        return ", ".join(found) or None

    def moment(self, name: str, *, required: bool = False, fold: int | None = None) -> datetime | None:
        """An aware UTC time from a date-time (or a date = local midnight) in the options' time zone.

        A local time that does not exist (spring gap) is an error; a repeated one
        (autumn) is an error unless ``fold`` says which of the two is meant.
        """
        text = self.text(name, required=required)
        if text is None:
            return None
        try:
            local = _local_or_midnight(text)
        except ValueError as exc:
            self.fail(name, str(exc), text)
            return None
        if local.utcoffset() is not None:
            return values.to_utc(local, "UTC")
        zone = self.ctx.options.timezone
        if zone is None:
            self.fail(name, "a local time without offset needs the site time zone (options.timezone)", text)
            return None
        kind = values.classify_local(local, zone)
        if kind == "gap":
            self.fail(name, f"local time {text} does not exist in {zone} (clocks jump forward)", text)
            return None
        if kind == "ambiguous" and fold is None:
            self.fail(name, f"local time {text} occurs twice in {zone}; write it with its offset", text)
            return None
        return values.to_utc(local, zone, fold=fold or 0)


def _local_or_midnight(text: str) -> datetime:
    try:
        return values.parse_local_time(text)
    except ValueError:
        try:
            return datetime.combine(values.parse_date(text), time(0))
        except ValueError:
            raise ValueError("not a date or date-time; write YYYY-MM-DD HH:MM (optionally +09:00)") from None
