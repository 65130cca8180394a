"""How a file is read: delimiter, number locale, header-less columns, sheet, time zone, defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from onefactory.model import InvalidData, check_timezone

InventoryMode = Literal["snapshot", "movement"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Settings of one import; every field has a safe default.

    ``thousands=None`` means "the other separator": ``,`` when ``decimal`` is ``.``
    and ``.`` when ``decimal`` is ``,``; ``""`` forbids grouping. ``columns`` names
    the columns of a header-less file in order. ``received_at`` is the import time
    (aware UTC, given by the caller), used where a file carries no timestamp.
    ``buyer``/``seller`` are default parties (an order's buyer defaults to the
    importing member); ``due_date`` is the default due date of order lines;
    ``invoice_lines`` holds (invoice id, invoice line, order id, order line) so a
    shipment row that references an invoice line reaches its order line.
    ``items`` holds the member's item codes: given, an order, inventory or inspection row
    of any other item is a row error. ``many_defects`` holds the (item, characteristic) pairs
    not charted on p or np (c and u count defects, several per unit possible); on any other
    characteristic an inspection row with more defects than its sample is a row error.
    ``whole_units`` holds (member, item, unit) of items counted in whole units: an order row
    for such an item of its buyer or seller with a fractional quantity in that unit is a row error.

    >>> ImportOptions(decimal=",").thousands_separator
    '.'
    """

    delimiter: str | None = None
    decimal: str = "."
    thousands: str | None = None
    columns: tuple[str, ...] | None = None
    sheet: str | int | None = None
    timezone: str | None = None
    inventory_mode: InventoryMode | None = None
    buyer: str | None = None
    seller: str | None = None
    due_date: date | None = None
    received_at: datetime | None = None
    invoice_lines: tuple[tuple[str, int, str, int], ...] = ()
    items: frozenset[str] | None = None
    many_defects: frozenset[tuple[str, str]] = frozenset()
    whole_units: frozenset[tuple[str, str, str]] = frozenset()

    def __post_init__(self) -> None:
        if self.decimal not in (".", ","):
            raise InvalidData(f"decimal must be '.' or ',', got {self.decimal!r}", field="decimal")
        if self.thousands is not None and self.thousands not in ("", ",", ".", " ", "'"):
            raise InvalidData(
                f"thousands must be one of , . space ' or empty, got {self.thousands!r}", field="thousands"
            )
        if self.thousands == self.decimal:
            raise InvalidData(f"thousands and decimal separators are both {self.decimal!r}", field="thousands")
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise InvalidData(f"delimiter must be one character, got {self.delimiter!r}", field="delimiter")
        if self.timezone is not None:
            check_timezone(self.timezone)
        if self.inventory_mode not in (None, "snapshot", "movement"):
            raise InvalidData(
                f"inventory_mode must be 'snapshot' or 'movement', got {self.inventory_mode!r}", field="inventory_mode"
            )
        if self.received_at is not None and self.received_at.utcoffset() is None:
            raise InvalidData("received_at must be an aware datetime", field="received_at")

    @property
    def thousands_separator(self) -> str:
        """The effective thousands separator ('' = none allowed)."""
        if self.thousands is not None:
            return self.thousands
        return "," if self.decimal == "." else "."
