"""What an import returns, and the records that have no home in ``model`` yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from onefactory.model import InvalidData, ItemCode, MemberCode, ResourceCode, RowError, check_code, non_negative


@dataclass(frozen=True, slots=True)
class ProductionReportLine:
    """Output of one resource in one reporting slot; ``at`` is aware UTC."""

    member: MemberCode
    resource: ResourceCode
    at: datetime
    good_qty: Decimal
    scrap_qty: Decimal = Decimal(0)
    item: ItemCode | None = None
    local_time: str = ""

    def __post_init__(self) -> None:
        check_code(self.resource, "resource")
        if self.at.utcoffset() != timedelta(0):
            raise InvalidData(f"at must be aware UTC, got {self.at.isoformat()}", field="at")
        non_negative(self.good_qty, "good_qty")
        non_negative(self.scrap_qty, "scrap_qty")


@dataclass(frozen=True, slots=True)
class PriceLine:
    """One line of a supplier's price/quantity list; ``part_no`` is the supplier's exact text."""

    member: MemberCode
    part_no: str
    qty: Decimal
    unit_price: Decimal | None = None
    description: str | None = None
    spec: str | None = None
    uom: str | None = None
    currency: str | None = None

    def __post_init__(self) -> None:
        check_code(self.part_no, "part_no")
        non_negative(self.qty, "qty")
        if self.unit_price is not None:
            non_negative(self.unit_price, "unit_price")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Everything one file holds, ready to be stored in one transaction.

    ``records`` are model objects (Item, BomLine, SharedOrder, ...) in file order;
    ``columns`` maps each field to the header it was read from; ``mode`` is the
    declared inventory meaning ('snapshot' or 'movement') for inventory files.
    ``errors`` is empty for :func:`parse`; :func:`preview` fills it and keeps
    the records of the good rows so a user can see both before fixing the file.
    ``given`` runs beside ``records`` for the master-data kinds (items, bom,
    resources, routing): the fields each record's row held a value for. A field
    not in it came from an absent column or a blank cell and holds the default,
    so a stored record keeps its own value (see :func:`merge`). ``starts`` runs beside
    ``records`` for goods receipts: the (data row, file line) of each receipt's first row, so
    a receipt refused when stored is reported at its row.
    """

    kind: str
    records: tuple[Any, ...]
    headers: tuple[str, ...]
    columns: dict[str, str]
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    warnings: tuple[str, ...] = ()
    mode: str | None = None
    rows: int = 0
    extra_columns: tuple[str, ...] = field(default_factory=tuple)
    errors: tuple[RowError, ...] = ()
    starts: tuple[tuple[int, int], ...] = ()
    given: tuple[frozenset[str], ...] = ()
