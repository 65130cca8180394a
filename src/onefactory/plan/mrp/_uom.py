"""Unit conversions for MRP: exact factors from the members' tables.

'EA', 'PCS', 'PC', 'EACH' and '개' all name one piece; any other pair of different
units needs a conversion in the table of one of the members involved.
"""

from __future__ import annotations

from decimal import Decimal

from onefactory.model import InvalidData, UomTable

from .exact import plain

PIECES = frozenset({"EA", "PCS", "PC", "EACH", "PIECE", "개"})


def same_unit(a: str, b: str) -> bool:
    """Whether two unit names mean the same unit."""
    return a == b or (a.upper() in PIECES and b.upper() in PIECES)


def factor(tables: dict[str, UomTable], members: tuple[str, ...], from_uom: str, to_uom: str, what: str) -> Decimal:
    """``q from_uom == q * factor to_uom``, from the first member table that knows it."""
    if same_unit(from_uom, to_uom):
        return Decimal(1)
    for member in members:
        table = tables.get(member)
        if table is None:
            continue
        try:
            return table.factor(from_uom, to_uom)
        except InvalidData:
            continue
    raise InvalidData(f"{what}: no conversion from {from_uom!r} to {to_uom!r}", field="uom")


def convert(
    tables: dict[str, UomTable], members: tuple[str, ...], qty: Decimal, from_uom: str, to_uom: str, what: str
) -> Decimal:
    """``qty`` in ``to_uom``, exactly."""
    per = factor(tables, members, from_uom, to_uom, what)
    return qty if per == 1 else plain(qty * per)
